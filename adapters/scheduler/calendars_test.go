package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/core"
)

// countingSource answers every read with one busy hour tomorrow and
// counts the reads.
type countingSource struct{ reads atomic.Int64 }

func (s *countingSource) Fetch(_ context.Context, f core.CalendarFetch) (*core.CalendarCopy, error) {
	s.reads.Add(1)
	start := f.From.Add(48 * time.Hour).Truncate(time.Hour)
	return &core.CalendarCopy{Busy: []core.Interval{{Start: start, End: start.Add(time.Hour)}}}, nil
}

// With the calendars service given, the scheduler reads every coach's
// calendars every 10 minutes, on the replica that holds the lease.
func TestJobReadsCalendars(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	src := &countingSource{}
	cals := core.NewCalendars(w.svc, src)
	_, err := cals.Connect(w.ctx, w.demo.Coach.ID, "https://calendar.example/ana.ics", "Personal")
	w.must(err)
	s := scheduler.NewScheduler(w.svc, scheduler.SchedulerOptions{Owner: "a", Calendars: cals})
	specs := map[string]string{}
	for _, j := range s.Jobs() {
		specs[j.Name] = j.Spec
	}
	if specs["calendars"] != "@every 10m" {
		t.Fatalf("jobs %v", specs)
	}
	if _, err := s.RunJob(w.ctx, "calendars"); err != nil {
		t.Fatal(err)
	}
	other := scheduler.NewScheduler(w.svc, scheduler.SchedulerOptions{Owner: "b", Calendars: cals})
	if _, err := other.RunJob(w.ctx, "calendars"); err != nil {
		t.Fatal(err)
	}
	if got := src.reads.Load(); got != 2 { // the connection's read, then one job run: b had no lease
		t.Fatalf("%d reads", got)
	}
	none := scheduler.NewScheduler(w.svc, scheduler.SchedulerOptions{})
	for _, j := range none.Jobs() {
		if j.Name == "calendars" {
			t.Fatal("a calendars job without the service")
		}
	}
}
