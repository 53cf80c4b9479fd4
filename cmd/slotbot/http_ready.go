package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/migrations"
)

// checkTimeout bounds each readiness check, so a hanging database turns
// /readyz red instead of hanging the probe.
const checkTimeout = 2 * time.Second

// Readiness is what a component tells /readyz: nil when it can do its
// work now, else why not, in a few words a person on call understands.
type Readiness interface {
	Ready(ctx context.Context) error
}

// readyFunc adapts a function to Readiness.
type readyFunc func(ctx context.Context) error

// Ready calls f.
func (f readyFunc) Ready(ctx context.Context) error { return f(ctx) }

// check is one named line of /readyz.
type check struct {
	name string
	r    Readiness
}

// readiness answers /readyz from its checks, run concurrently: 200 when
// all pass, else 503; one "name: ok" or "name: why" line each. A check
// turning red or green is logged once, not at every probe.
type readiness struct {
	checks []check
	log    *slog.Logger
	mu     sync.Mutex
	failed map[string]bool
}

// newReadiness builds the /readyz handler's state.
func newReadiness(log *slog.Logger, checks ...check) *readiness {
	return &readiness{checks: checks, log: log, failed: map[string]bool{}}
}

// add appends checks, for components built later.
func (r *readiness) add(checks ...check) { r.checks = append(r.checks, checks...) }

// ServeHTTP runs the checks and reports them.
func (r *readiness) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	errs := make([]error, len(r.checks))
	var wg sync.WaitGroup
	for i, c := range r.checks {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(req.Context(), checkTimeout)
			defer cancel()
			errs[i] = c.r.Ready(ctx)
		})
	}
	wg.Wait()
	var b strings.Builder
	status := http.StatusOK
	for i, c := range r.checks {
		r.note(c.name, errs[i])
		if errs[i] != nil {
			status = http.StatusServiceUnavailable
			fmt.Fprintf(&b, "%s: %s\n", c.name, errs[i])
		} else {
			fmt.Fprintf(&b, "%s: ok\n", c.name)
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

// note logs a check's change of state.
func (r *readiness) note(name string, err error) {
	r.mu.Lock()
	was := r.failed[name]
	r.failed[name] = err != nil
	r.mu.Unlock()
	switch {
	case err != nil && !was:
		r.log.Warn("slotbot: not ready", "check", name, "err", err)
	case err == nil && was:
		r.log.Info("slotbot: ready again", "check", name)
	}
}

// databaseReady pings the store with the cheapest transaction, through
// a probe that never waits past its context (see probe).
func databaseReady(svc *core.Service) Readiness {
	return newProbe(func(ctx context.Context) error {
		if err := svc.Outbox.Ping(ctx); err != nil {
			if core.ErrorCode(err) == core.EUNAVAILABLE || errors.Is(err, context.DeadlineExceeded) {
				return errors.New("unreachable")
			}
			return errors.New("not answering")
		}
		return nil
	}, "unreachable (not answering)")
}

// probe runs a check that may hang beyond its context — a database
// that accepts connections and never answers holds a driver call until
// the connection's own read deadline, since cancelling the query waits
// for that same server — beside the caller: Ready waits for it no
// longer than its context, answers late with the probe's own words
// (slow), and while a run is out no other starts; the next Ready after
// it ends starts afresh.
type probe struct {
	check func(ctx context.Context) error
	slow  string
	mu    sync.Mutex
	run   chan struct{} // closed when the run out ends; nil: none out
	err   error         // the last run's result, once run is closed
}

// newProbe wraps check; slow is what Ready says when it gives up waiting.
func newProbe(check func(ctx context.Context) error, slow string) *probe {
	return &probe{check: check, slow: slow}
}

// probeTimeout bounds one run of a probe's check, which its caller may
// have stopped waiting for long before.
const probeTimeout = 30 * time.Second

// Ready joins the run out, or starts one, and waits for it within ctx.
func (p *probe) Ready(ctx context.Context) error {
	p.mu.Lock()
	run := p.run
	if run == nil {
		run = make(chan struct{})
		p.run = run
		go func() {
			cctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
			defer cancel()
			err := p.check(cctx)
			p.mu.Lock()
			p.err, p.run = err, nil
			p.mu.Unlock()
			close(run)
		}()
	}
	p.mu.Unlock()
	select {
	case <-run:
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.err
	case <-ctx.Done():
		return errors.New(p.slow)
	}
}

// versioned is a store that reports its schema version.
type versioned interface {
	CurrentVersion(ctx context.Context) (int64, error)
}

// migrationsReady checks that the schema is at least at the newest
// migration this binary embeds for dialect ("postgres" or "sqlite"). Once
// true it stays true: a schema does not go back while we run (a newer
// replica may move it ahead, which this one does not mind).
func migrationsReady(st any, dialect string) Readiness {
	want, err := latestMigration(dialect)
	v, ok := st.(versioned)
	var current atomic.Bool
	read := newProbe(func(ctx context.Context) error {
		got, verr := v.CurrentVersion(ctx)
		if verr != nil {
			return errors.New("schema version unreadable")
		}
		if got < want {
			return fmt.Errorf("schema at version %d, this binary needs %d: run slotbot migrate", got, want)
		}
		current.Store(true)
		return nil
	}, "schema version unreadable (not answering)")
	return readyFunc(func(ctx context.Context) error {
		switch {
		case err != nil:
			return err
		case !ok:
			return nil // a store that cannot tell; nothing to check
		case current.Load():
			return nil
		}
		return read.Ready(ctx)
	})
}

// latestMigration is the highest version among the embedded migration
// files of dialect ("00011_x.sql" is 11).
func latestMigration(dialect string) (int64, error) {
	fsys := migrations.SQLite
	if dialect == "postgres" {
		fsys = migrations.Postgres
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, n := range names {
		prefix, _, _ := strings.Cut(n, "_")
		if v, err := strconv.ParseInt(prefix, 10, 64); err == nil && v > latest {
			latest = v
		}
	}
	if latest == 0 {
		return 0, errors.New("no migrations embedded")
	}
	return latest, nil
}
