package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"runtime/metrics"
	"testing"
)

// The pools' connections are wrapped, and a context that ended still
// stops what has not started: a transaction's next statement, a prepared
// statement, a new transaction.
func TestQuietKeepsCancellation(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "quiet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	conn, err := s.writer.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Raw(func(dc any) error {
		if _, ok := dc.(quietConn); !ok {
			t.Errorf("the writer's connection is %T, want quietConn: the driver lost a method quiet forwards", dc)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close()

	ctx, cancel := context.WithCancel(context.Background())
	tx, err := s.writer.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT 1`); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := tx.ExecContext(ctx, `SELECT 1`); !errors.Is(err, context.Canceled) {
		t.Errorf("a statement after the context ended: %v, want context.Canceled", err)
	}
	_ = tx.Rollback()

	st, err := s.writer.PreparexContext(context.Background(), `SELECT 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	var one int
	if err := st.QueryRowContext(context.Background()).Scan(&one); err != nil || one != 1 {
		t.Fatalf("a prepared statement: %d, %v", one, err)
	}
	if err := st.QueryRowContext(ctx).Scan(&one); !errors.Is(err, context.Canceled) {
		t.Errorf("a prepared statement after the context ended: %v, want context.Canceled", err)
	}
	if _, err := s.writer.BeginTxx(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a transaction after the context ended: %v, want context.Canceled", err)
	}
}

// What quiet is for: statements run with a context that can end, in a
// transaction and prepared, start no goroutine each to watch it (the
// driver would start one per statement, and per BEGIN and COMMIT).
// Executions only: database/sql itself starts one for each result set
// read in a transaction, which quiet cannot spare.
func TestQuietStartsNoGoroutinePerStatement(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "quiet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := s.writer.PreparexContext(ctx, `SELECT 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	const statements = 200
	before := goroutinesCreated(t)
	tx, err := s.writer.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range statements / 2 {
		if _, err := tx.ExecContext(ctx, `SELECT 1`); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.StmtxContext(ctx, st).ExecContext(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// database/sql starts one for the transaction; a few more may be
	// the test binary's own.
	if n := goroutinesCreated(t) - before; n > 20 {
		t.Errorf("%d statements started %d goroutines, want at most 20", statements, n)
	}
}

// goroutinesCreated is how many goroutines this process has started.
func goroutinesCreated(t *testing.T) uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		t.Skip("this Go does not count the goroutines it starts")
	}
	return s[0].Value.Uint64()
}
