package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Paying, as clients see it. With online payment (Options.Checkout, e.g.
// Stripe) a pending payment shows a Pay button that opens the provider's
// page; without it, payments stay pending and the client is told to pay
// the coach, who marks them paid. The flows that show a pending payment
// (booking, /mybookings, /payments, /packages, notices) call payButton
// for a link made now, or payNowButton for a button that makes the link
// when pressed (for messages read later, whose links could have expired).

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actPay         = "pay" // pay:<payment id>
	actPayWithPass = "ppw" // ppw:<booking>:<pass>: pay a held or due booking with a pass
)

// registerPayments registers the Pay button's action.
func (b *Bot) registerPayments() {
	b.action(actPay, b.payNow)
	b.action(actPayWithPass, b.payWithPass)
}

// payWithPass pays a booking still waiting for its money with one of the
// reader's passes, in one tap (core.Passes.PayWithPass checks the
// booking and the pass are theirs and that something is still due).
func (b *Bot) payWithPass(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	pass, err := t.cb.argID(1)
	if err != nil {
		return err
	}
	res, err := b.svc.Passes.PayWithPass(ctx, t.client().ID, id, pass)
	if core.ErrorCode(err) == core.ENOTFOUND || core.ErrorCode(err) == core.EUNAUTHORIZED {
		return ErrStaleButton
	}
	if err != nil {
		return err
	}
	v, err := b.svc.Bookings.MyBooking(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	left := res.Pass.CreditsLeft
	if passes, err := b.svc.Passes.ClientPasses(ctx, t.client().ID); err == nil {
		for _, p := range passes {
			if p.ID == res.Pass.ID {
				left = creditsLeft(p)
			}
		}
	}
	text := b.t(t, "pay.with_pass_done", "Pass", res.Pass.Name, "Type", v.Type.Name, "When", t.when(v.Session.Start),
		"Credits", b.t(t, "book.price_credits", "Count", res.Booking.Credits), "Left", left)
	t.say(text, row(btn(b.t(t, "notice.btn.booking"), actBookingCard, id36(id))), row(btn(b.t(t, "menu.payments"), actMenu, "payments")))
	return nil
}

// payButton is the Pay button of a pending payment: a link to the
// provider's page, made now. It reports false when payments are not
// online or p is not pending; callers then say how to pay by hand
// (payByHand). When online payment is configured but the page cannot be
// made now, it is a button that tries again when pressed, and down is
// set: callers say that online payment is down (pay.online_down).
func (b *Bot) payButton(ctx context.Context, t *turn, p *core.Payment) (button Button, ok, down bool) {
	if p == nil {
		return Button{}, false, false
	}
	return b.payButtonLabelled(ctx, t, p, b.t(t, "pay.button", "Amount", t.money(p.Amount)))
}

// payButtonLabelled is payButton with the button's label given.
func (b *Bot) payButtonLabelled(ctx context.Context, t *turn, p *core.Payment, label string) (Button, bool, bool) {
	if b.opts.Checkout == nil || p == nil || p.Status != core.PaymentPending {
		return Button{}, false, false
	}
	u, err := b.opts.Checkout.CheckoutURL(ctx, p)
	if err != nil {
		b.logCheckout(p, err)
		retry := b.payNowButton(t, p)
		retry.Label = label
		return retry, true, true
	}
	return Button{Label: label, URL: u}, true, false
}

// payNowButton is a Pay button that makes the payment page only when
// pressed, then answers with the link; it suits notices and lists.
func (b *Bot) payNowButton(t *turn, p *core.Payment) Button {
	return btn(b.t(t, "pay.button", "Amount", t.money(p.Amount)), actPay, id36(p.ID))
}

// payByHand is the line that tells a client how a pending payment is paid
// when payments are not online.
func (b *Bot) payByHand(t *turn) string { return b.t(t, "pay.by_hand") }

// payNow answers a pressed payNowButton: the link to pay, or why there is
// nothing to pay. Only the payment's own client may press it.
func (b *Bot) payNow(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	p, err := b.svc.Payments.ClientPayment(ctx, t.client().ID, id)
	switch core.ErrorCode(err) {
	case core.ENOTFOUND, core.EUNAUTHORIZED:
		return ErrStaleButton // gone, or someone else's payment: as if the button never existed
	case "":
	default:
		return err
	}
	payments := row(btn(b.t(t, "menu.payments"), actMenu, "payments"))
	switch p.Status {
	case core.PaymentPaid:
		t.say(b.t(t, "pay.already_paid", "Amount", t.money(p.Amount)), payments)
		return nil
	case core.PaymentRefunded:
		t.say(b.t(t, "pay.refunded", "Amount", t.money(p.Amount)), payments)
		return nil
	case core.PaymentCancelled:
		t.say(b.t(t, "pay.cancelled"), row(btn(b.t(t, "menu.book"), actMenu, "book")), payments)
		return nil
	}
	if b.opts.Checkout == nil {
		what, _ := b.paymentWhat(ctx, t, p)
		t.say(b.t(t, "pay.due", "Amount", t.money(p.Amount), "What", what)+"\n"+b.payByHand(t), payments)
		return nil
	}
	u, err := b.opts.Checkout.CheckoutURL(ctx, p)
	switch code := core.ErrorCode(err); {
	case code == core.ECONFLICT:
		t.say(b.t(t, "pay.not_payable"), row(btn(b.t(t, "menu.mybookings"), actMenu, "mybookings")), payments)
		return nil
	case err != nil:
		b.logCheckout(p, err)
		lines := []string{b.t(t, "pay.online_down")}
		if _, hold := b.paymentWhat(ctx, t, p); !hold.IsZero() {
			lines = append(lines, b.t(t, "pay.held_until", "Until", t.when(hold)))
		}
		t.say(strings.Join(lines, "\n"), row(b.payNowButton(t, p)), payments)
		return nil
	}
	what, hold := b.paymentWhat(ctx, t, p) // after the link: opening it may stretch the hold
	lines := []string{b.t(t, "pay.open", "Amount", t.money(p.Amount), "What", what)}
	if !hold.IsZero() {
		lines = append(lines, b.t(t, "pay.held_until", "Until", t.when(hold)))
	}
	t.say(strings.Join(lines, "\n"), row(Button{Label: b.t(t, "pay.button", "Amount", t.money(p.Amount)), URL: u}), payments)
	return nil
}

// paymentWhat names what a pending payment pays for ("Standard session,
// Thu 4 Jun, 10:00" or "package “5 sessions”") and until when its seat is
// held, if it holds one.
func (b *Bot) paymentWhat(ctx context.Context, t *turn, p *core.Payment) (string, time.Time) {
	mine, err := b.svc.Payments.MyPayments(ctx, p.ClientID)
	if err != nil {
		b.log.Warn("bot: reading payments", "client_id", p.ClientID, "err", err)
		return b.t(t, "pay.what"), time.Time{}
	}
	for _, l := range mine.Due {
		if l.Payment.ID != p.ID {
			continue
		}
		var hold time.Time
		if l.Booking != nil && l.Booking.Status == core.BookingPendingPayment {
			hold = l.Booking.HoldUntil
		}
		switch {
		case l.Package != nil:
			return b.t(t, "pay.what_package", "Package", l.Package.Name), hold
		case l.Type != nil && l.Session != nil && p.Purpose == core.PurposeFee:
			return b.t(t, "pay.what_fee", "Type", l.Type.Name, "Start", t.when(l.Session.Start)), hold
		case l.Type != nil && l.Session != nil:
			return b.t(t, "pay.what_session", "Type", l.Type.Name, "Start", t.when(l.Session.Start)), hold
		}
	}
	return b.t(t, "pay.what"), time.Time{}
}

// logCheckout logs a payment page that could not be made: our faults as
// errors, the provider being down as a warning.
func (b *Bot) logCheckout(p *core.Payment, err error) {
	if core.ErrorCode(err) == core.EINTERNAL {
		b.log.Error("bot: checkout link", "payment_id", p.ID, "err", err)
		return
	}
	b.log.Warn("bot: checkout link", "payment_id", p.ID, "err", err)
}
