package storetest

// Contract cases for the outbox as dispatchers use it — leases, settling,
// retries, dead letters, unreachable accounts, notices written once — and
// for the scheduler's jobs and the late-window seat offer
// (outbox_offer.go, outbox_jobs.go). All run under the one "Outbox" entry
// of serviceCases.

import (
	"fmt"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testOutbox runs the outbox's contract cases as parallel subtests.
func testOutbox(t *testing.T, open Opener) {
	for _, c := range []testCase{
		{"ClaimLeasesDueNoticesOnce", testClaimLeasesDueNoticesOnce},
		{"ExpiredLeaseIsClaimedAgain", testExpiredLeaseIsClaimedAgain},
		{"RenewedLeaseIsKept", testRenewedLeaseIsKept},
		{"RetryBacksOffThenDeadLetters", testRetryBacksOffThenDeadLetters},
		{"PostponeCountsNoAttempt", testPostponeCountsNoAttempt},
		{"WithdrawnWhileClaimed", testWithdrawnWhileClaimed},
		// The same, each notice settled as the dispatcher does, from its claim.
		{"ClaimLeasesDueNoticesOnce/SettleClaimed", settlingClaimed(testClaimLeasesDueNoticesOnce)},
		{"ExpiredLeaseIsClaimedAgain/SettleClaimed", settlingClaimed(testExpiredLeaseIsClaimedAgain)},
		{"RetryBacksOffThenDeadLetters/SettleClaimed", settlingClaimed(testRetryBacksOffThenDeadLetters)},
		{"PostponeCountsNoAttempt/SettleClaimed", settlingClaimed(testPostponeCountsNoAttempt)},
		{"WithdrawnWhileClaimed/SettleClaimed", settlingClaimed(testWithdrawnWhileClaimed)},
		{"UnreachableTellsCoachOnce", testUnreachableTellsCoachOnce},
		{"NoticeOnce", testNoticeOnce},
		{"JobLease", testJobLease},
		{"LateSeatOfferAccepted", testLateSeatOfferAccepted},
		{"LateSeatOfferPassedAndExpired", testLateSeatOfferPassedAndExpired},
		{"LateSeatOfferPaidSession", testLateSeatOfferPaidSession},
		{"EditSessionSilentOrNotify", testEditSessionSilentOrNotify},
		{"EditSessionStatus", testEditSessionStatus},
		{"EditSessionSeats", testEditSessionSeats},
		{"PassExpiryWarnings", testPassExpiryWarnings},
		{"MorningAgenda", testMorningAgenda},
		{"CompleteAndReleaseJobs", testCompleteAndReleaseJobs},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// addNotices writes n pending notices to client, due at the given times,
// and returns their ids in order.
func (f *fixture) addNotices(clientID int64, dues ...time.Time) []int64 {
	f.t.Helper()
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		for _, due := range dues {
			if err := tx.AddNotice(&core.Notice{Kind: core.NoticePassGranted, ToKind: core.ToClient, ToID: clientID,
				Due: core.DBTime(due), Status: core.NoticePending, Created: core.DBTime(f.clock.Now())}); err != nil {
				return err
			}
		}
		return nil
	}))
	var ids []int64
	for _, n := range f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: clientID}) {
		ids = append(ids, n.ID)
	}
	return ids[len(ids)-len(dues):]
}

// claim leases due notices to owner and returns their ids.
func (f *fixture) claim(owner string, lease time.Duration, limit int) []int64 {
	f.t.Helper()
	ns, err := f.svc.Outbox.ClaimNotices(f.ctx, owner, lease, limit)
	f.must(err)
	var ids []int64
	for _, n := range ns {
		ids = append(ids, n.ID)
		if f.claimed == nil {
			f.claimed = map[int64]*core.Notice{}
		}
		f.claimed[n.ID] = n
	}
	return ids
}

// settleClaimedStore marks a store whose fixture settles each notice with
// SettleClaimed, from its last claim (settlingClaimed).
type settleClaimedStore struct{ core.Store }

// settlingClaimed runs an outbox case with each notice settled as the
// dispatcher settles it (Outbox.SettleClaimed), rather than by id.
func settlingClaimed(fn func(*testing.T, Opener)) func(*testing.T, Opener) {
	return func(t *testing.T, open Opener) {
		fn(t, func(tb testing.TB) core.Store { return settleClaimedStore{open(tb)} })
	}
}

// notice reads one notice.
func (f *fixture) notice(id int64) *core.Notice {
	f.t.Helper()
	var n *core.Notice
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { n, err = tx.NoticeByID(id); return }))
	return n
}

