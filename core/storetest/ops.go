package storetest

// Contract cases for what operations read from the store: the per-client
// calendar feed behind its token, and the outbox summary behind the
// metrics. All run under the one "Ops" entry of serviceCases.

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testOps runs the operations' contract cases as parallel subtests.
func testOps(t *testing.T, open Opener) {
	for _, c := range []testCase{
		{"CalendarFeedListsUpcomingBookings", testCalendarFeedListsUpcomingBookings},
		{"NewFeedLinkRetiresTheOld", testNewFeedLinkRetiresTheOld},
		{"OutboxHealthShowsLagAndDead", testOutboxHealthShowsLagAndDead},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// A client's feed lists their live bookings to come, soonest first, and
// nothing of another client's, of a cancelled booking or of a session
// over.
func testCalendarFeedListsUpcomingBookings(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria, _ := f.withPass("Maria", f.pack)
	other, _ := f.withPass("Other", f.pack)
	later := f.session(f.class, 72*time.Hour, 5)
	sooner := f.session(f.class, 48*time.Hour, 5)
	cancelled := f.session(f.class, 24*time.Hour, 5)
	past := f.session(f.class, 2*time.Hour, 5)
	var keep []int64
	for _, s := range []*core.Session{later, sooner, cancelled, past} {
		res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: s.ID})
		f.must(err)
		keep = append(keep, res.Booking.ID)
	}
	_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: other.ID, SessionID: later.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: keep[2], Reason: "ill"})
	f.must(err)

	token, err := f.svc.Slots.NewCalendarFeed(f.ctx, maria.ID)
	f.must(err)
	if len(token) != core.FeedTokenLen || strings.ContainsAny(token, "+/=") {
		t.Fatalf("token %q: want %d base64url characters", token, core.FeedTokenLen)
	}
	f.clock.Advance(4 * time.Hour) // the past session is over
	c, views, at, err := f.svc.Slots.CalendarFeed(f.ctx, token)
	f.must(err)
	if c.ID != maria.ID || !at.Equal(f.clock.Now()) {
		t.Fatalf("feed of client %d at %v, want %d at %v", c.ID, at, maria.ID, f.clock.Now())
	}
	var got []int64
	for _, v := range views {
		got = append(got, v.Booking.ID)
	}
	equalIDs(t, "feed bookings", got, []int64{keep[1], keep[0]})
}

// Asking again gives a new link and the old one stops working; only the
// token's hash is stored, and anything not a token finds nothing.
func testNewFeedLinkRetiresTheOld(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria := f.client("Maria")
	has, err := f.svc.Slots.HasCalendarFeed(f.ctx, maria.ID)
	f.must(err)
	if has {
		t.Fatal("a new client has a feed link")
	}
	first, err := f.svc.Slots.NewCalendarFeed(f.ctx, maria.ID)
	f.must(err)
	second, err := f.svc.Slots.NewCalendarFeed(f.ctx, maria.ID)
	f.must(err)
	if first == second {
		t.Fatal("the new link repeats the old token")
	}
	if has, err = f.svc.Slots.HasCalendarFeed(f.ctx, maria.ID); err != nil || !has {
		t.Fatalf("HasCalendarFeed = %v, %v; want true", has, err)
	}
	if _, _, _, err := f.svc.Slots.CalendarFeed(f.ctx, second); err != nil {
		t.Fatalf("new link: %v", err)
	}
	for name, token := range map[string]string{"retired": first, "malformed": "../../etc/passwd",
		"unknown": strings.Repeat("A", core.FeedTokenLen), "empty": ""} {
		if _, _, _, err := f.svc.Slots.CalendarFeed(f.ctx, token); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("%s token: err = %v, want ENOTFOUND", name, err)
		}
	}
	f.must(f.store.View(f.ctx, func(tx core.Tx) error {
		if _, err := tx.FeedClient(second); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("the clear token is stored: FeedClient(token) = %v", err)
		}
		id, err := tx.FeedClient(core.FeedTokenHash(second))
		if err != nil || id != maria.ID {
			t.Errorf("FeedClient(hash) = %d, %v; want %d", id, err, maria.ID)
		}
		return nil
	}))
	if _, err := f.svc.Slots.NewCalendarFeed(f.ctx, 999999); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("feed of no client: %v, want ENOTFOUND", err)
	}
}

// The summary counts due notices (not future ones), dates the oldest, and
// counts dead letters.
func testOutboxHealthShowsLagAndDead(t *testing.T, open Opener) {
	f := newFixture(t, open)
	h, err := f.svc.Outbox.OutboxHealth(f.ctx)
	f.must(err)
	if h.Due != 0 || !h.OldestDue.IsZero() || h.Dead != 0 || h.Lag(f.clock.Now()) != 0 {
		t.Fatalf("empty outbox: %+v", h)
	}
	c := f.client("Maria")
	now := f.clock.Now()
	ids := f.addNotices(c.ID, now.Add(-time.Minute), now.Add(-10*time.Minute), now, now.Add(time.Hour))
	f.claim("a", time.Minute, 1) // in flight still counts: it has not gone out
	h, err = f.svc.Outbox.OutboxHealth(f.ctx)
	f.must(err)
	if h.Due != 3 || !h.OldestDue.Equal(core.DBTime(now.Add(-10*time.Minute))) || h.Lag(now) != 10*time.Minute {
		t.Fatalf("health = %+v (lag %v), want 3 due, oldest 10 minutes ago", h, h.Lag(now))
	}
	f.settle("a", core.NoticeOutcome{ID: ids[1], Permanent: true, Error: "no chat"})
	h, err = f.svc.Outbox.OutboxHealth(f.ctx)
	f.must(err)
	if h.Due != 2 || h.Dead != 1 || h.Lag(now) != time.Minute {
		t.Fatalf("after a dead letter: %+v, want 2 due, 1 dead, 1 minute lag", h)
	}
}
