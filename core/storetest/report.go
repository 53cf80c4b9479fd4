package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// ReportStudio is a studio with known bookings, attendance, payments and
// credits over three weeks, built for checking a coach's report against
// its rows. Now is a Monday (T0) in the coach's zone (Europe/Paris); the
// report of the last 4 weeks has these weeks: [0] May 11, [1] May 18,
// [2] May 25, [3] June 1 (this week).
type ReportStudio struct {
	Svc   *core.Service
	Clock *Clock
	Coach *core.Coach
	// Client is a client with a live booking this week (Dan).
	Client *core.Client
	// Booking is Dan's booking of this week's class.
	Booking *core.Booking
	// Class is the class type, Paid the 1:1 type paid in money.
	Class, Paid *core.SessionType
}

// The numbers the studio's rows add up to, for tests of its report.
const (
	StudioTotal           = 4     // bookings made in the 4 weeks
	StudioAttended        = 2     // Ann (class) and Bob (1:1), week [1]
	StudioNoShow          = 1     // Carl (class), week [1]
	StudioCashMinor       = 5000  // Bob's 1:1, paid by hand in week [1]
	StudioStripeMinor     = 40000 // Dan's 10-session pack, Stripe, week [3]
	StudioSoldWeek1       = 20    // Ann's and Carl's packs
	StudioUsedWeek1       = 2     // Ann's and Carl's class seats
	StudioExpiredWeek2    = 2     // Eve's 2 credits valid one day
	StudioSoldWeek3       = 13    // Dan's pack and Ann's 3 make-up credits
	StudioUsedWeek3       = 1     // Dan's class seat
	StudioCreditsExpiring = 3     // Ann's make-up credits, valid 10 days
)

// NewReportStudio builds the studio on a fresh store opened by open.
func NewReportStudio(t *testing.T, open Opener) *ReportStudio {
	f := newFixture(t, open)
	return buildReportStudio(f)
}

// NewReportStudioOn builds the studio on a fresh store with the clock
// given; its coach is also a client (Ana), who can sign in as the coach.
func NewReportStudioOn(t *testing.T, store core.Store, clock *Clock) *ReportStudio {
	f := &fixture{t: t, ctx: context.Background(), store: store, clock: clock}
	f.svc = core.NewService(store, clock)
	clock.Set(T0.AddDate(0, 0, -14))
	ana := &core.Client{Name: "Ana", Zone: "Europe/Paris", Language: "en"}
	f.must(f.svc.Accounts.CreateClient(f.ctx, ana))
	pol := core.DefaultPolicy()
	pol.Unpaid = core.UnpaidHold // a studio paid online (Dan's pack is), as newFixture's
	f.coach = &core.Coach{Name: "Ana", Zone: "Europe/Paris", ClientID: ana.ID, Policy: pol}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, f.coach))
	f.class = &core.SessionType{CoachID: f.coach.ID, Name: "Yoga class", Duration: time.Hour, CreditCost: 1, InPerson: true, Location: "Studio 1", Capacity: 10}
	f.paid = &core.SessionType{CoachID: f.coach.ID, Name: "Standard session", Duration: time.Hour, Price: core.Money{Amount: 5000, Currency: "EUR"}, Online: true, Capacity: 1}
	for _, st := range []*core.SessionType{f.class, f.paid} {
		f.must(f.svc.Catalog.CreateSessionType(f.ctx, st))
	}
	f.pack = &core.Package{CoachID: f.coach.ID, Name: "10 sessions", Credits: 10, Price: core.Money{Amount: 40000, Currency: "EUR"}, ValidityDays: 90, TypeIDs: []int64{f.class.ID}, DeductAt: core.DeductAtBooking}
	f.must(f.svc.Catalog.CreatePackage(f.ctx, f.pack))
	return buildReportStudio(f)
}

