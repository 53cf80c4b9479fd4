package core_test

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func TestCancelConsequence(t *testing.T) {
	start := time.Date(2026, 6, 2, 18, 0, 0, 0, time.UTC)
	fee := core.Money{Amount: 1500, Currency: "EUR"}
	price := core.Money{Amount: 5000, Currency: "EUR"}
	pol := func(o core.LateOutcome) core.Policy {
		p := core.DefaultPolicy()
		p.LateOutcome = o
		if o == core.LateFee {
			p.LateFee = fee
		}
		return p
	}
	sess := &core.Session{Start: start}
	passBooking := &core.Booking{Status: core.BookingConfirmed, PassID: 1, Credits: 1, Charged: true}
	paidBooking := &core.Booking{Status: core.BookingConfirmed, PaymentID: 1}
	paid := &core.Payment{Status: core.PaymentPaid, Amount: price}
	pending := &core.Payment{Status: core.PaymentPending, Amount: price}
	early, late := start.Add(-48*time.Hour), start.Add(-2*time.Hour)
	edge := start.Add(-24 * time.Hour)
	for _, tc := range []struct {
		name    string
		p       core.Policy
		now     time.Time
		b       *core.Booking
		pay     *core.Payment
		byCoach bool
		want    core.CancelOutcome
	}{
		{"EarlyCreditBack", pol(core.LateForfeit), early, passBooking, nil, false, core.CancelOutcome{CreditsReturned: 1}},
		{"ExactlyAtWindowIsOnTime", pol(core.LateForfeit), edge, passBooking, nil, false, core.CancelOutcome{CreditsReturned: 1}},
		{"LateForfeit", pol(core.LateForfeit), late, passBooking, nil, false, core.CancelOutcome{Late: true, Applied: core.LateForfeit, CreditsForfeited: 1}},
		{"LateFee", pol(core.LateFee), late, passBooking, nil, false, core.CancelOutcome{Late: true, Applied: core.LateFee, CreditsReturned: 1, Fee: fee}},
		{"LateNone", pol(core.LateNone), late, passBooking, nil, false, core.CancelOutcome{Late: true, Applied: core.LateNone, CreditsReturned: 1}},
		{"EarlyRefund", pol(core.LateForfeit), early, paidBooking, paid, false, core.CancelOutcome{Refund: price}},
		{"LateForfeitKeepsMoney", pol(core.LateForfeit), late, paidBooking, paid, false, core.CancelOutcome{Late: true, Applied: core.LateForfeit}},
		{"CoachAlwaysFree", pol(core.LateForfeit), late, paidBooking, paid, true, core.CancelOutcome{Refund: price}},
		{"UnpaidHoldDropped", pol(core.LateForfeit), late, &core.Booking{Status: core.BookingPendingPayment, PaymentID: 1}, pending, false, core.CancelOutcome{PaymentCancelled: true}},
		{"WaitlistCostsNothing", pol(core.LateForfeit), late, &core.Booking{Status: core.BookingWaitlisted}, nil, false, core.CancelOutcome{}},
		{"NeverRefundTwice", pol(core.LateForfeit), early, paidBooking, &core.Payment{Status: core.PaymentPaid, Amount: price, RefundDue: true}, false, core.CancelOutcome{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := core.CancelConsequence(tc.p, tc.now, sess, tc.b, tc.pay, tc.byCoach); got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestReminderTimesSkipThePast(t *testing.T) {
	start := time.Date(2026, 6, 2, 18, 0, 0, 0, time.UTC)
	got := core.ReminderTimes(core.DefaultPolicy(), start.Add(-3*time.Hour), start)
	if len(got) != 1 || !got[0].Equal(start.Add(-time.Hour)) {
		t.Fatalf("got %v", got)
	}
}

func TestValidationMessages(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"CoachZone", (&core.Coach{Name: "A", Zone: "Mars/Base", Policy: core.DefaultPolicy()}).Validate()},
		{"CoachNoName", (&core.Coach{Zone: "Europe/Paris", Policy: core.DefaultPolicy()}).Validate()},
		{"FeeWithoutAmount", (&core.Policy{UnpaidHold: time.Minute, LateOutcome: core.LateFee}).Validate()},
		{"ClientEmail", (&core.Client{Name: "A", Email: "not-an-email"}).Validate()},
		{"ClientPhone", (&core.Client{Name: "A", Phone: "call me"}).Validate()},
		{"TypeNoMode", (&core.SessionType{Name: "X", Duration: time.Hour, Capacity: 1}).Validate()},
		{"TypeShort", (&core.SessionType{Name: "X", Duration: time.Minute, Capacity: 1, Online: true}).Validate()},
		{"PriceNoCurrency", (&core.SessionType{Name: "X", Duration: time.Hour, Capacity: 1, Online: true, Price: core.Money{Amount: 5}}).Validate()},
		{"PackageNoCredits", (&core.Package{Name: "X", ValidityDays: 1, DeductAt: core.DeductAtBooking}).Validate()},
		{"SessionEndsBeforeStart", (&core.Session{CoachID: 1, TypeID: 1, Capacity: 1, Mode: core.ModeOnline, Status: core.SessionScheduled}).Validate()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if core.ErrorCode(tc.err) != core.EINVALID || core.ErrorMessage(tc.err) == "" {
				t.Fatalf("got %v, want EINVALID with a message", tc.err)
			}
		})
	}
}