// settle records outcomes as owner and returns how many were stale.
func (f *fixture) settle(owner string, outs ...core.NoticeOutcome) int {
	f.t.Helper()
	if !f.settleClaimed {
		stale, err := f.svc.Outbox.SettleNotices(f.ctx, owner, outs)
		f.must(err)
		return stale
	}
	stale := 0
	for _, o := range outs {
		n := f.claimed[o.ID]
		if n == nil {
			f.t.Fatalf("notice %d settled without a claim", o.ID)
		}
		held, err := f.svc.Outbox.SettleClaimed(f.ctx, owner, n, o)
		f.must(err)
		if !held {
			stale++
		}
	}
	return stale
}

func equalIDs(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// Only due notices are claimed, oldest due first; a leased notice is not
// claimed by anyone else; a sent one never again.
func testClaimLeasesDueNoticesOnce(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	now := f.clock.Now()
	ids := f.addNotices(c.ID, now.Add(-time.Minute), now.Add(-time.Hour), now, now.Add(time.Second), now.Add(24*time.Hour))
	equalIDs(t, "first claim", f.claim("a", time.Minute, 2), []int64{ids[1], ids[0]})
	equalIDs(t, "second claimer", f.claim("b", time.Minute, 10), []int64{ids[2]})
	equalIDs(t, "nothing else due", f.claim("c", time.Minute, 10), nil)
	if n := f.notice(ids[1]); n.Attempts != 1 || n.Status != core.NoticePending {
		t.Fatalf("claimed notice = %+v", n)
	}
	if stale := f.settle("a", core.NoticeOutcome{ID: ids[1], Sent: true}, core.NoticeOutcome{ID: ids[0], Sent: true}); stale != 0 {
		t.Fatalf("%d stale", stale)
	}
	if n := f.notice(ids[1]); n.Status != core.NoticeSent || !n.Sent.Equal(core.DBTime(now)) {
		t.Fatalf("sent notice = %+v", n)
	}
	// Settling someone else's claim changes nothing.
	if stale := f.settle("a", core.NoticeOutcome{ID: ids[2], Sent: true}); stale != 1 {
		t.Fatalf("foreign settle: %d stale, want 1", stale)
	}
	f.clock.Advance(2 * time.Second)
	equalIDs(t, "after time passes", f.claim("c", time.Minute, 10), []int64{ids[3]})
	equalIDs(t, "sent ones stay sent", f.claim("d", time.Minute, 10), nil)
}

// A dispatcher that dies holding a lease loses it when the lease ends;
// its late settle is then refused.
func testExpiredLeaseIsClaimedAgain(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	ids := f.addNotices(c.ID, f.clock.Now())
	equalIDs(t, "claim", f.claim("crashed", time.Minute, 10), ids)
	f.clock.Advance(59 * time.Second)
	equalIDs(t, "lease still held", f.claim("other", time.Minute, 10), nil)
	f.clock.Advance(time.Second)
	equalIDs(t, "lease expired", f.claim("other", time.Minute, 10), ids)
	if n := f.notice(ids[0]); n.Attempts != 2 {
		t.Fatalf("attempts = %d, want 2", n.Attempts)
	}
	if stale := f.settle("crashed", core.NoticeOutcome{ID: ids[0], Sent: true}); stale != 1 {
		t.Fatal("the crashed owner's settle was accepted")
	}
	if stale := f.settle("other", core.NoticeOutcome{ID: ids[0], Sent: true}); stale != 0 {
		t.Fatal("the new owner's settle was refused")
	}
}

// A dispatcher still delivering renews its leases: they outlast the
// first term, and no other dispatcher claims the notices meanwhile. A
// lease already lost, or a notice settled, is not renewed.
func testRenewedLeaseIsKept(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	ids := f.addNotices(c.ID, f.clock.Now(), f.clock.Now())
	equalIDs(t, "claim", f.claim("slow", time.Minute, 10), ids)
	f.clock.Advance(50 * time.Second)
	if n, err := f.svc.Outbox.RenewNotices(f.ctx, "slow", ids, time.Minute); err != nil || n != len(ids) {
		t.Fatalf("renewed %d of %d leases (%v)", n, len(ids), err)
	}
	f.clock.Advance(50 * time.Second) // past the first term, within the renewed one
	equalIDs(t, "renewed lease", f.claim("other", time.Minute, 10), nil)
	if n, err := f.svc.Outbox.RenewNotices(f.ctx, "other", ids, time.Minute); err != nil || n != 0 {
		t.Fatalf("a dispatcher renewed %d leases it never held (%v)", n, err)
	}
	if stale := f.settle("slow", core.NoticeOutcome{ID: ids[0], Sent: true}); stale != 0 {
		t.Fatal("the renewing owner's settle was refused")
	}
	f.clock.Advance(2 * time.Minute)
	equalIDs(t, "expired after the renewal", f.claim("other", time.Minute, 10), ids[1:])
	if n, err := f.svc.Outbox.RenewNotices(f.ctx, "slow", ids, time.Minute); err != nil || n != 0 {
		t.Fatalf("renewed %d leases lost or settled (%v)", n, err)
	}
}

// Transient failures wait 30 s, 1 min, 2 min…; the last allowed failure
// dead-letters the notice, tells the coach, and shows in DeadLetters.
func testRetryBacksOffThenDeadLetters(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	sess := f.session(f.free, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	var id int64
	for _, n := range f.notices(core.NoticeFilter{BookingID: res.Booking.ID, Kind: core.NoticeBooked}) {
		id = n.ID
	}
	for attempt := 1; attempt <= core.MaxNoticeAttempts; attempt++ {
		got := f.claim("a", time.Minute, 100)
		if !containsID(got, id) {
			t.Fatalf("attempt %d: notice not due (claimed %v, due %v, now %v)", attempt, got, f.notice(id).Due, f.clock.Now())
		}
		outs := []core.NoticeOutcome{{ID: id, Error: "HTTP 502"}}
		for _, other := range got {
			if other != id {
				outs = append(outs, core.NoticeOutcome{ID: other, Sent: true})
			}
		}
		f.settle("a", outs...)
		n := f.notice(id)
		if attempt < core.MaxNoticeAttempts {
			wait := core.NoticeBackoff(attempt)
			if n.Status != core.NoticePending || !n.Due.Equal(core.DBTime(f.clock.Now().Add(wait))) || n.LastError != "HTTP 502" {
				t.Fatalf("attempt %d: %+v, want pending due in %v", attempt, n, wait)
			}
			f.clock.Advance(wait - time.Second)
			equalIDs(t, "before the backoff ends", f.claim("a", time.Minute, 100), nil)
			f.clock.Advance(time.Second)
		} else if n.Status != core.NoticeDead {
			t.Fatalf("after %d failures: %+v, want dead", attempt, n)
		}
	}
	if core.NoticeBackoff(1) != 30*time.Second || core.NoticeBackoff(2) != time.Minute || core.NoticeBackoff(20) != time.Hour {
		t.Fatal("backoff is not 30 s doubling up to an hour")
	}
	alerts := f.notices(core.NoticeFilter{ToKind: core.ToCoach, ToID: f.coach.ID, Kind: core.NoticeCoachDeadLetter})
	if len(alerts) != 1 || alerts[0].Data["notice_id"] != fmt.Sprint(id) || alerts[0].Data["kind"] != "booked" {
		t.Fatalf("dead-letter alerts = %+v", alerts)
	}
	dead, err := DeadLetters(f.ctx, f.store, f.coach.ID, 10)
	f.must(err)
	if len(dead) != 1 || dead[0].ID != id {
		t.Fatalf("DeadLetters = %+v", dead)
	}
	other := &core.Coach{Name: "Other", Zone: "Europe/Paris"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))
	if dead, err := DeadLetters(f.ctx, f.store, other.ID, 10); err != nil || len(dead) != 0 {
		t.Fatalf("another coach sees %v, %v", dead, err)
	}
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// A rate-limited notice goes back with a new due time and its attempt
// uncounted; obsolete and permanently undeliverable notices leave the
// queue without a coach alert.
func testPostponeCountsNoAttempt(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	now := f.clock.Now()
	ids := f.addNotices(c.ID, now, now, now)
	f.claim("a", time.Minute, 10)
	f.settle("a", core.NoticeOutcome{ID: ids[0], Postponed: true, RetryIn: 3 * time.Second, Error: "429"},
		core.NoticeOutcome{ID: ids[1], Obsolete: true}, core.NoticeOutcome{ID: ids[2], Permanent: true, Error: "no chat"})
	if n := f.notice(ids[0]); n.Attempts != 0 || n.Status != core.NoticePending || !n.Due.Equal(core.DBTime(now.Add(3*time.Second))) {
		t.Fatalf("postponed = %+v", n)
	}
	if n := f.notice(ids[1]); n.Status != core.NoticeWithdrawn {
		t.Fatalf("obsolete = %+v", n)
	}
	if n := f.notice(ids[2]); n.Status != core.NoticeDead || n.LastError != "no chat" {
		t.Fatalf("undeliverable = %+v", n)
	}
	if got := f.notices(core.NoticeFilter{ToKind: core.ToCoach}); len(got) != 0 {
		t.Fatalf("coach alerted about a permanent failure: %+v", got)
	}
	f.clock.Advance(3 * time.Second)
	equalIDs(t, "postponed comes back", f.claim("b", time.Minute, 10), ids[:1])
}

// A reminder withdrawn (booking cancelled) while a dispatcher holds it is
// not resurrected by the dispatcher's retry.
func testWithdrawnWhileClaimed(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, _ := f.withPass("Maria", f.pack)
	sess := f.session(f.class, 72*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	f.clock.Advance(48 * time.Hour) // the 24 h reminder is due
	var reminder int64
	for _, id := range f.claim("a", time.Minute, 100) {
		if n := f.notice(id); n.Kind == core.NoticeReminder {
			reminder = id
		}
	}
	if reminder == 0 {
		t.Fatal("the 24 h reminder was not due")
	}
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID})
	f.must(err)
	if stale := f.settle("a", core.NoticeOutcome{ID: reminder, Error: "timeout"}); stale != 1 {
		t.Fatal("a withdrawn reminder was settled back to pending")
	}
	if n := f.notice(reminder); n.Status != core.NoticeWithdrawn {
		t.Fatalf("reminder = %+v", n)
	}
}

// A blocked bot marks the account unreachable and tells the coach, once.
func testUnreachableTellsCoachOnce(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		return tx.PutAccount(&core.Account{Platform: "telegram", UserID: "42", ClientID: c.ID, ChatID: "42"})
	}))
	sess := f.session(f.free, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	ns := f.notices(core.NoticeFilter{BookingID: res.Booking.ID, Kind: core.NoticeBooked})
	for i := 0; i < 2; i++ {
		f.must(f.svc.Outbox.MarkUnreachable(f.ctx, "telegram", "42", ns[0].ID))
	}
	var acc *core.Account
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { acc, err = tx.Account("telegram", "42"); return }))
	if !acc.Unreachable {
		t.Fatal("account still reachable")
	}
	alerts := f.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachUnreachable})
	if len(alerts) != 1 || alerts[0].ToID != f.coach.ID || alerts[0].Data["client_id"] != fmt.Sprint(c.ID) || alerts[0].Data["platform"] != "telegram" {
		t.Fatalf("alerts = %+v", alerts)
	}
	// Writing to the bot again makes them reachable.
	if _, err := f.svc.Accounts.Identify(f.ctx, core.Identity{Platform: "telegram", UserID: "42", ChatID: "42"}); err != nil {
		t.Fatal(err)
	}
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { acc, err = tx.Account("telegram", "42"); return }))
	if acc.Unreachable {
		t.Fatal("still unreachable after writing to the bot")
	}
}

