package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/slotbot/slotbot/core"
	_ "modernc.org/sqlite"
)

// errBusy stands for a driver's "try again" error.
var errBusy = errors.New("busy")

// openRetryStore is a store on a bare SQLite file whose dialect retries
// errBusy; the retry loop needs no schema.
func openRetryStore(t *testing.T) *Store {
	t.Helper()
	db, err := sqlx.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "retry.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := New(db, db, Dialect{
		Name:      "test",
		Error:     func(error) *core.Error { return nil },
		Retryable: func(err error) bool { return errors.Is(err, errBusy) },
	})
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestUpdateRetries(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s := openRetryStore(t)
		calls := 0
		err := s.Update(context.Background(), func(core.Tx) error {
			if calls++; calls < 3 {
				return errBusy
			}
			return nil
		})
		if err != nil || calls != 3 {
			t.Fatalf("err %v after %d calls, want nil after 3", err, calls)
		}
	})
	t.Run("ErrGivesUp", func(t *testing.T) {
		s := openRetryStore(t)
		calls := 0
		err := s.Update(context.Background(), func(core.Tx) error { calls++; return errBusy })
		if calls != maxAttempts || core.ErrorCode(err) != core.EUNAVAILABLE || !errors.Is(err, errBusy) {
			t.Fatalf("err %v (code %s) after %d calls, want %s wrapping errBusy after %d",
				err, core.ErrorCode(err), calls, core.EUNAVAILABLE, maxAttempts)
		}
	})
	t.Run("ErrNotRetryable", func(t *testing.T) {
		s := openRetryStore(t)
		calls := 0
		want := core.NewError(core.EINVALID, "err.store.not_allowed", "no")
		err := s.Update(context.Background(), func(core.Tx) error { calls++; return want })
		if err != want || calls != 1 {
			t.Fatalf("err %v after %d calls, want fn's error after 1", err, calls)
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		s := openRetryStore(t)
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		err := s.Update(ctx, func(core.Tx) error { calls++; cancel(); return errBusy })
		if calls != 1 || !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v after %d calls, want context.Canceled after 1", err, calls)
		}
	})
}
