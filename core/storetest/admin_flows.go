package storetest

// Contract cases for the coach's disruption, sharing and read-only
// services (core/admin_disrupt.go, admin_docs.go, admin_agenda.go); run by
// testCoachAdmin in admin.go.

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A day with a paid 1:1 and a class of five on passes: every seat ends
// at no cost, the paid money is marked for refund, and each client is
// told once — Maria, in both sessions, too.
func testAdminCancelDay(t *testing.T, open Opener) {
	f := newFixture(t, open)
	oneToOne := f.session(f.paid, 26*time.Hour, 1) // Tuesday 12:00 Paris
	class := f.session(f.class, 32*time.Hour, 8)   // Tuesday 18:00 Paris
	other := f.session(f.paid, 56*time.Hour, 1)    // Wednesday: untouched
	paying := f.client("Paul")
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: paying.ID, SessionID: oneToOne.ID})
	f.must(err)
	_, err = f.svc.Coaching.CoachMarkPaid(f.ctx, f.coach.ID, res.Payment.ID)
	f.must(err)
	var passes []*core.Pass
	var clients []*core.Client
	for _, name := range []string{"Maria", "Ines", "Jo", "Kim", "Lea"} {
		c, p := f.withPass(name, f.pack)
		clients, passes = append(clients, c), append(passes, p)
		_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: class.ID})
		f.must(err)
	}
	free := f.session(f.free, 28*time.Hour, 1) // Tuesday 14:00 Paris: Maria again
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: clients[0].ID, SessionID: free.ID})
	f.must(err)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: paying.ID, SessionID: other.ID, Pay: true})
	f.must(err)
	if f.pass(passes[0].ID).CreditsLeft != 9 {
		t.Fatal("booking did not take a credit")
	}
	sent := len(f.notices(core.NoticeFilter{ToKind: core.ToClient}))

	out, err := f.svc.Admin.CancelDay(f.ctx, f.coach.ID, "2026-06-02", "  I am ill ")
	f.must(err)
	if len(out.Sessions) != 3 || out.Clients != 6 || out.Started != 0 {
		t.Fatalf("cancel day = %+v", out)
	}
	for _, p := range passes {
		if got := f.pass(p.ID); got.CreditsLeft != 10 {
			t.Fatalf("pass %d has %d credits, want 10", p.ID, got.CreditsLeft)
		}
	}
	pay := f.payment(res.Payment.ID)
	if pay.Status != core.PaymentPaid || !pay.RefundDue {
		t.Fatalf("payment = %s refund due %v", pay.Status, pay.RefundDue)
	}
	for _, b := range f.bookings(core.BookingFilter{SessionID: class.ID}) {
		if b.Status != core.BookingCancelled || b.Reason != "I am ill" {
			t.Fatalf("booking %d = %s %q", b.ID, b.Status, b.Reason)
		}
	}
	told := f.notices(core.NoticeFilter{ToKind: core.ToClient, Kind: core.NoticeDayCancelled})
	if len(told) != 6 || len(f.notices(core.NoticeFilter{ToKind: core.ToClient}))-sent != 6 {
		t.Fatalf("%d day notices, %d client notices in all", len(told), len(f.notices(core.NoticeFilter{ToKind: core.ToClient}))-sent)
	}
	for _, n := range told {
		switch n.ToID {
		case paying.ID:
			if n.Data["refunds"] != "EUR 50.00" || n.Data["credits_returned"] != "" || !strings.Contains(n.Data["items"], "Standard session") {
				t.Fatalf("Paul's notice = %+v", n.Data)
			}
		case clients[0].ID:
			if n.Data["credits_returned"] != "1" || strings.Count(n.Data["items"], "\n") != 1 {
				t.Fatalf("Maria's notice = %+v", n.Data)
			}
		default:
			if n.Data["credits_returned"] != "1" || n.Data["reason"] != "I am ill" || n.Data["day"] != "2026-06-02" {
				t.Fatalf("notice = %+v", n.Data)
			}
		}
	}
	if rs := f.notices(core.NoticeFilter{Kind: core.NoticeReminder, Status: core.NoticePending, SessionID: class.ID}); len(rs) != 0 {
		t.Fatalf("%d reminders of the cancelled class pending", len(rs))
	}
	if got := f.bookings(core.BookingFilter{SessionID: other.ID}); got[0].Status != core.BookingPendingPayment {
		t.Fatalf("Wednesday booking = %s", got[0].Status)
	}
	_, err = f.svc.Admin.CancelDay(f.ctx, f.coach.ID, "2026-06-02", "")
	expectCode(t, err, core.ENOTFOUND)
	_, err = f.svc.Admin.CancelDay(f.ctx, f.coach.ID, "2 June", "")
	expectCode(t, err, core.EINVALID)
}

