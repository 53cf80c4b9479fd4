package bot

import (
	"context"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// Cancelling a booking: the reason (buttons, or typed for "other"), then
// a preview of what it costs from core's CancelPreview with "Move it
// instead", then Confirm. The flow's state lives in the conversation, and
// Confirm carries its step: a double tap cancels once, the second tap
// finds a newer step and is told the button expired.

// movedReason is stored when a client cancels, free of charge, a session
// the coach moved.
const movedReason = "Cannot make the new time"

// cancelFlow names the flow in the conversation.
const cancelFlow = "cancel"

// cancelReasonStored is what a reason button stores for the coach to
// read; "other" stores what is typed next.
func cancelReasonStored(code string) (string, bool) {
	switch code {
	case "sick":
		return "Sick", true
	case "conflict":
		return "Schedule conflict", true
	case "travel":
		return "Travel", true
	case "moved":
		return movedReason, true
	case "other":
		return "", true
	}
	return "", false
}

// cancelReasonLabel words a stored reason for the reader: a button's
// reason in their language, a typed one as it was typed.
func (b *Bot) cancelReasonLabel(t *turn, stored string) string {
	return reasonLabel(func(key string) string { return b.t(t, key) }, stored)
}

// reasonLabel words a stored cancel reason with text, the reader's
// texts: the client's for their pages, the coach's for their notice.
func reasonLabel(text func(key string) string, stored string) string {
	for _, code := range []string{"sick", "conflict", "travel", "moved"} {
		if s, _ := cancelReasonStored(code); s == stored {
			return text("my.reason." + code)
		}
	}
	return stored
}

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actCancel        = "cx"  // cx:<booking>
	actCancelReason  = "cxr" // cxr:<step>:<reason>
	actCancelConfirm = "cxy" // cxy:<step>
)

// registerCancel registers the cancel flow.
func (b *Bot) registerCancel() {
	b.action(actCancel, b.cancelStart)
	b.action(actCancelReason, b.cancelReason)
	b.action(actCancelConfirm, b.cancelConfirm)
	b.typed(cancelFlow, b.cancelText)
}

// cancelStart checks the booking can be cancelled and asks why.
func (b *Bot) cancelStart(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	v, _, err := b.svc.Bookings.CancelScreen(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{"booking": id36(id)}
	if err := b.advance(ctx, t, c, cancelFlow); err != nil {
		return err
	}
	s := step(c)
	t.say(b.t(t, "my.cancel.why", "Session", b.acctSessionLine(t, v)),
		row(btn(b.t(t, "my.cancel.sick"), actCancelReason, s, "sick"), btn(b.t(t, "my.cancel.conflict"), actCancelReason, s, "conflict")),
		row(btn(b.t(t, "my.cancel.travel"), actCancelReason, s, "travel"), btn(b.t(t, "my.cancel.other"), actCancelReason, s, "other")),
		row(btn(b.t(t, "my.cancel.keep"), actBookingCard, id36(id))))
	return nil
}

// cancelReason takes a reason button: "other" asks for a typed one, the
// rest go straight to the preview.
func (b *Bot) cancelReason(ctx context.Context, t *turn) error {
	c, err := b.current(ctx, t, cancelFlow, 0)
	if err != nil {
		return err
	}
	code, err := t.cb.arg(1)
	if err != nil {
		return err
	}
	stored, ok := cancelReasonStored(code)
	if !ok {
		return ErrStaleButton
	}
	if code == "other" {
		c.Data["typing"] = "1"
		if err := b.advance(ctx, t, c, cancelFlow); err != nil {
			return err
		}
		t.say(b.t(t, "my.cancel.type"), row(btn(b.t(t, "my.cancel.keep"), actBookingCard, c.Data["booking"])))
		t.replies[len(t.replies)-1].ExpectText = true
		return nil
	}
	c.Data["reason"] = stored
	delete(c.Data, "typing")
	if err := b.advance(ctx, t, c, cancelFlow); err != nil {
		return err
	}
	return b.cancelPreview(ctx, t, c)
}

// cancelText takes a typed reason at any point of the flow.
func (b *Bot) cancelText(ctx context.Context, t *turn) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(t.req.Text)
	if reason == "" {
		t.say(b.t(t, "my.cancel.type"), row(btn(b.t(t, "my.cancel.keep"), actBookingCard, c.Data["booking"])))
		t.replies[len(t.replies)-1].ExpectText = true
		return nil
	}
	if r := []rune(reason); len(r) > 300 {
		reason = string(r[:300])
	}
	c.Data["reason"] = reason
	delete(c.Data, "typing")
	if err := b.advance(ctx, t, c, cancelFlow); err != nil {
		return err
	}
	return b.cancelPreview(ctx, t, c)
}

