package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// registerMyPayments registers /payments: what is due, with a total per
// currency, and receipts for what was paid. The
// Pay buttons and the by-hand wording come from account_pay.go.
func (b *Bot) registerMyPayments() {
	b.command("payments", b.myPayments)
}

// receiptsShown bounds the receipts /payments lists, latest first.
const receiptsShown = 15

// myPayments lists dues with their total and the latest receipts.
func (b *Bot) myPayments(ctx context.Context, t *turn) error {
	pays, err := b.svc.Payments.MyPayments(ctx, t.client().ID)
	if err != nil {
		return err
	}
	passes, err := b.svc.Passes.ClientPasses(ctx, t.client().ID)
	if err != nil {
		return err
	}
	var text strings.Builder
	var rows [][]Button
	text.WriteString(b.t(t, "my.payments.title"))
	if len(pays.Due) == 0 {
		text.WriteString("\n\n" + b.t(t, "my.payments.nothing_due"))
	} else {
		text.WriteString("\n\n" + b.t(t, "my.payments.due"))
		for _, l := range pays.Due {
			text.WriteString("\n• " + b.t(t, "my.payments.due_line", "What", b.acctPaidFor(t, l), "Amount", t.money(l.Payment.Amount)))
			if l.Booking != nil && l.Booking.Status == core.BookingPendingPayment && !l.Booking.HoldUntil.IsZero() &&
				l.Payment.Purpose == core.PurposeBooking {
				text.WriteString(" " + b.t(t, "my.payments.held_until", "HoldUntil", t.when(l.Booking.HoldUntil)))
			}
			if l.Booking != nil && l.Booking.Status == core.BookingConfirmed && l.Payment.Purpose == core.PurposeBooking {
				text.WriteString(" " + b.t(t, "my.payments.due_at_session"))
			}
			if b.opts.Checkout != nil {
				rows = append(rows, row(b.payNowButton(t, l.Payment)))
			}
			if pass := duePass(passes, t.now, l); pass != nil {
				rows = append(rows, row(btn(b.t(t, "my.payments.use_pass", "What", b.dueShort(t, l), "Pass", pass.Name),
					actPayWithPass, id36(l.Booking.ID), id36(pass.ID))))
			}
		}
		text.WriteString("\n" + b.t(t, "my.payments.total", "Total", acctMoneyList(t, pays.DueTotal)))
		if b.opts.Checkout == nil {
			text.WriteString("\n" + b.payByHand(t))
		}
	}
	if len(pays.Receipts) > 0 {
		text.WriteString("\n\n" + b.t(t, "my.payments.receipts"))
		for _, l := range pays.Receipts[:min(len(pays.Receipts), receiptsShown)] {
			p := l.Payment
			text.WriteString("\n• " + b.t(t, "my.payments.receipt", "PaidAt", t.when(p.PaidAt), "Amount", t.money(p.Amount), "What", b.acctPaidFor(t, l), "Method", b.t(t, "my.method."+acctMethod(p.Method))))
			if p.Status == core.PaymentRefunded {
				text.WriteString(" · " + b.t(t, "my.payments.refunded"))
			} else if p.RefundDue {
				text.WriteString(" · " + b.t(t, "my.payments.refund_due"))
			}
		}
	}
	rows = append(rows, row(btn(b.t(t, "menu.passes"), actMenu, "passes"), btn(b.t(t, "menu.mybookings"), actMenu, "mybookings")))
	t.say(text.String(), rows...)
	return nil
}

// duePass is the reader's pass that could pay a booking still waiting for
// its money (held, or due at the session) instead, or nil: the one tap
// of PayWithPass.
func duePass(passes []*core.Pass, now time.Time, l *core.PaymentLine) *core.Pass {
	if l.Booking == nil || l.Type == nil || l.Session == nil || l.Payment.Purpose != core.PurposeBooking || l.Session.CreditCost == 0 ||
		!now.Before(l.Session.Start) {
		return nil
	}
	if st := l.Booking.Status; st != core.BookingConfirmed && st != core.BookingPendingPayment {
		return nil
	}
	typ := *l.Type
	typ.CreditCost = l.Session.CreditCost
	return payingPass(passes, now, &typ, l.Session.Start)
}

// dueShort names a booking on a button: its type and when.
func (b *Bot) dueShort(t *turn, l *core.PaymentLine) string {
	return l.Type.Name + ", " + t.when(l.Session.Start)
}

// acctPaidFor words what a payment is for: a session, a package, a fee.
func (b *Bot) acctPaidFor(t *turn, l *core.PaymentLine) string {
	switch {
	case l.Package != nil:
		return b.t(t, "my.for.package", "Package", l.Package.Name)
	case l.Session != nil && l.Payment.Purpose == core.PurposeFee:
		return b.t(t, "my.for.fee", "Type", l.Type.Name, "Start", t.when(l.Session.Start))
	case l.Session != nil:
		return b.t(t, "my.for.session", "Type", l.Type.Name, "Start", t.when(l.Session.Start))
	}
	return b.t(t, "my.for.other")
}

// acctMethod names a payment method's text key.
func acctMethod(m string) string {
	if m == core.MethodStripe {
		return "stripe"
	}
	return "manual"
}
