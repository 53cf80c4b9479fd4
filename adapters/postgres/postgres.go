// Package postgres is Slotbot's store on PostgreSQL, the production
// database: the shared SQL of package sqlstore over lib/pq, with row locks
// for seat counting and the schema migrated at open.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/slotbot/slotbot/adapters/sqlstore"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/migrations"
)

// maxConns bounds the pool: the update workers (16), the claims, the
// notice sender and the jobs, with a few to spare. Every server process
// costs its fork, its catalog caches and each statement prepared and
// planned again, 60-80 ms of the server's CPU before it does any work:
// with 32, a rush of 200 opened 35-43 on its database, and with 20 it
// opened 24-30 and the server spent a quarter less CPU. All of them may
// stay open idle (for a minute): see Open.
const maxConns = 20

// Store is core.Store on PostgreSQL.
type Store struct {
	*sqlstore.Store
	db     *sqlx.DB
	dsn    string
	listen *cacheListener // other replicas' writes to the cached catalog
}

var _ core.Store = (*Store)(nil)

// Open connects to the database at dsn (a URL or key=value string that
// lib/pq understands), migrates its schema to the latest version and
// returns the store. Close releases it.
//
// The pool's connections get the timeouts of conn.go (connect, statement,
// keepalives, a deadline on reads) unless dsn sets its own; the
// migrations run first on a connection without the statement timeout.
func Open(ctx context.Context, dsn string) (*Store, error) {
	mc, err := connector(dsn, true)
	if err != nil {
		return nil, err
	}
	mdb := sqlx.NewDb(sql.OpenDB(mc), "postgres")
	if err := mdb.PingContext(ctx); err != nil {
		_ = mdb.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	err = migrate(ctx, mdb)
	_ = mdb.Close()
	if err != nil {
		return nil, err
	}
	c, err := connector(dsn, false)
	if err != nil {
		return nil, err
	}
	db := sqlx.NewDb(sql.OpenDB(c), "postgres")
	// Every connection the pool opens keeps its prepared statements, and
	// a rush keeps the update workers (16), the claims, the notices and
	// the background preparations busy at once, often more than 16:
	// with 16 kept idle (of 32), a rush of 200 had 61–68 server
	// processes on its database against 42–47 with all kept, each new
	// one forked, its catalog caches filled and its statements prepared
	// again, on a machine the rush keeps busy. Every connection opened
	// may stay idle, for a minute: a replica at rest still holds few of
	// the server's connections.
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(time.Minute)
	var schema string
	if err := db.GetContext(ctx, &schema, `SELECT current_schema()`); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("postgres: current schema: %w", err)
	}
	st := sqlstore.New(db, db, dialect())
	return &Store{Store: st, db: db, dsn: dsn, listen: listenForCache(dsn, schema, st)}, nil
}

// SetMaxConns bounds the pool at n connections (maxConns by default): many
// stores on one small server, as parallel tests open, must stay within
// its max_connections.
func (s *Store) SetMaxConns(n int) {
	s.db.SetMaxOpenConns(n)
	s.db.SetMaxIdleConns(n)
}

// Close stops listening for other replicas' writes and closes the pool.
func (s *Store) Close() error {
	s.listen.close(s.Store)
	return s.Store.Close()
}

// CurrentVersion reports the schema version the database is at, for a
// start-up log line and health checks.
func (s *Store) CurrentVersion(ctx context.Context) (int64, error) {
	p, err := provider(ctx, s.db)
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	return v, nil
}

// migrate applies the pending migrations of migrations.Postgres.
func migrate(ctx context.Context, db *sqlx.DB) error {
	p, err := provider(ctx, db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// provider is a goose provider for the schema db's search_path points at.
// Two processes migrating the same schema take turns on an advisory lock
// named after it; different schemas (parallel tests) do not wait for each
// other.
func provider(ctx context.Context, db *sqlx.DB) (*goose.Provider, error) {
	var schema string
	if err := db.GetContext(ctx, &schema, `SELECT current_schema()`); err != nil {
		return nil, fmt.Errorf("postgres: current schema: %w", err)
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte("slotbot migrations " + schema))
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64() >> 1)))
	if err != nil {
		return nil, fmt.Errorf("postgres: migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db.DB, migrations.Postgres,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	return p, nil
}

// dialect tells the shared store how PostgreSQL locks and fails.
func dialect() sqlstore.Dialect {
	return sqlstore.Dialect{
		Name:           "postgres",
		Lock:           " FOR UPDATE",
		Error:          mapError,
		Retryable:      retryable,
		JoinStatements: true,
		SharedBudgets:  true,
		Replicas:       true,
		UnixSeconds:    func(c string) string { return "CAST(EXTRACT(EPOCH FROM " + c + ") AS BIGINT)" },
	}
}

// mapError maps constraint violations, by SQLSTATE, to core errors.
func mapError(err error) *core.Error {
	var e *pq.Error
	if !errors.As(err, &e) {
		return nil
	}
	switch e.Code {
	case pqerror.UniqueViolation:
		return sqlstore.UniqueViolation(e.Constraint)
	case pqerror.CheckViolation:
		return sqlstore.CheckViolation(e.Constraint)
	case pqerror.ForeignKeyViolation:
		return sqlstore.ForeignKeyViolation(e.Constraint)
	}
	return nil
}

// retryable reports a serialisation failure or a deadlock: the
// transaction lost a race and may win the next one.
func retryable(err error) bool {
	var e *pq.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code == pqerror.TRSerializationFailure || e.Code == pqerror.TRDeadlockDetected
}

// WithParams sets connection parameters on a URL or key=value DSN: the
// database (dbname), a search_path to keep a studio (or a test) in a
// schema of its own, a timeout.
func WithParams(dsn string, params map[string]string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			// url's error repeats the URL, password included: say less.
			return "", fmt.Errorf("postgres: the database URL does not parse as a URL")
		}
		q := u.Query()
		for k, v := range params {
			if k == "dbname" {
				u.Path = "/" + v
				continue
			}
			q.Set(k, v)
		}
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	for k, v := range params {
		dsn += " " + k + "=" + v
	}
	return dsn, nil
}
