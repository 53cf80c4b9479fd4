// Package sqlitetest opens SQLite stores for tests. It lives apart from
// adapters/sqlite so that the shipped binary, which imports that, does
// not link the testing package.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/slotbot/slotbot/adapters/sqlite"
)

// Open opens a store on a new file in tb's temporary directory, closed
// when tb ends, so each test has a database of its own.
func Open(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "slotbot.db"))
	if err != nil {
		tb.Fatalf("open test store: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close test store: %v", err)
		}
	})
	return s
}
