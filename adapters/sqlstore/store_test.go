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

// An Update's statements run in its transaction, begun at the first of
// them: a failed Update leaves nothing behind. A statement that skipped
// open would run on the pool outside it, so it panics instead.
func TestUpdateBeginsAtItsFirstStatement(t *testing.T) {
	s := openRetryStore(t)
	ctx := context.Background()
	if _, err := s.writer.ExecContext(ctx, `CREATE TABLE kept (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("changed my mind")
	err := s.Update(ctx, func(ctx core.Tx) error {
		tx := ctx.(*tx)
		func() {
			defer func() {
				if recover() == nil {
					t.Error("a statement before open ran instead of panicking")
				}
			}()
			_ = tx.conn()
		}()
		if tx.tx != nil {
			t.Error("the transaction began before any statement")
		}
		if err := tx.open(); err != nil {
			return err
		}
		if _, err := tx.conn().ExecContext(tx.ctx, `INSERT INTO kept (n) VALUES (1)`); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Update: %v, want %v", err, failed)
	}
	var n int
	if err := s.writer.GetContext(ctx, &n, `SELECT count(*) FROM kept`); err != nil || n != 0 {
		t.Errorf("rows after a failed Update: %d (%v), want 0", n, err)
	}
}