// Moving a session inside the late window tells each client once and
// lets them cancel free; without the move the late rule applies.
func testAdminMoveAndCancelFree(t *testing.T, open Opener) {
	f := newFixture(t, open)
	class := f.session(f.class, 5*time.Hour, 8)
	maria, mp := f.withPass("Maria", f.pack)
	ines, ip := f.withPass("Ines", f.pack)
	rm, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: class.ID})
	f.must(err)
	ri, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: ines.ID, SessionID: class.ID})
	f.must(err)
	_, _, err = f.svc.Admin.CancelFree(f.ctx, maria.ID, rm.Booking.ID, "")
	expectCode(t, err, core.EINVALID)

	moved, told, err := f.svc.Admin.MoveSession(f.ctx, f.coach.ID, class.ID, class.Start.Add(2*time.Hour))
	f.must(err)
	if told != 2 || !moved.Start.Equal(class.Start.Add(2*time.Hour)) || !moved.End.Equal(class.End.Add(2*time.Hour)) {
		t.Fatalf("moved = %v told %d", moved.Start, told)
	}
	ns := f.notices(core.NoticeFilter{Kind: core.NoticeSessionMoved})
	if len(ns) != 2 || ns[0].Data["from_start"] != class.Start.Format(time.RFC3339) {
		t.Fatalf("moved notices = %+v", ns)
	}
	until, ok, err := f.svc.Admin.FreeCancelUntil(f.ctx, maria.ID, rm.Booking.ID)
	f.must(err)
	if !ok || !until.Equal(moved.Start) {
		t.Fatalf("free cancel until %v %v", until, ok)
	}
	_, _, err = f.svc.Admin.FreeCancelUntil(f.ctx, ines.ID, rm.Booking.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	b, out, err := f.svc.Admin.CancelFree(f.ctx, maria.ID, rm.Booking.ID, "cannot make 2 pm")
	f.must(err)
	if b.Status != core.BookingCancelled || out.Late || out.CreditsReturned != 1 || f.pass(mp.ID).CreditsLeft != 10 {
		t.Fatalf("free cancel = %s %+v, credits %d", b.Status, out, f.pass(mp.ID).CreditsLeft)
	}
	_, _, err = f.svc.Admin.CancelFree(f.ctx, maria.ID, rm.Booking.ID, "")
	expectCode(t, err, core.ECONFLICT)
	_, _, err = f.svc.Admin.CancelFree(f.ctx, maria.ID, ri.Booking.ID, "")
	expectCode(t, err, core.EUNAUTHORIZED)
	// Ines cancels the ordinary way: the move's free cancel still holds.
	_, out, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: ines.ID, BookingID: ri.Booking.ID})
	f.must(err)
	if out.Late || f.pass(ip.ID).CreditsLeft != 10 {
		t.Fatalf("ordinary cancel after the move = %+v", out)
	}
	// Noa books after the move: no free cancel, inside 24 h the credit goes.
	noa, np := f.withPass("Noa", f.pack)
	rn, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: noa.ID, SessionID: class.ID})
	f.must(err)
	_, out, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: noa.ID, BookingID: rn.Booking.ID})
	f.must(err)
	if !out.Late || f.pass(np.ID).CreditsLeft != 9 {
		t.Fatalf("ordinary cancel of a later booking = %+v", out)
	}
	_, _, err = f.svc.Admin.MoveSession(f.ctx, f.coach.ID, class.ID, T0.Add(-time.Hour))
	expectCode(t, err, core.EINVALID)
	_, _, err = f.svc.Admin.MoveSession(f.ctx, f.coach.ID, class.ID, moved.Start)
	expectCode(t, err, core.EINVALID)
}

// "Running late" reaches the seated clients of the coach's next session
// of the day, and nobody once the day's sessions are over.
func testAdminRunningLate(t *testing.T, open Opener) {
	f := newFixture(t, open)
	first := f.session(f.class, 2*time.Hour, 8)
	second := f.session(f.class, 5*time.Hour, 8)
	c, _ := f.withPass("Maria", f.pack)
	_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: first.ID})
	f.must(err)
	sess, told, err := f.svc.Admin.RunningLate(f.ctx, f.coach.ID, 15)
	f.must(err)
	if sess.ID != first.ID || told != 1 {
		t.Fatalf("late for %d, told %d", sess.ID, told)
	}
	if ns := f.notices(core.NoticeFilter{Kind: core.NoticeRunningLate}); len(ns) != 1 || ns[0].Data["minutes"] != "15" || ns[0].ToID != c.ID {
		t.Fatalf("notices = %+v", ns)
	}
	f.clock.Advance(3*time.Hour + time.Minute)
	if sess, _, err = f.svc.Admin.RunningLate(f.ctx, f.coach.ID, 10); err != nil || sess.ID != second.ID {
		t.Fatalf("second = %v, %v", sess, err)
	}
	f.clock.Advance(4 * time.Hour)
	_, _, err = f.svc.Admin.RunningLate(f.ctx, f.coach.ID, 10)
	expectCode(t, err, core.ENOTFOUND)
	_, _, err = f.svc.Admin.RunningLate(f.ctx, f.coach.ID, 0)
	expectCode(t, err, core.EINVALID)
}

