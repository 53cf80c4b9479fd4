package bot

import (
	"context"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// A class's page and booking it: Book while seats remain, Join waitlist
// when full; the pass is chosen by the service, as the page says.

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actClassDetail = "clsd" // clsd:<session36>
	actClassBook   = "clsb" // clsb:<session36>
)

// classDetailB opens a class's page from a button.
func (b *Bot) classDetailB(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	return b.classDetail(ctx, t, id)
}

// classDetail shows one session with everything needed to decide, and
// the button that fits: Book, Join waitlist, or Reschedule for one's own.
func (b *Bot) classDetail(ctx context.Context, t *turn, id int64) error {
	ci, err := b.svc.Catalog.SessionDetail(ctx, id, t.client().ID)
	if core.ErrorCode(err) == core.ENOTFOUND || (err == nil && ci.Session.Capacity == 1 && ci.Mine == nil) {
		// Someone else's 1:1 is nobody's business: as good as gone.
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "classes.gone")))
		return nil
	} else if err != nil {
		return err
	}
	s := ci.Session
	lines := []string{
		ci.Type.Name,
		b.t(t, "classes.detail_when", "When", t.when(s.Start), "Duration", formatDuration(t.lang, s.End.Sub(s.Start)), "Zone", t.loc.String()),
		b.t(t, "classes.detail_coach", "Coach", ci.Coach.Name),
		b.whereText(t, s.Mode, s.Place, s.Link),
		b.seatsText(t, ci),
		b.t(t, "classes.deadline_long", "Deadline", t.when(s.BookingDeadline())),
		b.t(t, "classes.price", "Price", b.priceText(t, s.Price, s.CreditCost)),
	}
	if l := b.passesLine(t, ci); l != "" {
		lines = append(lines, l)
	}
	if s.Notes != "" {
		lines = append(lines, "📝 "+s.Notes)
	}
	for _, l := range s.Links {
		lines = append(lines, "🔗 "+linkLabel(l))
	}
	var rows [][]Button
	open := s.Status == core.SessionScheduled && t.now.Before(s.BookingDeadline())
	switch {
	case s.Status == core.SessionCancelled:
		lines = append(lines, "", b.t(t, "classes.cancelled"))
	case ci.Mine != nil:
		lines = append(lines, "", b.mineText(t, ci))
		if ci.Mine.Status != core.BookingWaitlisted && s.Status == core.SessionScheduled {
			rows = append(rows, row(btn(b.t(t, "rs.button"), actReschedule, id36(ci.Mine.ID))))
		}
	case !open:
		lines = append(lines, "", b.t(t, "classes.closed"))
	default:
		line, err := b.classPayLine(ctx, t, ci)
		if err != nil {
			return err
		}
		if line != "" {
			lines = append(lines, "", line)
		}
		label := b.t(t, "classes.book")
		if ci.SeatsLeft() == 0 {
			label = b.t(t, "classes.join_waitlist", "Position", ci.Waiting+1)
		}
		rows = append(rows, row(btn(label, actClassBook, id36(s.ID))))
	}
	if s.Capacity > 1 {
		rows = append(rows, row(Button{Label: b.t(t, "classes.back"), Data: classView{list: true, span: "up"}.data()}))
	}
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// classPayLine says how a seat would be paid: which of the reader's
// passes, the price, or that a pass is needed. When the class is full it
// says how a spot freeing up from the waitlist would be paid instead.
func (b *Bot) classPayLine(ctx context.Context, t *turn, ci *core.ClassInfo) (string, error) {
	return b.seatPayLine(ctx, t, ci, ci.SeatsLeft() == 0)
}

// seatPayLine is classPayLine for a seat taken now, or (waitlist) one
// taken later, when a spot frees up for the reader.
func (b *Bot) seatPayLine(ctx context.Context, t *turn, ci *core.ClassInfo, waitlist bool) (string, error) {
	s := ci.Session
	p := seatPay{price: s.Price, credits: s.CreditCost, class: true, full: waitlist, mode: core.UnpaidModeFor(ci.Coach, ci.Type)}
	if s.CreditCost > 0 {
		passes, err := b.svc.Passes.PassesOf(ctx, t.client())
		if err != nil {
			return "", err
		}
		typ := *ci.Type
		typ.CreditCost = s.CreditCost
		p.pass = payingPass(passes, t.now, &typ, s.Start)
	}
	line, _ := b.payWords(t, p)
	return line, nil
}

// classBook books a seat, or a place on the waitlist when the class is
// full. A second tap is refused by the service ("You already have a
// place"), so it acts once.
func (b *Bot) classBook(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	ci, err := b.svc.Catalog.SessionDetail(ctx, id, t.client().ID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "classes.gone")))
		return nil
	} else if err != nil {
		return err
	}
	if ci.Session.Capacity == 1 {
		return ErrStaleButton // 1:1 times are booked through /book
	}
	res, err := b.svc.Bookings.Book(ctx, core.BookRequest{ClientID: t.client().ID, SessionID: id})
	if err != nil {
		return err
	}
	waitPay := ""
	if res.Booking.Status == core.BookingWaitlisted {
		// How a spot would be paid depends on the reader's passes: the
		// reply says it, not a promise that holds for pass holders only.
		if waitPay, err = b.seatPayLine(ctx, t, ci, true); err != nil {
			return err
		}
	}
	return b.sayBooked(ctx, t, res, ci.Type.Name, ci.Coach.Name, ci.Session.Start, waitPay)
}
