package bot

import (
	"context"

	"github.com/slotbot/slotbot/core"
)

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actOfferAccept = "oa" // oa:<booking36>
	actOfferPass   = "op" // op:<booking36>
)

// registerNotices registers the buttons that notices carry beyond those
// of other flows: Accept and Pass on a late-window seat offer. Cancel,
// Reschedule and the booking card reuse the account flows' actions.
func (b *Bot) registerNotices() {
	b.action(actOfferAccept, b.acceptOffer)
	b.action(actOfferPass, b.passOffer)
}

// acceptOffer takes an offered seat; core charges the pass or opens the
// payment and checks the booking is the caller's.
func (b *Bot) acceptOffer(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	bk, err := b.svc.Bookings.AcceptOffer(ctx, t.client().ID, id)
	if core.ErrorCode(err) == core.ECONFLICT {
		t.say(b.t(t, "notice.offer.closed"), row(btn(b.t(t, "menu.mybookings"), actMenu, "mybookings")))
		return nil
	}
	if err != nil {
		return err
	}
	v, err := b.svc.Bookings.MyBooking(ctx, t.client().ID, bk.ID)
	if err != nil {
		return err
	}
	what, when := v.Type.Name, t.when(v.Session.Start)
	switch bk.Status {
	case core.BookingConfirmed:
		t.say(b.t(t, "notice.offer.taken", "What", what, "Coach", v.Coach.Name, "When", when), row(btn(b.t(t, "notice.btn.booking"), actBookingCard, id36(bk.ID))))
	case core.BookingPendingPayment:
		amount := v.Session.Price
		if v.Payment != nil {
			amount = v.Payment.Amount
		}
		t.say(b.t(t, "notice.offer.pay", "What", what, "When", when, "Amount", t.money(amount), "Until", t.when(bk.HoldUntil)),
			row(btn(b.t(t, "menu.payments"), actMenu, "payments")))
	default:
		t.say(b.t(t, "notice.offer.no_pass", "What", what), row(btn(b.t(t, "menu.packages"), actMenu, "packages")))
	}
	return nil
}

// passOffer declines an offered seat, which goes to the next in line.
func (b *Bot) passOffer(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	err = b.svc.Bookings.PassOffer(ctx, t.client().ID, id)
	if core.ErrorCode(err) == core.ECONFLICT {
		t.say(b.t(t, "notice.offer.closed"), row(btn(b.t(t, "menu.mybookings"), actMenu, "mybookings")))
		return nil
	}
	if err != nil {
		return err
	}
	t.say(b.t(t, "notice.offer.passed"), row(btn(b.t(t, "menu.classes"), actMenu, "classes")))
	return nil
}
