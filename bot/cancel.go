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
	case "other":
		return "", true
	}
	return "", false
}

// cancelReasonLabel words a stored reason for the reader: a button's
// reason in their language, a typed one as it was typed.
func (b *Bot) cancelReasonLabel(t *turn, stored string) string {
	for _, code := range []string{"sick", "conflict", "travel"} {
		if s, _ := cancelReasonStored(code); s == stored {
			return b.t(t, "my.reason."+code)
		}
	}
	return stored
}

// registerCancel registers the cancel flow.
func (b *Bot) registerCancel() {
	b.action("cx", b.cancelStart)    // cx:<booking>
	b.action("cxr", b.cancelReason)  // cxr:<step>:<reason>
	b.action("cxy", b.cancelConfirm) // cxy:<step>
	b.texts[cancelFlow] = b.cancelText
}

// cancelStart checks the booking can be cancelled and asks why.
func (b *Bot) cancelStart(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	v, _, err := b.svc.CancelScreen(ctx, t.client().ID, id)
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
	t.say(b.t(t, "my.cancel.why", b.acctSessionLine(t, v)),
		row(btn(b.t(t, "my.cancel.sick"), "cxr", s, "sick"), btn(b.t(t, "my.cancel.conflict"), "cxr", s, "conflict")),
		row(btn(b.t(t, "my.cancel.travel"), "cxr", s, "travel"), btn(b.t(t, "my.cancel.other"), "cxr", s, "other")),
		row(btn(b.t(t, "my.cancel.keep"), "bv", id36(id))))
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
		t.say(b.t(t, "my.cancel.type"), row(btn(b.t(t, "my.cancel.keep"), "bv", c.Data["booking"])))
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
		t.say(b.t(t, "my.cancel.type"), row(btn(b.t(t, "my.cancel.keep"), "bv", c.Data["booking"])))
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
	v, out, err := b.svc.CancelScreen(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	lines := []string{b.t(t, "my.cancel.confirm_q", b.acctSessionLine(t, v))}
	lines = append(lines, b.cancelConsequence(t, v, out)...)
	if c.Data["reason"] != "" {
		lines = append(lines, b.t(t, "my.cancel.reason", b.cancelReasonLabel(t, c.Data["reason"])))
	}
	var rows [][]Button
	if v.Booking.Status != core.BookingWaitlisted {
		rows = append(rows, row(btn(b.t(t, "my.cancel.move"), "rs", id36(id))))
	}
	rows = append(rows, row(btn(b.t(t, "my.cancel.confirm"), "cxy", step(c))),
		row(btn(b.t(t, "my.cancel.keep"), "bv", id36(id))))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// cancelConsequence words a preview: forfeit, fee, credit back, refund.
func (b *Bot) cancelConsequence(t *turn, v *core.BookingView, out *core.CancelOutcome) []string {
	var lines []string
	window := formatDuration(v.Coach.Policy.CancelWindow)
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
				lines = append(lines, b.cat.plural(t.lang, "my.cancel.late_forfeit", out.CreditsForfeited, window))
			case v.Payment != nil && v.Payment.Status == core.PaymentPaid:
				lines = append(lines, b.t(t, "my.cancel.late_kept", window, t.money(v.Payment.Amount)))
			default:
				lines = append(lines, b.t(t, "my.cancel.late", window))
			}
		case core.LateFee:
			lines = append(lines, b.t(t, "my.cancel.late_fee", window, t.money(out.Fee)))
		default:
			lines = append(lines, b.t(t, "my.cancel.late_free", window))
		}
	}
	if out.CreditsReturned > 0 && v.Pass != nil {
		lines = append(lines, b.cat.plural(t.lang, "my.cancel.returns", out.CreditsReturned, v.Pass.Name))
	}
	if out.Refund.Amount > 0 {
		lines = append(lines, b.t(t, "my.cancel.refund", t.money(out.Refund)))
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
	v, out, err := b.svc.CancelShown(ctx, core.CancelRequest{ClientID: t.client().ID, BookingID: id, Reason: reason})
	if err != nil {
		return err
	}
	lines := []string{b.t(t, "my.cancel.done", b.acctSessionLine(t, v))}
	switch {
	case out.CreditsForfeited > 0:
		lines = append(lines, b.cat.plural(t.lang, "my.cancel.done_forfeit", out.CreditsForfeited))
	case out.CreditsReturned > 0 && v.Pass != nil:
		lines = append(lines, b.cat.plural(t.lang, "my.cancel.done_returned", out.CreditsReturned, v.Pass.Name, v.Pass.CreditsLeft))
	}
	if out.Fee.Amount > 0 {
		lines = append(lines, b.t(t, "my.cancel.done_fee", t.money(out.Fee)))
	}
	if out.Refund.Amount > 0 {
		lines = append(lines, b.t(t, "my.cancel.done_refund", t.money(out.Refund)))
	}
	t.say(strings.Join(lines, "\n"),
		row(btn(b.t(t, "menu.book"), "m", "book"), btn(b.t(t, "menu.mybookings"), "m", "mybookings")))
	return nil
}