// cancelPreview shows what cancelling costs and asks to confirm, offering
// to move the booking instead.
func (b *Bot) cancelPreview(ctx context.Context, t *turn, c *core.Conversation) error {
	id, err := acctID(c.Data["booking"])
	if err != nil {
		return err
	}
	v, out, err := b.svc.Bookings.CancelScreen(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	lines := []string{b.cancelQuestion(t, v)}
	lines = append(lines, b.cancelConsequence(t, v, out)...)
	if c.Data["reason"] != "" {
		lines = append(lines, b.t(t, "my.cancel.reason", "Reason", b.cancelReasonLabel(t, c.Data["reason"])))
	}
	var rows [][]Button
	if v.Booking.Status != core.BookingWaitlisted && core.CanReschedule(v.Coach.Policy, t.now, v.Session.Start) {
		rows = append(rows, row(btn(b.t(t, "my.cancel.move"), actReschedule, id36(id))))
	}
	rows = append(rows, row(btn(b.t(t, "my.cancel.confirm"), actCancelConfirm, step(c))),
		row(btn(b.t(t, "my.cancel.keep"), actBookingCard, id36(id))))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// cancelQuestion asks whether to cancel v, naming the session.
func (b *Bot) cancelQuestion(t *turn, v *core.BookingView) string {
	return b.t(t, "my.cancel.confirm_q", "Session", b.acctSessionLine(t, v))
}

// cancelConsequence words a preview: forfeit, fee, credit back, refund.
func (b *Bot) cancelConsequence(t *turn, v *core.BookingView, out *core.CancelOutcome) []string {
	var lines []string
	window := formatDuration(t.lang, v.Coach.Policy.CancelWindow)
	switch {
	case v.Booking.Status == core.BookingWaitlisted:
		return []string{b.t(t, "my.cancel.leave_waitlist")}
	case out.PaymentCancelled && v.Booking.Status == core.BookingPendingPayment:
		return []string{b.t(t, "my.cancel.drop_hold")}
	}
	if out.Late {
		switch out.Applied {
		case core.LateForfeit:
			switch {
			case out.CreditsForfeited > 0:
				lines = append(lines, b.t(t, "my.cancel.late_forfeit", "Count", out.CreditsForfeited, "Window", window))
			case v.Payment != nil && v.Payment.Status == core.PaymentPaid:
				lines = append(lines, b.t(t, "my.cancel.late_kept", "Window", window, "Amount", t.money(v.Payment.Amount)))
			default:
				lines = append(lines, b.t(t, "my.cancel.late", "Window", window))
			}
		case core.LateFee:
			lines = append(lines, b.t(t, "my.cancel.late_fee", "Window", window, "Fee", t.money(out.Fee)))
		default:
			lines = append(lines, b.t(t, "my.cancel.late_free", "Window", window))
		}
	}
	if out.CreditsReturned > 0 && v.Pass != nil {
		lines = append(lines, b.t(t, "my.cancel.returns", "Count", out.CreditsReturned, "Pass", v.Pass.Name))
	}
	if out.Refund.Amount > 0 {
		lines = append(lines, b.t(t, "my.cancel.refund", "Refund", t.money(out.Refund)))
	}
	if out.PaymentCancelled {
		lines = append(lines, b.t(t, "my.cancel.drop_payment"))
	}
	if len(lines) == 0 {
		lines = append(lines, b.t(t, "my.cancel.free"))
	}
	return lines
}

// cancelConfirm cancels once: the step moves on before the service is
// called, so a second tap of the same button is stale.
func (b *Bot) cancelConfirm(ctx context.Context, t *turn) error {
	c, err := b.current(ctx, t, cancelFlow, 0)
	if err != nil {
		return err
	}
	id, err := acctID(c.Data["booking"])
	if err != nil {
		return err
	}
	reason := c.Data["reason"]
	c.Data = map[string]string{}
	if err := b.advance(ctx, t, c, ""); err != nil {
		return err
	}
	v, out, err := b.svc.Bookings.CancelShown(ctx, core.CancelRequest{ClientID: t.client().ID, BookingID: id, Reason: reason})
	if err != nil {
		return err
	}
	lines := []string{b.t(t, "my.cancel.done", "Session", b.acctSessionLine(t, v))}
	switch {
	case out.CreditsForfeited > 0:
		lines = append(lines, b.t(t, "my.cancel.done_forfeit", "Count", out.CreditsForfeited))
	case out.CreditsReturned > 0 && v.Pass != nil:
		lines = append(lines, b.t(t, "my.cancel.done_returned", "Count", out.CreditsReturned, "Pass", v.Pass.Name, "CreditsLeft", v.Pass.CreditsLeft))
	}
	if out.Fee.Amount > 0 {
		lines = append(lines, b.t(t, "my.cancel.done_fee", "Fee", t.money(out.Fee)))
	}
	if out.Refund.Amount > 0 {
		lines = append(lines, b.t(t, "my.cancel.done_refund", "Refund", t.money(out.Refund)))
	}
	t.say(strings.Join(lines, "\n"),
		row(btn(b.t(t, "menu.book"), actMenu, "book"), btn(b.t(t, "menu.mybookings"), actMenu, "mybookings")))
	return nil
}