func buildReportStudio(f *fixture) *ReportStudio {
	f.t.Helper()
	ctx, svc, coach := f.ctx, f.svc, f.coach.ID
	// Week [1]: Monday May 18, 10:00 in Paris.
	f.clock.Set(T0.AddDate(0, 0, -14))
	ann, _ := f.withPass("Ann", f.pack)
	carl, _ := f.withPass("Carl", f.pack)
	bob := f.client("Bob")
	class := f.session(f.class, 24*time.Hour, 10) // Tuesday 10:00
	one := f.session(f.paid, 48*time.Hour, 1)     // Wednesday 10:00
	a, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: ann.ID, SessionID: class.ID})
	f.must(err)
	c, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: carl.ID, SessionID: class.ID})
	f.must(err)
	b, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: bob.ID, SessionID: one.ID})
	f.must(err)
	_, err = svc.Coaching.CoachMarkPaid(ctx, coach, b.Payment.ID)
	f.must(err)
	f.clock.Set(T0.AddDate(0, 0, -10)) // Friday: both sessions are over
	_, err = svc.Bookings.MarkAttendance(ctx, coach, a.Booking.ID, true)
	f.must(err)
	_, err = svc.Bookings.MarkAttendance(ctx, coach, c.Booking.ID, false)
	f.must(err)
	_, err = svc.Bookings.MarkAttendance(ctx, coach, b.Booking.ID, true)
	f.must(err)

	// Week [2]: Eve's credits for a day lapse unused.
	f.clock.Set(T0.AddDate(0, 0, -7))
	eve := f.client("Eve")
	_, err = svc.Coaching.GrantCredits(ctx, coach, eve.ID, 2, 1, "trial")
	f.must(err)
	f.clock.Set(T0.AddDate(0, 0, -5))
	_, err = svc.Passes.ExpirePasses(ctx, eve.ID)
	f.must(err)
	// Eve's grant counts as sold in week [2]: StudioSold* leave it out
	// since only weeks [1] and [3] are checked for sales.

	// Week [3], now: Dan buys a pack through Stripe and books a class.
	f.clock.Set(T0)
	dan := f.client("Dan")
	pay, err := svc.Passes.BuyPackage(ctx, dan.ID, f.pack.ID)
	f.must(err)
	_, err = svc.Payments.MarkPaymentPaid(ctx, pay.ID, core.MethodStripe, "cs_test_1")
	f.must(err)
	next := f.session(f.class, 24*time.Hour, 10)
	d, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: dan.ID, SessionID: next.ID})
	f.must(err)
	_, err = svc.Coaching.GrantCredits(ctx, coach, ann.ID, 3, 10, "make-up")
	f.must(err)
	return &ReportStudio{Svc: svc, Clock: f.clock, Coach: f.coach, Client: dan, Booking: d.Booking, Class: f.class, Paid: f.paid}
}