// cancelTexts are the texts of the cancel flow.
func cancelTexts() map[string][2]string {
	return map[string][2]string{
		"my.cancel.why":       {"Why are you cancelling %[1]s?", "Pourquoi annulez-vous %[1]s ?"},
		"my.cancel.sick":      {"🤒 I'm sick", "🤒 Je suis malade"},
		"my.cancel.conflict":  {"📅 Schedule conflict", "📅 Conflit d'agenda"},
		"my.cancel.travel":    {"✈️ Travel", "✈️ Voyage"},
		"my.cancel.other":     {"✏️ Other reason", "✏️ Autre raison"},
		"my.reason.sick":      {"sick", "malade"},
		"my.reason.conflict":  {"schedule conflict", "conflit d'agenda"},
		"my.reason.travel":    {"travel", "voyage"},
		"my.cancel.keep":      {"« Keep my booking", "« Garder ma réservation"},
		"my.cancel.type":      {"Tell me briefly why you are cancelling:", "Dites-moi en quelques mots pourquoi vous annulez :"},
		"my.cancel.confirm_q": {"Cancel %[1]s?", "Annuler %[1]s ?"},
		"my.cancel.reason":    {"Reason: %[1]s", "Motif : %[1]s"},
		"my.cancel.move":      {"🔁 Move it instead", "🔁 Plutôt la déplacer"},
		"my.cancel.confirm":   {"❌ Confirm cancel", "❌ Confirmer l'annulation"},
		"my.cancel.leave_waitlist": {"You will leave the waitlist; nothing is charged.",
			"Vous quitterez la liste d'attente ; rien n'est facturé."},
		"my.cancel.drop_hold": {"Your unpaid booking is dropped; you owe nothing.",
			"Votre réservation non payée est abandonnée ; vous ne devez rien."},
		"my.cancel.late_forfeit.one": {"⚠️ Inside %[2]s of the start: your credit is forfeited.",
			"⚠️ À moins de %[2]s du début : votre crédit est perdu."},
		"my.cancel.late_forfeit.other": {"⚠️ Inside %[2]s of the start: your %[1]d credits are forfeited.",
			"⚠️ À moins de %[2]s du début : vos %[1]d crédits sont perdus."},
		"my.cancel.late_kept": {"⚠️ Inside %[1]s of the start: your payment of %[2]s is not refunded.",
			"⚠️ À moins de %[1]s du début : votre paiement de %[2]s n'est pas remboursé."},
		"my.cancel.late": {"⚠️ Inside %[1]s of the start: a late cancellation.",
			"⚠️ À moins de %[1]s du début : une annulation tardive."},
		"my.cancel.late_fee": {"⚠️ Inside %[1]s of the start: a fee of %[2]s applies.",
			"⚠️ À moins de %[1]s du début : des frais de %[2]s s'appliquent."},
		"my.cancel.late_free": {"Inside %[1]s of the start, but your coach charges nothing for late cancellations.",
			"À moins de %[1]s du début, mais votre coach ne facture pas les annulations tardives."},
		"my.cancel.returns.one":   {"Your credit returns to “%[2]s”.", "Votre crédit revient sur « %[2]s »."},
		"my.cancel.returns.other": {"Your %[1]d credits return to “%[2]s”.", "Vos %[1]d crédits reviennent sur « %[2]s »."},
		"my.cancel.refund":        {"You'll be refunded %[1]s.", "Vous serez remboursé(e) de %[1]s."},
		"my.cancel.drop_payment":  {"The unpaid payment is dropped.", "Le paiement en attente est annulé."},
		"my.cancel.free":          {"Nothing is charged.", "Rien n'est facturé."},
		"my.cancel.done":          {"Cancelled: %[1]s.", "Annulée : %[1]s."},
		"my.cancel.done_forfeit.one": {"Your credit was forfeited (late cancellation).",
			"Votre crédit est perdu (annulation tardive)."},
		"my.cancel.done_forfeit.other": {"Your %[1]d credits were forfeited (late cancellation).",
			"Vos %[1]d crédits sont perdus (annulation tardive)."},
		"my.cancel.done_returned.one": {"Your credit is back on “%[2]s” (%[3]d left).",
			"Votre crédit est revenu sur « %[2]s » (il en reste %[3]d)."},
		"my.cancel.done_returned.other": {"Your %[1]d credits are back on “%[2]s” (%[3]d left).",
			"Vos %[1]d crédits sont revenus sur « %[2]s » (il en reste %[3]d)."},
		"my.cancel.done_fee": {"A late-cancellation fee of %[1]s is due: see /payments.",
			"Des frais d'annulation tardive de %[1]s sont dus : voir /payments."},
		"my.cancel.done_refund": {"You'll be refunded %[1]s; your coach has been told.",
			"Vous serez remboursé(e) de %[1]s ; votre coach est prévenu(e)."},
	}
}
