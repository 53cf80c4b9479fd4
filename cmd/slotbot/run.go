package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// app is one running Slotbot, shared by the terminal chat and serve: the
// store, the domain on the real clock, and the bot.
type app struct {
	store core.Store
	where string // the store, described safely for printing
	dir   string // the SQLite file's directory, where local files go; "" for PostgreSQL
	svc   *core.Service
	bot   *bot.Bot
	// calendars reads coaches' own calendars, for the bot's screens and
	// the scheduler's calendars job.
	calendars *core.Calendars
	log       *slog.Logger
	wake      func() // called after a commit that wrote a notice; set before any job starts
	// notices are the dispatcher's options (lease, hooks) before its
	// logger; serve sets them from the configuration (wire.go).
	notices scheduler.DispatcherOptions
}

// open opens and migrates the store and builds the domain and the bot.
func (m *Main) open(ctx context.Context, log *slog.Logger) (*app, error) {
	url := m.Getenv("DATABASE_URL")
	kind, target, err := storeTarget(url)
	if err != nil {
		return nil, err
	}
	st, where, err := openStore(ctx, url)
	if err != nil {
		return nil, err
	}
	a := &app{store: st, where: where, log: log}
	if kind == "sqlite" {
		abs, err := filepath.Abs(target)
		if err != nil {
			abs = target
		}
		a.where, a.dir = "SQLite "+abs, filepath.Dir(abs)
	}
	st = scheduler.WakeOnNotice(st, func() {
		if a.wake != nil {
			a.wake()
		}
	})
	a.svc = core.NewService(st, core.ClockFunc(time.Now))
	a.calendars = coachCalendars(a.svc, false)
	a.bot = bot.New(a.svc, bot.Options{Logger: log, Calendars: a.calendars})
	return a, nil
}

// Close releases the store.
func (a *app) Close() error { return a.store.Close() }

// newLogger logs text lines to w at level, snake_case keys by convention.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// job is background work that runs until its context ends.
type job struct {
	name string
	run  func(context.Context) error
}

// group runs jobs until ctx ends or one fails, and is their owner: Wait
// returns only when every job has returned.
type group struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
}

// start runs jobs in a group whose context is derived from ctx; the
// first failure cancels the others.
func start(ctx context.Context, log *slog.Logger, jobs ...job) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	g := &group{cancel: cancel}
	for _, j := range jobs {
		g.wg.Go(func() {
			err := j.run(ctx)
			if err == nil || errors.Is(err, context.Canceled) {
				return
			}
			log.Error("slotbot: job failed", "job", j.name, "err", err)
			g.mu.Lock()
			if g.err == nil {
				g.err = fmt.Errorf("%s: %w", j.name, err)
			}
			g.mu.Unlock()
			cancel()
		})
	}
	return g, ctx
}

// stop cancels the jobs, waits for them, and returns the first failure.
func (g *group) stop() error {
	g.cancel()
	g.wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}