// A link shared with a class reaches everyone booked and stays on the
// session; one shared with a 1:1 client reaches only them.
func testAdminShareLink(t *testing.T, open Opener) {
	f := newFixture(t, open)
	class := f.session(f.class, 48*time.Hour, 8)
	a, _ := f.withPass("Maria", f.pack)
	b, _ := f.withPass("Ines", f.pack)
	for _, c := range []*core.Client{a, b} {
		_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: class.ID})
		f.must(err)
	}
	n, err := f.svc.Coaching.ShareLink(f.ctx, core.ShareRequest{CoachID: f.coach.ID, SessionID: class.ID, URL: " https://x.example/plan.pdf "})
	f.must(err)
	if n != 2 {
		t.Fatalf("told %d", n)
	}
	_, err = f.svc.Coaching.ShareLink(f.ctx, core.ShareRequest{CoachID: f.coach.ID, SessionID: class.ID, URL: "https://x.example/plan.pdf"})
	f.must(err)
	var got *core.Session
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { got, err = tx.Session(class.ID); return }))
	if len(got.Links) != 1 || got.Links[0] != "https://x.example/plan.pdf" {
		t.Fatalf("links = %v", got.Links)
	}
	_, err = f.svc.Coaching.ShareLink(f.ctx, core.ShareRequest{CoachID: f.coach.ID, SessionID: class.ID, ClientID: a.ID, URL: "https://x.example/a"})
	expectCode(t, err, core.EINVALID)
	for _, bad := range []string{"javascript:alert(1)", "x.example/plan", "https://", "https://a b"} {
		_, err = f.svc.Coaching.ShareLink(f.ctx, core.ShareRequest{CoachID: f.coach.ID, SessionID: class.ID, URL: bad})
		expectCode(t, err, core.EINVALID)
	}
	one := f.session(f.paid, 48*time.Hour, 1)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: b.ID, SessionID: one.ID})
	f.must(err)
	_, err = f.svc.Coaching.ShareLink(f.ctx, core.ShareRequest{CoachID: f.coach.ID, SessionID: one.ID, ClientID: a.ID, URL: "https://x.example/b"})
	expectCode(t, err, core.EINVALID)
	n, err = f.svc.Coaching.ShareLink(f.ctx, core.ShareRequest{CoachID: f.coach.ID, SessionID: one.ID, ClientID: b.ID, URL: "https://x.example/b"})
	f.must(err)
	docs := f.notices(core.NoticeFilter{Kind: core.NoticeDocument, ToID: b.ID})
	if n != 1 || len(docs) != 3 || docs[2].Data["url"] != "https://x.example/b" {
		t.Fatalf("told %d, Ines's documents %+v", n, docs)
	}
}

