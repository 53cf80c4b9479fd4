// Package pgtest opens PostgreSQL stores for tests, each on a schema of
// its own. It lives apart from adapters/postgres so that the shipped
// binary, which imports that, does not link the testing package.
package pgtest

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
	"github.com/slotbot/slotbot/adapters/postgres"
)

// Database is the database the tests' schemas are created in, so tests
// never touch the server's other databases.
const Database = "slotbot_test"

// defaultServer is the server tests use when SLOTBOT_TEST_POSTGRES is
// unset: a local PostgreSQL with trust authentication.
const defaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// maxConns bounds each test store's pool: many run at once across
// packages, and the server's max_connections (100 by default) must hold.
const maxConns = 8

// Server is the URL of the test server: SLOTBOT_TEST_POSTGRES, or a
// local PostgreSQL with trust authentication.
func Server() string {
	return cmp.Or(os.Getenv("SLOTBOT_TEST_POSTGRES"), defaultServer)
}

// TestDatabase creates Database on the test server unless it exists, and
// returns its URL. Without a server the test is skipped, or fails when
// CI is set.
func TestDatabase(tb testing.TB) string {
	tb.Helper()
	server := Server()
	if err := createDatabase(context.Background(), server); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("PostgreSQL test server: %v", err)
		}
		tb.Skipf("PostgreSQL test server unreachable (set SLOTBOT_TEST_POSTGRES): %v", err)
	}
	dsn, err := postgres.WithParams(server, map[string]string{"dbname": Database})
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// DSN creates a fresh schema in Database, dropped when tb ends, and
// returns the address of a connection to it: stores opened on it (Open,
// OpenDSN) are the replicas of one studio.
func DSN(tb testing.TB) string {
	tb.Helper()
	testDB := TestDatabase(tb)
	admin, err := sql.Open("postgres", testDB)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = admin.Close() })
	schema := fmt.Sprintf("t_%016x", rand.Uint64())
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	})
	dsn, err := postgres.WithParams(testDB, map[string]string{"search_path": schema})
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// Open opens a store on a fresh schema of its own (DSN), so tests run in
// parallel; it is closed, and the schema dropped, when tb ends.
func Open(tb testing.TB) *postgres.Store {
	tb.Helper()
	return OpenDSN(tb, DSN(tb))
}

// OpenDSN opens a store on dsn, closed when tb ends: a second one on the
// same DSN is another replica of the same studio.
func OpenDSN(tb testing.TB, dsn string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open test store: %v", err)
	}
	s.SetMaxConns(maxConns)
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close test store: %v", err)
		}
	})
	return s
}

// createDatabase creates Database on server unless it exists.
func createDatabase(ctx context.Context, server string) error {
	db, err := sql.Open("postgres", server)
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, Database).Scan(&exists)
	if err != nil || exists {
		return err
	}
	_, err = db.ExecContext(ctx, `CREATE DATABASE `+Database)
	// Parallel tests race to create it; losing that race is fine.
	var e *pq.Error
	if errors.As(err, &e) && (e.Code == pqerror.DuplicateDatabase || e.Code == pqerror.UniqueViolation) {
		return nil
	}
	return err
}
