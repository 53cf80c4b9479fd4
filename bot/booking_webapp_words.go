package bot

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// The chat's words for the Mini App's page: what the page shows before
// a booking or a cancellation is what the chat shows, from the same
// functions, so no rule or wording lives twice.

// reader is a turn for words alone: someone reading lang in loc, now.
func (b *Bot) reader(lang string, loc *time.Location) *turn {
	if loc == nil {
		loc = time.UTC
	}
	return &turn{lang: Language(lang), loc: loc, now: b.clock.Now()}
}

// Summary is the chat's summary of a booking about to be made, for a
// page to show line for line.
type Summary struct {
	// Lines are the summary's lines, its title first; "" parts
	// paragraphs.
	Lines []string
	// Bookable says Confirm can book: a seat that cannot be paid (passes
	// only, none valid) cannot, unless it joins a waitlist.
	Bookable bool
	// Confirm is the Confirm button's label: the chat's Confirm, Book or
	// Join the waitlist.
	Confirm string
}

// QuoteSummary words a quote (core.Slots.QuoteSlot, QuoteSession) for
// someone reading lang in loc as the chat's summary words the same
// booking: /book's summary for a 1:1 time, with a class's seats for a
// group session.
func (b *Bot) QuoteSummary(lang string, loc *time.Location, q *core.BookingQuote) Summary {
	t := b.reader(lang, loc)
	s := q.Session
	class := s.Capacity > 1
	pay, ok := b.payWords(t, seatPay{pass: q.Pass, price: s.Price, credits: s.CreditCost, hold: q.Coach.Policy.UnpaidHold,
		mode: core.UnpaidModeFor(q.Coach, q.Type), class: class, full: q.Full})
	sum := summary{coach: q.Coach, typ: q.Type, at: s.Start, length: s.End.Sub(s.Start),
		where: b.whereText(t, s.Mode, s.Place, s.Link), pay: pay}
	confirm := b.t(t, "book.confirm")
	if class {
		sum.seats = b.seatsText(t, &core.ClassInfo{Session: s, Taken: q.Taken, Waiting: q.Waiting})
		confirm = b.t(t, "classes.book")
		if q.Full {
			confirm = b.t(t, "classes.join_waitlist", "Position", q.Waiting+1)
		}
	}
	return Summary{Lines: b.summaryLines(t, sum), Bookable: ok && q.Bookable || q.Full, Confirm: confirm}
}

// CancelSummary words what cancelling a booking would do for someone
// reading lang in loc, as the chat's preview does before its Confirm: the
// question, then the consequence (credit forfeited or back, fee, refund).
func (b *Bot) CancelSummary(lang string, loc *time.Location, v *core.BookingView, out *core.CancelOutcome) (string, []string) {
	t := b.reader(lang, loc)
	return b.cancelQuestion(t, v), b.cancelConsequence(t, v, out)
}

// StatusText words a booking's status for its client as "My bookings"
// does in the chat: the waitlist position, what is owed and until when.
func (b *Bot) StatusText(lang string, loc *time.Location, v *core.BookingView) string {
	return b.acctStatus(b.reader(lang, loc), v)
}
