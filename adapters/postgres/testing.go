package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
)

// testDatabase is the database MustOpenTestStore creates its schemas in,
// so tests never touch the server's other databases.
const testDatabase = "slotbot_test"

// defaultTestServer is the server tests use when SLOTBOT_TEST_POSTGRES is
// unset: a local PostgreSQL with trust authentication.
const defaultTestServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// MustOpenTestStore opens a store on a fresh schema of its own in the
// database slotbot_test of the server named by SLOTBOT_TEST_POSTGRES, so
// tests run in parallel; the schema is dropped when tb ends. Without a
// server the test is skipped, or fails when CI is set.
func MustOpenTestStore(tb testing.TB) *Store {
	tb.Helper()
	ctx := context.Background()
	server := cmp.Or(os.Getenv("SLOTBOT_TEST_POSTGRES"), defaultTestServer)

	if err := createtestDatabase(ctx, server); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("PostgreSQL test server: %v", err)
		}
		tb.Skipf("PostgreSQL test server unreachable (set SLOTBOT_TEST_POSTGRES): %v", err)
	}
	testDB, err := withParams(server, map[string]string{"dbname": testDatabase})
	if err != nil {
		tb.Fatal(err)
	}
	admin, err := sql.Open("postgres", testDB)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = admin.Close() })

	schema := fmt.Sprintf("t_%016x", rand.Uint64())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	})

	dsn, err := withParams(testDB, map[string]string{"search_path": schema})
	if err != nil {
		tb.Fatal(err)
	}
	s, err := Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("open test store: %v", err)
	}
	// Many test stores run at once across packages: keep each one's pool
	// small so the server's max_connections (100 by default) holds.
	s.db.SetMaxOpenConns(8)
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close test store: %v", err)
		}
	})
	return s
}

// createtestDatabase creates testDatabase on server unless it exists.
func createtestDatabase(ctx context.Context, server string) error {
	db, err := sql.Open("postgres", server)
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`,
		testDatabase).Scan(&exists)
	if err != nil || exists {
		return err
	}
	_, err = db.ExecContext(ctx, `CREATE DATABASE `+testDatabase)
	// Parallel tests race to create it; losing that race is fine.
	var e *pq.Error
	if errors.As(err, &e) && (e.Code == pqerror.DuplicateDatabase || e.Code == pqerror.UniqueViolation) {
		return nil
	}
	return err
}

// MustOpenTestReplica opens a second store on the schema of s, as another
// replica of the same studio would; it is closed when tb ends.
func MustOpenTestReplica(tb testing.TB, s *Store) *Store {
	tb.Helper()
	r, err := Open(context.Background(), s.dsn)
	if err != nil {
		tb.Fatalf("open replica: %v", err)
	}
	r.db.SetMaxOpenConns(8)
	tb.Cleanup(func() {
		if err := r.Close(); err != nil {
			tb.Errorf("close replica: %v", err)
		}
	})
	return r
}
