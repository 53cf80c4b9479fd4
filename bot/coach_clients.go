package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// A coach's clients: the list and a search, a client's card (contact,
// passes, bookings and payments with this coach), credits added or
// deducted by hand with a note (a session paid in cash, a goodwill credit),
// a new pass given by hand, and
// payments marked paid (cash, transfer) or refunded.

// maxClientList bounds the client list.
const maxClientList = 30

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actClients      = "ccl"  // ccl: the list
	actClientSearch = "ccs"  // ccs: type a name
	actClientCard   = "cc"   // cc:<client>
	actPassAdjust   = "cca"  // cca:<pass>
	actPassGrant    = "ccg"  // ccg:<client>
	actClientShare  = "ccd"  // ccd:<client>
	actMarkPaid     = "cpp"  // cpp:<payment>[:s] (s: back to the session)
	actRefundAsk    = "cpr"  // cpr:<payment>: what the refund does, to confirm
	actRefund       = "cpry" // cpry:<payment>
)

// registerCoachClients registers the client screens.
func (b *Bot) registerCoachClients() {
	b.answer("search", b.typedSearch)
	b.answer("adjust", b.typedAdjust)
	b.answer("grant", b.typedGrant)
	b.command("clients", b.asCoach(b.clientsCommand))
	b.action(actClients, b.asCoach(b.clientsButton))
	b.action(actClientSearch, b.asCoach(b.searchButton))
	b.action(actClientCard, b.asCoach(b.clientCard))
	b.action(actPassAdjust, b.asCoach(b.adjustButton))
	b.action(actPassGrant, b.asCoach(b.grantButton))
	b.action(actClientShare, b.asCoach(b.clientShareButton))
	b.action(actMarkPaid, b.asCoach(b.markPaid))
	b.action(actRefundAsk, b.asCoach(b.refundAsk))
	b.action(actRefund, b.asCoach(b.markRefunded))
}

// clientsCommand lists the coach's clients, or those matching the
// argument.
func (b *Bot) clientsCommand(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.clientList(ctx, t, coach, strings.TrimSpace(t.req.Args))
}

// clientsButton lists the coach's clients.
func (b *Bot) clientsButton(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.clientList(ctx, t, coach, "")
}

// clientList shows clients as buttons, with a search button.
func (b *Bot) clientList(ctx context.Context, t *turn, coach *core.Coach, query string) error {
	found, err := b.svc.Coaching.FindClients(ctx, coach.ID, query, maxClientList)
	if err != nil {
		return err
	}
	var text string
	switch {
	case len(found) == 0 && query == "":
		text = b.t(t, "clients.empty")
	case len(found) == 0:
		text = b.t(t, "clients.none", "Query", query)
	case query == "":
		text = b.t(t, "clients.title", "Total", len(found))
	default:
		text = b.t(t, "clients.found", "Query", query)
	}
	var rows [][]Button
	for _, c := range found {
		rows = append(rows, row(btn("👤 "+c.Name, actClientCard, id36(c.ID))))
	}
	rows = append(rows, row(btn(b.t(t, "clients.search"), actClientSearch)), row(b.backToMenu(t)))
	t.say(text, rows...)
	return nil
}

// searchButton asks for a name to look up.
func (b *Bot) searchButton(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.prompt(ctx, t, "search", nil, b.t(t, "clients.ask"), backRows(btn(b.t(t, "se.back"), actClients)))
}

// typedSearch lists the clients matching the typed text.
func (b *Bot) typedSearch(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	return b.clientList(ctx, t, coach, typed)
}

// clientCard shows one client to the coach.
func (b *Bot) clientCard(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	return b.showClient(ctx, t, coach, id, "")
}