// testCoachReport checks every number of the report against the studio's
// rows, and the export against its rows.
func testCoachReport(t *testing.T, open Opener) {
	s := NewReportStudio(t, open)
	ctx := context.Background()
	r, err := s.Svc.Admin.CoachReport(ctx, s.Coach.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Weeks) != 4 || r.Weeks[3].Start.Format("2006-01-02") != "2026-06-01" || r.Weeks[0].Start.Format("2006-01-02") != "2026-05-11" {
		t.Fatalf("weeks = %d from %v", len(r.Weeks), r.Weeks[0].Start)
	}
	w1, w2, w3 := r.Weeks[1], r.Weeks[2], r.Weeks[3]
	if r.Total != StudioTotal || w1.Bookings[core.BookingCompleted] != 2 || w1.Bookings[core.BookingNoShow] != 1 ||
		w3.Bookings[core.BookingConfirmed] != 1 || len(r.Weeks[0].Bookings)+len(w2.Bookings) != 0 {
		t.Errorf("bookings: total %d, week1 %v, week2 %v, week3 %v", r.Total, w1.Bookings, w2.Bookings, w3.Bookings)
	}
	if r.Attended != StudioAttended || r.NoShow != StudioNoShow || w1.Attended != 2 || w1.NoShow != 1 {
		t.Errorf("attendance: %d came, %d no-show (week1 %d/%d)", r.Attended, r.NoShow, w1.Attended, w1.NoShow)
	}
	if got := r.NoShowRate; got < 0.333 || got > 0.334 {
		t.Errorf("no-show rate = %v, want 1/3", got)
	}
	if w1.Revenue[core.MethodManual] != StudioCashMinor || w3.Revenue[core.MethodStripe] != StudioStripeMinor || r.Currency != "EUR" {
		t.Errorf("revenue: week1 %v, week3 %v, currency %q", w1.Revenue, w3.Revenue, r.Currency)
	}
	if len(r.Revenue) != 2 || r.Revenue[0].Method != core.MethodStripe || r.Revenue[0].Amount.Amount != StudioStripeMinor ||
		r.Revenue[1].Amount.Amount != StudioCashMinor {
		t.Errorf("revenue by method = %+v", r.Revenue)
	}
	if w1.CreditsSold != StudioSoldWeek1 || w1.CreditsUsed != StudioUsedWeek1 || w2.CreditsExpired != StudioExpiredWeek2 ||
		w3.CreditsSold != StudioSoldWeek3 || w3.CreditsUsed != StudioUsedWeek3 || r.CreditsExpiring != StudioCreditsExpiring {
		t.Errorf("credits: week1 %+v, week2 %+v, week3 %+v, expiring %d", w1, w2, w3, r.CreditsExpiring)
	}
	// Tuesday 10:00 in Paris: Ann, Carl and Dan's classes; Wednesday 10:00: Bob.
	if r.Hours[1][10] != 3 || r.Hours[2][10] != 1 {
		t.Errorf("busiest hours: Tue 10h %d, Wed 10h %d", r.Hours[1][10], r.Hours[2][10])
	}
	if _, err := s.Svc.Admin.CoachReport(ctx, s.Coach.ID, 5); core.ErrorCode(err) != core.EINVALID {
		t.Errorf("5 weeks: %v, want invalid", err)
	}

	x, err := s.Svc.Admin.CoachExport(ctx, s.Coach.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Bookings) != 4 || len(x.Payments) != 2 || len(x.Clients) != 5 {
		t.Fatalf("export: %d bookings, %d payments, %d clients", len(x.Bookings), len(x.Payments), len(x.Clients))
	}
	if b := x.Bookings[3]; b.ClientName != "Dan" || b.TypeName != "Yoga class" || b.Status != core.BookingConfirmed {
		t.Errorf("last booking row = %+v", b)
	}
}

// testAppLinks: a calendar link opens once, for its client, within its
// time; reused or late, it is refused.
func testAppLinks(t *testing.T, open Opener) {
	f := newFixture(t, open)
	ann := f.client("Ann")
	nonce, expires, err := f.svc.Accounts.NewAppLink(f.ctx, ann.ID)
	f.must(err)
	if !expires.Equal(T0.Add(core.AppLinkTTL)) {
		t.Errorf("expires %v", expires)
	}
	c, err := f.svc.Accounts.RedeemAppLink(f.ctx, nonce)
	f.must(err)
	if c.ID != ann.ID {
		t.Fatalf("link opened for client %d, want %d", c.ID, ann.ID)
	}
	_, err = f.svc.Accounts.RedeemAppLink(f.ctx, nonce)
	expectCode(t, err, core.EUNAUTHORIZED)

	late, _, err := f.svc.Accounts.NewAppLink(f.ctx, ann.ID)
	f.must(err)
	f.clock.Advance(core.AppLinkTTL)
	_, err = f.svc.Accounts.RedeemAppLink(f.ctx, late)
	expectCode(t, err, core.EUNAUTHORIZED)
	f.clock.Advance(-core.AppLinkTTL) // even back in time, an expired link stays used up
	_, err = f.svc.Accounts.RedeemAppLink(f.ctx, late)
	expectCode(t, err, core.EUNAUTHORIZED)

	_, _, err = f.svc.Accounts.NewAppLink(f.ctx, 999999)
	expectCode(t, err, core.ENOTFOUND)

	k1, err := f.svc.Accounts.AppSecret(f.ctx)
	f.must(err)
	k2, err := f.svc.Accounts.AppSecret(f.ctx)
	f.must(err)
	if len(k1) != 32 || string(k1) != string(k2) {
		t.Errorf("app secret not stable: %x vs %x", k1, k2)
	}
}

