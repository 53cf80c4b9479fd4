package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/slotbot/slotbot/adapters/postgres"
	"github.com/slotbot/slotbot/adapters/sqlite"
	"github.com/slotbot/slotbot/core"
)

// defaultDatabaseURL is the embedded store used when DATABASE_URL is unset.
const defaultDatabaseURL = "sqlite:slotbot.db"

// storeTarget says which store a DATABASE_URL names: ("postgres", dsn) or
// ("sqlite", path).
func storeTarget(url string) (kind, target string, err error) {
	if url == "" {
		url = defaultDatabaseURL
	}
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return "postgres", url, nil
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		if path == "" {
			return "", "", fmt.Errorf("DATABASE_URL %q names no file; use sqlite:PATH", url)
		}
		return "sqlite", path, nil
	}
	return "", "", fmt.Errorf("DATABASE_URL must be postgres://… or sqlite:PATH")
}

// openStore opens and migrates the store DATABASE_URL names and returns a
// description of it safe to print (no password).
func openStore(ctx context.Context, url string) (core.Store, string, error) {
	kind, target, err := storeTarget(url)
	if err != nil {
		return nil, "", err
	}
	if kind == "postgres" {
		st, err := postgres.Open(ctx, target)
		if err != nil {
			return nil, "", err
		}
		releaseMigrationBuffers()
		return st, "PostgreSQL " + redact(target), nil
	}
	st, err := sqlite.Open(ctx, target)
	if err != nil {
		return nil, "", err
	}
	releaseMigrationBuffers()
	return st, "SQLite " + target, nil
}

// releaseMigrationBuffers frees what migrating borrowed: goose's SQL
// parser keeps 4 MB scan buffers in a sync.Pool, which one collection only
// sets aside and the next frees. Until both have run the buffers count as
// live, and the collector lets the heap grow to twice that (about 30 MB
// resident for a bot that keeps 3 MB live) before it looks again.
func releaseMigrationBuffers() {
	runtime.GC()
	debug.FreeOSMemory()
}

// redact hides the password of a postgres URL.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":***" + dsn[at:]
	}
	return dsn
}