// The agenda, roster, client file and client search show the coach's own
// rows; a payment marked paid confirms its seat; credits given by hand
// land on a new pass.
func testAdminViews(t *testing.T, open Opener) {
	f := newFixture(t, open)
	class := f.session(f.class, 2*time.Hour, 1)
	a, _ := f.withPass("Maria", f.pack)
	b := f.client("Bob")
	_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: a.ID, SessionID: class.ID})
	f.must(err)
	w, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: b.ID, SessionID: class.ID, Pay: true})
	f.must(err)
	if w.Booking.Status != core.BookingWaitlisted {
		t.Fatalf("Bob = %s", w.Booking.Status)
	}
	ag, err := f.svc.Coaching.Agenda(f.ctx, f.coach.ID, T0, T0.Add(24*time.Hour))
	f.must(err)
	if len(ag) != 1 || ag[0].Seated != 1 || ag[0].Waiting != 1 || ag[0].Names[0] != "Maria" || ag[0].Type.ID != f.class.ID {
		t.Fatalf("agenda = %+v", ag)
	}
	r, err := f.svc.Coaching.Roster(f.ctx, f.coach.ID, class.ID)
	f.must(err)
	if len(r.Seated) != 1 || r.Seated[0].Pass == nil || len(r.Waitlist) != 1 || r.Waitlist[0].Position != 1 || r.Waitlist[0].Client.Name != "Bob" {
		t.Fatalf("roster = %+v", r)
	}
	one := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: b.ID, SessionID: one.ID, CoachID: f.coach.ID})
	f.must(err)
	// A coach's own booking is never held, even where the coach holds
	// unpaid seats: confirmed, its price due at the session.
	if res.Booking.Status != core.BookingConfirmed || res.Payment == nil || res.Payment.Status != core.PaymentPending ||
		!res.Booking.HoldUntil.IsZero() {
		t.Fatalf("booked in = %+v, %+v", res.Booking, res.Payment)
	}
	p, err := f.svc.Coaching.CoachMarkPaid(f.ctx, f.coach.ID, res.Payment.ID)
	f.must(err)
	if p.Status != core.PaymentPaid || p.Method != core.MethodManual || f.booking(res.Booking.ID).Status != core.BookingConfirmed {
		t.Fatalf("paid = %+v", p)
	}
	file, err := f.svc.Coaching.ClientFile(f.ctx, f.coach.ID, b.ID)
	f.must(err)
	if len(file.Upcoming) != 2 || len(file.Payments) != 1 || len(file.Passes) != 0 || file.Client.Name != "Bob" {
		t.Fatalf("file = %+v", file)
	}
	pass, err := f.svc.Coaching.GrantCredits(f.ctx, f.coach.ID, b.ID, 3, 30, "make-up sessions")
	f.must(err)
	if got := f.pass(pass.ID); got.CreditsLeft != 3 || got.Source != "manual" || got.Name != "make-up sessions" ||
		!got.Expires.Equal(core.DBTime(T0.AddDate(0, 0, 30))) {
		t.Fatalf("pass = %+v", got)
	}
	_, err = f.svc.Coaching.GrantCredits(f.ctx, f.coach.ID, b.ID, 0, 30, "")
	expectCode(t, err, core.EINVALID)
	f.client("Bobby") // talked to the bot, never to this coach
	found, err := f.svc.Coaching.FindClients(f.ctx, f.coach.ID, "bob", 10)
	f.must(err)
	if len(found) != 2 || found[0].Name != "Bob" || found[1].Name != "Bobby" {
		t.Fatalf("found = %v", names(found))
	}
	mine, err := f.svc.Coaching.FindClients(f.ctx, f.coach.ID, "", 10)
	f.must(err)
	if len(mine) != 2 {
		t.Fatalf("coach clients = %v", names(mine))
	}
}

// Another coach acting on this coach's session, payment, type or package
// is refused and changes nothing.
func testAdminOtherCoachRefused(t *testing.T, open Opener) {
	f := newFixture(t, open)
	other := &core.Coach{Name: "Ben", Zone: "Europe/Paris"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))
	class := f.session(f.paid, 48*time.Hour, 1)
	c := f.client("Maria")
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: class.ID, Pay: true})
	f.must(err)
	before := f.snapshot()
	_, err = f.svc.Coaching.Roster(f.ctx, other.ID, class.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	_, _, err = f.svc.Admin.MoveSession(f.ctx, other.ID, class.ID, class.Start.Add(time.Hour))
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = f.svc.Coaching.ShareLink(f.ctx, core.ShareRequest{CoachID: other.ID, SessionID: class.ID, URL: "https://x.example"})
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = f.svc.Coaching.CoachMarkPaid(f.ctx, other.ID, res.Payment.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = f.svc.Catalog.RetireSessionType(f.ctx, other.ID, f.class.ID, true)
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = f.svc.Catalog.RetirePackage(f.ctx, other.ID, f.pack.ID, true)
	expectCode(t, err, core.EUNAUTHORIZED)
	edited := *f.class
	expectCode(t, f.svc.Catalog.EditSessionType(f.ctx, other.ID, &edited), core.EUNAUTHORIZED)
	pk := *f.pack
	expectCode(t, f.svc.Catalog.EditPackage(f.ctx, other.ID, &pk), core.EUNAUTHORIZED)
	_, err = f.svc.Catalog.ScheduleSeries(f.ctx, core.ScheduleRequest{CoachID: other.ID, TypeID: f.class.ID, Start: T0.Add(48 * time.Hour)}, 1)
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = f.svc.Admin.CancelDay(f.ctx, other.ID, "2026-06-03", "")
	expectCode(t, err, core.ENOTFOUND)
	if f.snapshot() != before {
		t.Fatal("a refused action changed rows")
	}
}