// testSlotGrid: a day's grid shows the coach's hours, the booked time
// taken and the rest open; a quote says how the booking would be paid.
func testSlotGrid(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	maria, pass := f.withPass("Maria", f.pack)
	noah := f.client("Noah")
	tue10 := slotAt(t, paris, "2026-06-02 10:00")
	q, err := f.svc.Slots.QuoteSlot(f.ctx, maria.ID, f.coach.ID, f.paid.ID, tue10)
	f.must(err)
	if q.Pass == nil || q.Pass.ID != pass.ID || !q.Bookable || q.Type.ID != f.paid.ID || !q.Start.Equal(tue10) {
		t.Fatalf("Maria's quote = %+v", q)
	}
	// The 1:1 session booking would create, as it would be made.
	if s := q.Session; s == nil || s.ID != 0 || s.Capacity != 1 || !s.Start.Equal(tue10) || s.End.Sub(s.Start) != f.paid.Duration ||
		s.Price != f.paid.Price || s.CreditCost != f.paid.CreditCost || s.Mode == "" {
		t.Fatalf("Maria's quote's session = %+v", q.Session)
	}
	if q, err = f.svc.Slots.QuoteSlot(f.ctx, noah.ID, f.coach.ID, f.paid.ID, tue10); err != nil || q.Pass != nil || !q.Bookable {
		t.Fatalf("Noah's quote = %+v, %v", q, err)
	}
	_, err = f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: tue10})
	f.must(err)
	day := slotAt(t, paris, "2026-06-02 00:00")
	grid, err := f.svc.Slots.SlotGrid(f.ctx, f.coach.ID, f.paid.ID, day, day.AddDate(0, 0, 1))
	f.must(err)
	openSlots, err := f.svc.Slots.OpenSlots(f.ctx, f.coach.ID, f.paid.ID, day, day.AddDate(0, 0, 1))
	f.must(err)
	var taken, opened []time.Time
	for _, s := range grid {
		if s.Open {
			opened = append(opened, s.Start)
		} else {
			taken = append(taken, s.Start)
		}
	}
	// The hour booked at 10:00 takes the half-hour starts that overlap it.
	if len(taken) != 3 || !taken[1].Equal(tue10) || len(opened) != len(openSlots) || len(opened) == 0 {
		t.Fatalf("grid: taken %v, %d open (OpenSlots %d)", taken, len(opened), len(openSlots))
	}
	for i := range opened {
		if !opened[i].Equal(openSlots[i]) {
			t.Fatalf("open slot %d = %v, OpenSlots says %v", i, opened[i], openSlots[i])
		}
	}
	_, err = f.svc.Slots.QuoteSlot(f.ctx, noah.ID, f.coach.ID, f.paid.ID, tue10)
	expectCode(t, err, core.ECONFLICT)

	class := f.session(f.class, 48*time.Hour, 1)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: class.ID})
	f.must(err)
	cq, err := f.svc.Slots.QuoteSession(f.ctx, noah.ID, class.ID)
	f.must(err)
	if !cq.Full || cq.Session.ID != class.ID || cq.Bookable || cq.Taken != 1 || cq.Waiting != 0 {
		t.Fatalf("Noah's class quote = %+v", cq)
	}
	lea, _ := f.withPass("Lea", f.pack)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: lea.ID, SessionID: class.ID})
	f.must(err)
	if cq, err = f.svc.Slots.QuoteSession(f.ctx, noah.ID, class.ID); err != nil || !cq.Full || cq.Waiting != 1 {
		t.Fatalf("with Lea waiting, Noah's class quote = %+v, %v", cq, err)
	}
}
