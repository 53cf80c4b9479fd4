package scheduler_test

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
)

// Reminders are due a fixed duration before the start (24 h and 1 h: a
// coach's offsets are durations, like a calendar's "1440 minutes before"),
// stored in UTC, and worded in the reader's zone. Across a DST change the
// 1 h reminder still comes at 09:00 for a 10:00 session, and the 24 h one
// exactly a day of real time earlier — 09:00 the day before when the
// clocks go forward overnight, 11:00 when they go back — and both name
// the session's true local time.
func TestReminderAcrossDST(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		booked     time.Time // when the client books
		start      time.Time // the session, 10:00 local after the change
		at24, at1h string    // local arrival times of the reminders
		says       string    // the start as the reminder words it
	}{
		{"spring forward", time.Date(2026, 3, 26, 12, 0, 0, 0, paris), time.Date(2026, 3, 29, 10, 0, 0, 0, paris),
			"Sat 28 Mar 09:00 CET", "Sun 29 Mar 09:00 CEST", "Sun 29 Mar, 10:00"},
		{"fall back", time.Date(2026, 10, 22, 12, 0, 0, 0, paris), time.Date(2026, 10, 25, 10, 0, 0, 0, paris),
			"Sat 24 Oct 11:00 CEST", "Sun 25 Oct 09:00 CET", "Sun 25 Oct, 10:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, sqlitetest.Open(t), tc.booked)
			maria := w.person("maria", "Maria", "en")
			sess, err := w.svc.Catalog.ScheduleSession(w.ctx, core.ScheduleRequest{CoachID: w.demo.Coach.ID, TypeID: w.demo.Consultation.ID, Start: tc.start})
			w.must(err)
			_, err = w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: maria.Client.ID, SessionID: sess.ID})
			w.must(err)
			w.drain()
			w.expectMsg("maria", "You're booked: Free consultation with Ana Martin, "+tc.says+".")

			for _, r := range []struct{ before, at, in string }{{"24h", tc.at24, "24 h"}, {"1h", tc.at1h, "1 h"}} {
				d, _ := time.ParseDuration(r.before)
				due := tc.start.Add(-d)
				w.clock.Set(due.Add(-time.Minute))
				w.drain()
				w.expectNone("maria")
				w.clock.Set(due)
				w.drain()
				w.expectMsg("maria", "⏰ Reminder: Free consultation with Ana Martin starts in "+r.in+" — "+tc.says+".")
				if got := w.clock.Now().In(paris).Format("Mon 2 Jan 15:04 MST"); got != r.at {
					t.Fatalf("the %s reminder arrived %s, want %s", r.before, got, r.at)
				}
			}
		})
	}
}