// showClient draws a client's card, after an optional lead line.
func (b *Bot) showClient(ctx context.Context, t *turn, coach *core.Coach, id int64, lead string) error {
	f, err := b.svc.Coaching.ClientFile(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	c := f.Client
	var lines []string
	if lead != "" {
		lines = append(lines, lead, "")
	}
	lines = append(lines, "👤 "+c.Name)
	var contact []string
	for _, s := range []string{c.Email, c.Phone, c.Zone} {
		if s != "" {
			contact = append(contact, s)
		}
	}
	if len(contact) > 0 {
		lines = append(lines, strings.Join(contact, " · "))
	}
	var rows [][]Button
	lines = append(lines, "", b.t(t, "cc.passes"))
	if len(f.Passes) == 0 {
		lines = append(lines, b.t(t, "cc.none"))
	}
	for _, p := range f.Passes {
		line := b.t(t, "cc.pass", "Pass", p.Name, "Left", p.CreditsLeft, "Credits", p.Credits, "Expires", formatDay(t.lang, p.Expires.In(coachLoc(coach))))
		if p.Expired(t.now) {
			line += " " + b.t(t, "cc.expired")
		}
		lines = append(lines, line)
		rows = append(rows, row(btn(b.t(t, "cc.btn.adjust", "Pass", p.Name), actPassAdjust, id36(p.ID))))
	}
	rows = append(rows, row(btn(b.t(t, "cc.btn.grant"), actPassGrant, id36(c.ID)), btn(b.t(t, "cc.btn.share"), actClientShare, id36(c.ID))),
		row(btn(b.t(t, "cc.btn.progress"), actProgressClient, id36(c.ID))))
	lines = append(lines, "", b.t(t, "cc.upcoming"))
	if len(f.Upcoming) == 0 {
		lines = append(lines, b.t(t, "cc.none"))
	}
	for _, v := range f.Upcoming {
		lines = append(lines, b.clientBooking(t, coach, v))
		if len(rows) < 20 {
			rows = append(rows, row(btn("🗓 "+t.coachWhen(coach, v.Session.Start)+" · "+v.Type.Name, actSessionCard, id36(v.Session.ID))))
		}
	}
	if len(f.Cancelled) > 0 {
		lines = append(lines, "", b.t(t, "cc.cancelled"))
		for _, v := range f.Cancelled {
			lines = append(lines, b.clientBooking(t, coach, v))
		}
	}
	if len(f.Past) > 0 {
		lines = append(lines, "", b.t(t, "cc.past"))
		for _, v := range f.Past {
			lines = append(lines, b.clientBooking(t, coach, v))
		}
	}
	lines = append(lines, "", b.t(t, "cc.payments"))
	if len(f.Payments) == 0 {
		lines = append(lines, b.t(t, "cc.none"))
	}
	for _, l := range f.Payments {
		p := l.Payment
		line := fmt.Sprintf("• %s %s — %s", number(t.lang, p.ID), t.money(p.Amount), b.t(t, "cpay."+string(p.Status)))
		if p.RefundDue {
			line += " · " + b.t(t, "cc.refund_due")
		}
		switch {
		case l.Type != nil:
			line += " — " + l.Type.Name + ", " + t.coachWhen(coach, l.Session.Start)
		case l.Package != nil:
			line += " — " + l.Package.Name
		}
		lines = append(lines, line)
		switch p.Status {
		case core.PaymentPending:
			rows = append(rows, row(btn(b.t(t, "cc.btn.paid", "ID", p.ID), actMarkPaid, id36(p.ID))))
		case core.PaymentPaid:
			rows = append(rows, row(btn(b.t(t, "cc.btn.refunded", "ID", p.ID), actRefundAsk, id36(p.ID))))
		}
	}
	rows = append(rows, row(btn(b.t(t, "clients.back"), actClients), b.backToMenu(t)))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// clientBooking is one line of a client's bookings.
func (b *Bot) clientBooking(t *turn, coach *core.Coach, v *core.BookingView) string {
	line := fmt.Sprintf("• %s — %s (%s)", t.coachWhen(coach, v.Session.Start), v.Type.Name,
		b.t(t, "cs.booking."+string(v.Booking.Status)))
	if owesAtSession(v) {
		line += " · " + b.t(t, "my.paid.due_at_session", "Amount", t.money(v.Payment.Amount))
	}
	return line
}

// adjustButton asks how many credits to add or deduct, and why.
func (b *Bot) adjustButton(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	return b.prompt(ctx, t, "adjust", map[string]string{"pass": strconv.FormatInt(id, 10)}, b.t(t, "cc.adjust_ask"),
		backRows(b.backToMenu(t)))
}

// typedAdjust adds or deducts the typed credits; the core checks the pass
// is one of the coach's and never lets it go below zero.
func (b *Bot) typedAdjust(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	id, err := draftID(c.Data, "pass")
	if err != nil {
		return err
	}
	n, note, err := parseCreditDelta(typed)
	if err != nil {
		return b.reprompt(t, err, b.t(t, "cc.adjust_ask"))
	}
	p, err := b.svc.Passes.AdjustCredits(ctx, coach.ID, id, n, note)
	if err != nil {
		return b.reprompt(t, err, b.t(t, "cc.adjust_ask"))
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	return b.showClient(ctx, t, coach, p.ClientID, b.t(t, "cc.adjusted", "Pass", p.Name, "Left", p.CreditsLeft))
}

// grantButton asks for the credits and validity of a pass given by hand.
func (b *Bot) grantButton(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	return b.prompt(ctx, t, "grant", map[string]string{"client": strconv.FormatInt(id, 10)}, b.t(t, "cc.grant_ask"),
		backRows(btn(b.t(t, "se.back"), actClientCard, id36(id))))
}

// typedGrant gives the pass: "<credits> <days> <note>".
func (b *Bot) typedGrant(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	id, err := draftID(c.Data, "client")
	if err != nil {
		return err
	}
	words := strings.Fields(typed)
	if len(words) < 2 {
		return b.reprompt(t, b.refusal(core.EINVALID, "cc.grant_ask"), "")
	}
	credits, err := parseCount(words[0], 1, 1000)
	if err != nil {
		return b.reprompt(t, err, b.t(t, "cc.grant_ask"))
	}
	days, err := parseCount(words[1], 1, 3660)
	if err != nil {
		return b.reprompt(t, err, b.t(t, "cc.grant_ask"))
	}
	p, err := b.svc.Coaching.GrantCredits(ctx, coach.ID, id, credits, days, strings.Join(words[2:], " "))
	if err != nil {
		return b.reprompt(t, err, b.t(t, "cc.grant_ask"))
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	return b.showClient(ctx, t, coach, id, b.t(t, "cc.granted", "Count", p.CreditsLeft, "Pass", p.Name))
}

// clientShareButton lists the client's 1:1 sessions to share a link with.
func (b *Bot) clientShareButton(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	f, err := b.svc.Coaching.ClientFile(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	var rows [][]Button
	for _, v := range slices.Concat(f.Upcoming, f.Cancelled, f.Past) {
		if v.Session.Capacity == 1 && v.Session.Status != core.SessionCancelled && len(rows) < 10 {
			rows = append(rows, row(btn("📎 "+t.coachWhen(coach, v.Session.Start)+" · "+v.Type.Name, actSessionShare,
				id36(v.Session.ID), id36(id))))
		}
	}
	text := b.t(t, "cc.share_pick", "Client", f.Client.Name)
	if len(rows) == 0 {
		text = b.t(t, "cc.share_none", "Client", f.Client.Name)
	}
	rows = append(rows, row(btn(b.t(t, "se.back"), actClientCard, id36(id))))
	t.say(text, rows...)
	return nil
}

// markPaid records cash or a transfer for one of the coach's payments.
func (b *Bot) markPaid(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	p, err := b.svc.Coaching.CoachMarkPaid(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	lead := b.t(t, "cc.marked_paid", "ID", p.ID, "Amount", t.money(p.Amount))
	if where, _ := t.cb.arg(1); where == "s" && p.BookingID != 0 {
		bk, err := b.svc.Coaching.CoachBooking(ctx, coach.ID, p.BookingID)
		if err != nil {
			return err
		}
		return b.showSession(ctx, t, coach, bk.SessionID, lead)
	}
	return b.showClient(ctx, t, coach, p.ClientID, lead)
}

// refundAsk shows what marking a payment refunded does — to whom, for
// what, the credits a refunded package's pass loses — and asks to
// confirm, since it cannot be undone.
func (b *Bot) refundAsk(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	plan, err := b.svc.Payments.PlanRefund(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	p := plan.Line.Payment
	lines := []string{b.t(t, "cc.refund_ask", "ID", p.ID, "Amount", t.money(p.Amount), "For", b.coachPaidFor(t, coach, plan.Line),
		"Client", plan.Client.Name)}
	if plan.Pass != nil && plan.CreditsLost > 0 {
		lines = append(lines, b.t(t, "cc.refund_pass", "Pass", plan.Pass.Name, "Count", plan.CreditsLost))
	}
	lines = append(lines, b.t(t, "cc.refund_will_tell", "Client", plan.Client.Name))
	t.say(strings.Join(lines, "\n"), row(btn(b.t(t, "cc.btn.refund_yes"), actRefund, id36(p.ID))),
		row(btn(b.t(t, "se.back"), actClientCard, id36(p.ClientID))))
	return nil
}

// coachPaidFor words what a payment paid for, in the coach's zone.
func (b *Bot) coachPaidFor(t *turn, coach *core.Coach, l *core.PaymentLine) string {
	switch {
	case l.Package != nil:
		return l.Package.Name
	case l.Type != nil && l.Session != nil:
		return l.Type.Name + ", " + t.coachWhen(coach, l.Session.Start)
	}
	return b.t(t, "my.for.other")
}

// markRefunded records money given back for one of the coach's payments,
// once confirmed; the client is told by the core's notice.
func (b *Bot) markRefunded(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	p, err := b.svc.Payments.MarkPaymentRefunded(ctx, coach.ID, id, "")
	if err != nil {
		return err
	}
	f, err := b.svc.Coaching.ClientFile(ctx, coach.ID, p.ClientID)
	if err != nil {
		return err
	}
	lead := b.t(t, "cc.marked_refunded", "ID", p.ID, "Amount", t.money(p.Amount)) + " " + b.t(t, "cc.refund_told", "Client", f.Client.Name)
	return b.showClient(ctx, t, coach, p.ClientID, lead)
}
