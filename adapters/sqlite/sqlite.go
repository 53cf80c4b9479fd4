// Package sqlite is Slotbot's store on an SQLite file, for a coach who runs
// the bot on a small machine: the shared SQL of package sqlstore over
// modernc.org/sqlite (pure Go), one writer at a time and readers beside it.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"
	"github.com/slotbot/slotbot/adapters/sqlstore"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/migrations"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Store is core.Store on an SQLite file.
type Store struct {
	*sqlstore.Store
	writer *sqlx.DB
}

var _ core.Store = (*Store)(nil)

// readers is how many read-only connections serve View at once; WAL lets
// them read while the writer writes. Two, not more: each connection holds
// its own SQLite state (schema, page cache, statements), and on the 2 vCPU
// a coach runs on, more readers cost memory without reading faster.
const readers = 2

// Open opens (creating if needed) the database file at path, migrates its
// schema to the latest version and returns the store. Close releases it.
// path must name a file: the writer and the readers each open it, so
// ":memory:" would give them different databases.
//
// Writes go through a single connection whose transactions begin
// IMMEDIATE, so writers queue in the pool instead of failing with
// SQLITE_BUSY, and a transaction that reads a session or pass before
// changing it cannot be overtaken. Reads use a small read-only pool.
func Open(ctx context.Context, path string) (*Store, error) {
	writer, err := open(dsn(path, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxIdleTime(0)
	writer.SetConnMaxLifetime(0)
	if err := migrate(ctx, writer); err != nil {
		_ = writer.Close()
		return nil, err
	}

	reader, err := open(dsn(path, "deferred") + "&_pragma=query_only(1)")
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	if err := reader.PingContext(ctx); err != nil {
		_ = reader.Close()
		_ = writer.Close()
		return nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	return &Store{Store: sqlstore.New(writer, reader, dialect()), writer: writer}, nil
}

// open is a pool of connections to dsn whose statements the driver does
// not watch and interrupt (quiet): a wait for a lock is bounded by the
// busy timeout instead.
func open(dsn string) (*sqlx.DB, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sqlx.NewDb(sql.OpenDB(quiet(c)), "sqlite"), nil
}

// dsn is the modernc.org/sqlite data source for path: WAL, a generous
// busy timeout, foreign keys on, and times written in SQLite's own UTC
// text format so they sort and compare as text.
func dsn(path, txlock string) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + escaped + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite&_txlock=" + txlock
}

// CurrentVersion reports the schema version the database is at, for a
// start-up log line and health checks.
func (s *Store) CurrentVersion(ctx context.Context) (int64, error) {
	p, err := provider(s.writer)
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("sqlite: schema version: %w", err)
	}
	return v, nil
}

// migrate applies the pending migrations of migrations.SQLite.
func migrate(ctx context.Context, db *sqlx.DB) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	return nil
}

// provider is a goose provider on the writer, whose single connection
// already keeps two migrations of one process apart.
func provider(db *sqlx.DB) (*goose.Provider, error) {
	p, err := goose.NewProvider(goose.DialectSQLite3, db.DB, migrations.SQLite,
		goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrations: %w", err)
	}
	return p, nil
}

// dialect tells the shared store how SQLite locks and fails.
func dialect() sqlstore.Dialect {
	return sqlstore.Dialect{
		Name:      "sqlite",
		Lock:      "", // BEGIN IMMEDIATE on the one writer already serialises writes
		Error:     mapError,
		Retryable: retryable,
		// Times are stored as text SQLite's date functions read
		// (_time_format=sqlite).
		UnixSeconds: func(c string) string { return "unixepoch(" + c + ")" },
	}
}

// mapError maps constraint violations, by extended result code, to core
// errors.
func mapError(err error) *core.Error {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return nil
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return sqlstore.UniqueViolation(e.Error())
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return sqlstore.CheckViolation(e.Error())
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.ForeignKeyViolation(e.Error())
	}
	return nil
}

// retryable reports a busy or locked database: another process held the
// file longer than the busy timeout.
func retryable(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	primary := e.Code() & 0xff
	return primary == sqlite3.SQLITE_BUSY || primary == sqlite3.SQLITE_LOCKED
}
