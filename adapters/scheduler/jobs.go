package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/slotbot/slotbot/core"
)

// Job is one periodic task: a core service that runs one transaction with
// the service's clock and reports how many things it changed.
type Job struct {
	Name string // also the name of its lease
	Spec string // when it runs, in cron syntax ("@every 30s")
	Run  func(ctx context.Context) (int, error)
}

// SchedulerOptions tunes a Scheduler; zero fields take the defaults.
type SchedulerOptions struct {
	// Owner names this replica in job leases; default host-pid-random.
	// Giving the dispatcher's Owner keeps the logs readable.
	Owner string
	// Wake is called after a job changed something, since that usually
	// wrote notices; pass the dispatcher's Wake. Nil: nothing is called.
	Wake func()
	// Specs overrides job schedules by job name.
	Specs map[string]string
	// Logger logs failed jobs; nil: discard.
	Logger *slog.Logger
	// Calendars, when set, reads every coach's own calendars again every
	// 10 minutes (job "calendars"); nil: no such job.
	Calendars *core.Calendars
}

// Scheduler runs the periodic jobs on a cron. Every replica may run one:
// each tick of a job runs on the replica holding the job's lease.
type Scheduler struct {
	svc    *core.Service
	opts   SchedulerOptions
	jobs   []Job
	log    *slog.Logger
	mu     sync.Mutex
	cron   *cron.Cron
	cancel context.CancelFunc
}

// NewScheduler prepares the jobs: holds (every 30 s: unanswered offers
// expire, unpaid holds are released, their seats go to the next in line), complete_sessions (every minute: sessions past their end are
// completed), pass_expiry (every 10 minutes: warnings 7 days and 1 day
// before), agenda (every minute: each coach's digest from 07:00 local),
// retention (daily: old update ids, notices, events and codes pruned),
// and, with Calendars set, calendars (every 10 minutes: coaches' own
// calendars read again).
// Start runs them.
func NewScheduler(svc *core.Service, opts SchedulerOptions) *Scheduler {
	if opts.Owner == "" {
		opts.Owner = defaultOwner()
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{svc: svc, opts: opts, log: log}
	s.jobs = []Job{
		{Name: "holds", Spec: "@every 30s", Run: func(ctx context.Context) (int, error) {
			// Offers first, so a lapsed offer is told as such rather than
			// as an unpaid hold.
			n, err := svc.Bookings.ExpireOffers(ctx)
			if err != nil {
				return n, err
			}
			m, err := svc.Payments.ReleaseExpiredHolds(ctx)
			return n + m, err
		}},
		{Name: "complete_sessions", Spec: "@every 1m", Run: svc.Bookings.CompleteDueSessions},
		{Name: "pass_expiry", Spec: "@every 10m", Run: svc.Outbox.WarnExpiringPasses},
		{Name: "agenda", Spec: "@every 1m", Run: svc.Outbox.SendAgendas},
		{Name: "retention", Spec: "@daily", Run: svc.Outbox.PruneAll}, // core/retention.go
	}
	if opts.Calendars != nil {
		// Each read waits on someone else's server (10 s at most), a few
		// at a time: core/calendar_sync.go.
		s.jobs = append(s.jobs, Job{Name: "calendars", Spec: "@every 10m", Run: opts.Calendars.Refresh})
	}
	for i, j := range s.jobs {
		if spec, ok := opts.Specs[j.Name]; ok {
			s.jobs[i].Spec = spec
		}
	}
	return s
}

// Jobs lists the jobs and their schedules.
func (s *Scheduler) Jobs() []Job { return append([]Job(nil), s.jobs...) }

// Start runs the jobs on their schedules until Stop. Errors: a bad spec.
func (s *Scheduler) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cron != nil {
		return nil
	}
	logger := cronLogger{s.log}
	c := cron.New(cron.WithLogger(logger), cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	ctx, cancel := context.WithCancel(context.Background())
	for _, j := range s.jobs {
		sched, err := cron.ParseStandard(j.Spec)
		if err != nil {
			cancel()
			return fmt.Errorf("scheduler: job %s: %w", j.Name, err)
		}
		c.Schedule(sched, cron.FuncJob(func() {
			now := time.Now()
			lease := max(sched.Next(now).Sub(now)-time.Second, time.Second)
			if _, err := s.run(ctx, j, lease); err != nil && ctx.Err() == nil {
				s.log.Error("scheduler: job failed", "job", j.Name, "err", err)
			}
		}))
	}
	s.cron, s.cancel = c, cancel
	c.Start()
	return nil
}

// Stop stops the schedule and waits for running jobs, whose context is
// cancelled.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	c, cancel := s.cron, s.cancel
	s.cron, s.cancel = nil, nil
	s.mu.Unlock()
	if c == nil {
		return
	}
	done := c.Stop()
	cancel()
	<-done.Done()
}

// RunJob runs one job now, if this replica gets its lease, and returns
// what it changed. Errors: an unknown job, or the job's own.
func (s *Scheduler) RunJob(ctx context.Context, name string) (int, error) {
	for _, j := range s.jobs {
		if j.Name == name {
			return s.run(ctx, j, 30*time.Second)
		}
	}
	return 0, fmt.Errorf("scheduler: no job %q", name)
}

// RunAll runs every job once, in order, as tests and the terminal chat do
// with their own clock; it returns what each changed.
func (s *Scheduler) RunAll(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, j := range s.jobs {
		n, err := s.run(ctx, j, 30*time.Second)
		if err != nil {
			return out, err
		}
		out[j.Name] = n
	}
	return out, nil
}

// run takes the job's lease and runs it, waking the dispatcher when it
// changed something.
func (s *Scheduler) run(ctx context.Context, j Job, lease time.Duration) (int, error) {
	ok, err := s.svc.Outbox.ClaimJob(ctx, j.Name, s.opts.Owner, lease)
	if err != nil || !ok {
		return 0, err
	}
	n, err := j.Run(ctx)
	if err != nil {
		return n, fmt.Errorf("scheduler: job %s: %w", j.Name, err)
	}
	if n > 0 {
		s.log.Info("scheduler: job done", "job", j.Name, "changed", n)
		if s.opts.Wake != nil {
			s.opts.Wake()
		}
	}
	return n, nil
}

// cronLogger speaks cron's logger interface through slog.
type cronLogger struct{ log *slog.Logger }

// Info logs cron's routine messages at debug level.
func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

// Error logs cron's failures (a panicking job).
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