// AddNoticeOnce writes a key once, whoever asks and however often.
func testNoticeOnce(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	written := 0
	for i := 0; i < 3; i++ {
		f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
			ok, err := tx.AddNoticeOnce(&core.Notice{Kind: core.NoticePassExpiring, ToKind: core.ToClient, ToID: c.ID,
				Due: T0, Status: core.NoticePending, Created: T0}, "pass_expiring:1:7")
			if ok {
				written++
			}
			return err
		}))
	}
	if written != 1 || len(f.notices(core.NoticeFilter{ToID: c.ID, Kind: core.NoticePassExpiring})) != 1 {
		t.Fatalf("written %d times", written)
	}
}

// A periodic job's lease goes to one replica until it runs out.
func testJobLease(t *testing.T, open Opener) {
	f := newFixture(t, open)
	claim := func(owner string, want bool) {
		t.Helper()
		ok, err := f.svc.Outbox.ClaimJob(f.ctx, "holds", owner, 30*time.Second)
		f.must(err)
		if ok != want {
			t.Fatalf("at %v %s got the lease: %v, want %v", f.clock.Now(), owner, ok, want)
		}
	}
	claim("a", true)
	claim("b", false)
	claim("a", true) // renewing one's own lease
	f.clock.Advance(29 * time.Second)
	claim("b", false)
	f.clock.Advance(time.Second)
	claim("b", true)
	claim("a", false)
	if ok, err := f.svc.Outbox.ClaimJob(f.ctx, "agenda", "a", time.Minute); err != nil || !ok {
		t.Fatalf("another job's lease: %v, %v", ok, err)
	}
}
