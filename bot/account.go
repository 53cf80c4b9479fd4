package bot

import (
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// The client's own pages, their account in the chat: bookings with cancel,
// join and calendar files (booking_mybookings.go, booking_cancel.go, ics.go), passes and
// packages (account_passes.go), payments (account_payments.go), statistics
// (account_stats.go), profile (account_profile.go) and progress (account_progress.go).
//
// Button data of these pages:
//
//	bv:<booking>              a booking's card
//	ics:<booking>             its calendar file
//	hi:<page>                 a page of /history
//	cx:<booking>              start cancelling
//	cxr:<step>:<reason>       a cancel reason (sick, conflict, travel, other)
//	cxy:<step>                confirm the cancel
//	pkb:<step>:<package>      buy a package
//	pf:<field>                edit a profile field (name, email, phone)
//	pfx:<field>               remove the email or phone
//	pg:<kind>                 log a measurement of a kind
//	pgc:<client>              a coach opens a client's progress
//	pgo:<client>:<1|0>        a coach turns a client's tracking on or off
//
// Reschedule buttons are encode("rs", id36(booking)), handled by the
// booking flows.

// registerAccount registers the client's own pages: bookings, passes,
// packages, payments, history, stats, profile, progress.
func (b *Bot) registerAccount() {
	b.registerMyBookings()
	b.registerCancel()
	b.registerPasses()
	b.registerMyPayments()
	b.registerStats()
	b.registerProfile()
	b.registerProgress()
}

// acctStatus words a booking's status for its client, with the waitlist
// position or what is owed.
func (b *Bot) acctStatus(t *turn, v *core.BookingView) string {
	bk := v.Booking
	switch {
	case bk.RescheduledTo != 0:
		return b.t(t, "my.status.moved")
	case v.CancelledByCoach():
		return b.t(t, "my.status.session_cancelled")
	case bk.Status == core.BookingWaitlisted:
		return b.t(t, "my.status.waitlisted", "Position", v.Position)
	case bk.Status == core.BookingPendingPayment:
		amount := v.Session.Price
		if v.Payment != nil {
			amount = v.Payment.Amount
		}
		if bk.HoldUntil.IsZero() {
			return b.t(t, "my.status.pending", "Amount", t.money(amount))
		}
		return b.t(t, "my.status.pending_until", "Amount", t.money(amount), "HoldUntil", t.when(bk.HoldUntil))
	case bk.Status == core.BookingConfirmed && !t.now.Before(v.Session.End):
		return b.t(t, "my.status.ended")
	case owesAtSession(v):
		return b.t(t, "my.status.confirmed_due", "Amount", t.money(v.Payment.Amount))
	}
	return b.t(t, "my.status."+string(bk.Status))
}

// owesAtSession reports whether a booking is confirmed with its price
// still due at the session.
func owesAtSession(v *core.BookingView) bool {
	return v.Booking.Status == core.BookingConfirmed && v.Payment != nil && v.Payment.Status == core.PaymentPending
}

// acctSessionLine is "Thu 4 Jun, 18:30 — Yoga flow (group) with Ana".
func (b *Bot) acctSessionLine(t *turn, v *core.BookingView) string {
	return b.t(t, "my.session_line", "When", t.when(v.Session.Start), "Type", v.Type.Name, "Coach", v.Coach.Name)
}

// acctWhere is where a session happens: its place, or "online".
func (b *Bot) acctWhere(t *turn, s *core.Session) string {
	if s.Mode == core.ModeOnline {
		return b.t(t, "my.online")
	}
	if s.Place == "" {
		return ""
	}
	return "📍 " + s.Place
}

// acctMoneyList renders amounts in several currencies: "€50.00 + $20.00".
func acctMoneyList(t *turn, ms []core.Money) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = t.money(m)
	}
	return strings.Join(parts, " + ")
}

// acctTypeNames lists session type names, or "" for none.
func acctTypeNames(ts []*core.SessionType) string {
	names := make([]string, len(ts))
	for i, x := range ts {
		names[i] = x.Name
	}
	return strings.Join(names, ", ")
}

// acctID reads an id kept in a conversation as base 36; a bad one makes
// the button that led here stale.
func acctID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 36, 64)
	if err != nil || id <= 0 {
		return 0, ErrStaleButton
	}
	return id, nil
}
