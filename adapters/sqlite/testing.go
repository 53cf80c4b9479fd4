package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// MustOpenTestStore opens a store on a new file in tb's temporary
// directory, closed when tb ends, so each test has a database of its own.
func MustOpenTestStore(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), filepath.Join(tb.TempDir(), "slotbot.db"))
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
