package core

import "time"

// IsLate reports whether cancelling at now falls inside the coach's late
// window before start.
func IsLate(p Policy, now, start time.Time) bool {
	return now.Add(p.CancelWindow).After(start)
}

// CanReschedule reports whether a client may still move a booking that
// starts at start.
func CanReschedule(p Policy, now, start time.Time) bool {
	return !now.Add(p.RescheduleNotice).After(start)
}

// CancelOutcome is what a cancellation does to the client's credits and
// money. The bot shows it before asking for confirmation.
type CancelOutcome struct {
	Late             bool        // inside the late window
	Applied          LateOutcome // the late rule applied, when Late
	CreditsReturned  int         // credits that go back to the pass
	CreditsForfeited int         // credits the client loses
	Refund           Money       // money to give back
	Fee              Money       // a late fee now due
	PaymentCancelled bool        // an unpaid hold is dropped
}

// CancelConsequence decides, without side effects, what cancelling b
// costs. payment is the booking's payment or nil. byCoach: a coach
// cancelling never costs the client anything.
func CancelConsequence(p Policy, now time.Time, s *Session, b *Booking, payment *Payment, byCoach bool) CancelOutcome {
	var o CancelOutcome
	switch b.Status {
	case BookingWaitlisted:
		return o
	case BookingPendingPayment:
		o.PaymentCancelled = payment != nil && payment.Status == PaymentPending
		return o
	}
	o.Late = !byCoach && IsLate(p, now, s.Start)
	rule := LateNone
	if o.Late {
		rule = p.LateOutcome
		o.Applied = rule
	}
	paid := payment != nil && payment.Status == PaymentPaid && !payment.RefundDue
	switch rule {
	case LateForfeit:
		o.CreditsForfeited = b.Credits
	case LateFee:
		o.CreditsReturned = b.Credits
		o.Fee = p.LateFee
		if paid {
			o.Refund = payment.Amount
		}
	default:
		o.CreditsReturned = b.Credits
		if paid {
			o.Refund = payment.Amount
		}
	}
	if payment != nil && payment.Status == PaymentPending {
		o.PaymentCancelled = true
	}
	return o
}

// ReminderTimes lists when reminders for a session starting at start are
// due, skipping those already past at now.
func ReminderTimes(p Policy, now, start time.Time) []time.Time {
	var out []time.Time
	for _, off := range p.ReminderOffsets {
		if due := start.Add(-off); due.After(now) {
			out = append(out, due)
		}
	}
	return out
}
