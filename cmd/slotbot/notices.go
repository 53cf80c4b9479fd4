package main

import (
	"context"
	"log/slog"

	"github.com/slotbot/slotbot/adapters/ical"
	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/core"
)

// notices is the background work that reaches people: the dispatcher
// sending the outbox through the chats, and the scheduler's periodic jobs
// (holds, completions, pass expiry, agendas), both on the real clock.
type notices struct {
	dispatcher *scheduler.Dispatcher
	scheduler  *scheduler.Scheduler
	// idle: no chat to send through, so the outbox is left alone rather
	// than every notice failed for want of a sender.
	idle bool
}

// startNotices builds the dispatcher for senders and the scheduler, and
// makes every committed notice wake the dispatcher. ordered sends one
// notice at a time, in the outbox's order, as the terminal chat prints
// them.
func (a *app) startNotices(senders []scheduler.Sender, ordered bool, log *slog.Logger) *notices {
	opts := a.notices
	opts.Logger = log
	if ordered {
		opts.InFlight = 1
	}
	d := scheduler.NewDispatcher(a.svc, a.bot, senders, opts)
	a.wake = d.Wake
	if len(senders) == 0 {
		log.Warn("slotbot: no chat to send notices through; they wait in the outbox")
	}
	return &notices{dispatcher: d, idle: len(senders) == 0,
		scheduler: scheduler.NewScheduler(a.svc, scheduler.SchedulerOptions{Owner: d.Owner(), Wake: d.Wake, Logger: log,
			Calendars: a.calendars})}
}

// drain sends what is due now; nil notices send nothing.
func (n *notices) drain(ctx context.Context) (int, error) {
	if n == nil || n.idle {
		return 0, nil
	}
	return n.dispatcher.DrainOnce(ctx)
}

// jobs are the dispatcher's loop and the scheduler's cron, for a group.
func (n *notices) jobs() []job {
	jobs := []job{{name: "scheduler", run: func(ctx context.Context) error {
		if err := n.scheduler.Start(); err != nil {
			return err
		}
		<-ctx.Done()
		n.scheduler.Stop()
		return nil
	}}}
	if !n.idle {
		jobs = append(jobs, job{name: "dispatcher", run: n.dispatcher.Run})
	}
	return jobs
}

// coachCalendars is the service of coaches' own calendars, reading
// addresses with the safe fetcher's defaults (public addresses only, 10
// MiB, 10 s, 3 redirects). loopback lets it read 127.0.0.1 and ::1 too:
// only the terminal chat sets it, from SLOTBOT_TEST_CALENDAR_LOOPBACK, to
// walk the screens against a calendar served on this machine; serve
// never reads that variable.
func coachCalendars(svc *core.Service, loopback bool) *core.Calendars {
	return core.NewCalendars(svc, ical.Source{Fetcher: ical.NewFetcher(ical.FetchOptions{AllowLoopback: loopback})})
}
