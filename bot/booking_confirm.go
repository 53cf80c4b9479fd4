package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The wizard's last screens: the summary, weekly repeats, the
// confirmation and what booking did.

// payChoice is how the summary's booking would be paid: with pass, or
// with money when pass is nil or the client chose to pay.
type payChoice struct {
	pass    *core.Pass // the pass that would pay; nil: none usable
	usePass bool
}

// choosePay reads the client's passes and their choice.
func (b *Bot) choosePay(ctx context.Context, t *turn, w *wizard) (payChoice, error) {
	passes, err := b.svc.Passes.PassesOf(ctx, t.client())
	if err != nil {
		return payChoice{}, err
	}
	p := payingPass(passes, t.now, w.typ, w.at)
	return payChoice{pass: p, usePass: p != nil && (w.c.Data["pay"] != "money" || w.typ.Price.IsZero())}, nil
}

// seatPay is how a seat would be paid, as a summary words it.
type seatPay struct {
	pass    *core.Pass // the pass that would pay; nil: money, or free
	price   core.Money
	credits int
	hold    time.Duration   // how long an unpaid place is held, in hold mode
	mode    core.UnpaidMode // what an unpaid seat does (core.UnpaidModeFor)
	class   bool            // a seat in a group class
	full    bool            // a full class: words for a seat that frees up later
}

// payWords words how a seat would be paid; ok is false when it cannot be
// booked at all (passes only, and none valid).
func (b *Bot) payWords(t *turn, p seatPay) (string, bool) {
	switch {
	case p.pass != nil && p.full:
		return b.t(t, "classes.pass_on_promotion", "Pass", p.pass.Name), true
	case p.pass != nil:
		return b.t(t, "book.pay_pass", "Credits", b.t(t, "book.price_credits", "Count", p.credits), "Pass", p.pass.Name, "Left", creditsLeft(p.pass)), true
	case p.price.IsZero() && p.credits == 0:
		return b.t(t, "book.pay_free"), true
	case p.price.IsZero() && p.full:
		return b.t(t, "classes.need_pass_on_promotion"), false
	case p.price.IsZero():
		return b.t(t, "book.pay_need_pass"), false
	case p.mode != core.UnpaidHold && p.class && p.full:
		return b.t(t, "classes.pay_on_promotion_at_session", "Price", t.money(p.price)), true
	case p.mode != core.UnpaidHold && p.class:
		return b.t(t, "classes.pay_at_session", "Price", t.money(p.price)), true
	case p.mode != core.UnpaidHold:
		return b.t(t, "book.pay_at_session", "Price", t.money(p.price)), true
	case p.class && p.full:
		return b.t(t, "classes.pay_on_promotion", "Price", t.money(p.price)), true
	case p.class:
		return b.t(t, "classes.pay_money", "Price", t.money(p.price)), true
	}
	return b.t(t, "book.pay_money", "Price", t.money(p.price), "Hold", durationText(t.lang, p.hold)), true
}

// payLine words how the wizard's session will be paid; ok is false when
// it cannot be booked at all.
func (b *Bot) payLine(t *turn, w *wizard, pc payChoice) (string, bool) {
	p := seatPay{price: w.typ.Price, credits: w.typ.CreditCost, hold: w.coach.Policy.UnpaidHold, mode: core.UnpaidModeFor(w.coach, w.typ)}
	if pc.usePass {
		p.pass = pc.pass
	}
	return b.payWords(t, p)
}

// summary is what a summary screen shows before Confirm.
type summary struct {
	coach  *core.Coach
	typ    *core.SessionType
	at     time.Time
	length time.Duration
	where  string // whereText
	pay    string // payWords
	seats  string // a class's seats (seatsText); "" for a 1:1
}

// summaryLines are a summary screen's lines, the title first: what, when
// in the reader's zone, how long, where, how it is paid, the coach's
// cancellation rule. The chat's /book and the Mini App show these.
func (b *Bot) summaryLines(t *turn, s summary) []string {
	lines := []string{
		b.t(t, "book.summary"),
		"",
		b.t(t, "book.what", "Type", s.typ.Name, "Coach", s.coach.Name),
		b.t(t, "book.when", "When", t.when(s.at), "Zone", t.loc.String()),
		b.t(t, "book.length", "Duration", formatDuration(t.lang, s.length)),
		s.where,
	}
	if s.seats != "" {
		lines = append(lines, s.seats)
	}
	return append(lines, s.pay, b.t(t, "book.policy", "Policy", b.policyLine(t, s.coach.Policy)))
}

// summaryScreen shows everything the client is about to book, with
// Confirm, the choice between pass and money, and weekly repeats.
func (b *Bot) summaryScreen(ctx context.Context, t *turn, w *wizard) error {
	pc, err := b.choosePay(ctx, t, w)
	if err != nil {
		return err
	}
	pay, ok := b.payLine(t, w, pc)
	lines := b.summaryLines(t, summary{coach: w.coach, typ: w.typ, at: w.at, length: w.typ.Duration,
		where: b.whereText(t, w.mode, w.typ.Location, w.typ.VideoLink), pay: pay})
	var rows [][]Button
	if ok {
		rows = append(rows, row(Button{Label: b.t(t, "book.confirm"), Data: bkData(w.c, "ok")}))
		if pc.pass != nil && !w.typ.Price.IsZero() {
			if pc.usePass {
				rows = append(rows, row(Button{Label: b.t(t, "book.pay_instead", "Price", t.money(w.typ.Price)), Data: bkData(w.c, "pay", "money")}))
			} else {
				rows = append(rows, row(Button{Label: b.t(t, "book.pass_instead", "Pass", pc.pass.Name), Data: bkData(w.c, "pay", "pass")}))
			}
		}
		rows = append(rows, row(Button{Label: b.t(t, "book.repeat"), Data: bkData(w.c, "rep")}))
	} else {
		rows = append(rows, row(btn(b.t(t, "menu.packages"), actMenu, "packages")))
	}
	t.say(strings.Join(lines, "\n"), b.withBack(t, w.c, "summary", rows)...)
	return nil
}

// repeatScreen asks for how many weeks to repeat the chosen time.
func (b *Bot) repeatScreen(t *turn, w *wizard) error {
	if w.typ == nil || w.at.IsZero() {
		return ErrStaleButton
	}
	var r []Button
	for _, n := range []int{4, 8, 12} {
		r = append(r, Button{Label: b.t(t, "book.weeks", "Count", n), Data: bkData(w.c, "w", strconv.Itoa(n))})
	}
	t.say(b.t(t, "book.repeat_ask", "Start", t.when(w.at)), r, row(Button{Label: b.t(t, "book.pick_back"), Data: bkData(w.c, "once")}))
	return nil
}

// planScreen shows which weeks of a weekly repeat are free before the
// client confirms them all.
func (b *Bot) planScreen(ctx context.Context, t *turn, w *wizard) error {
	weeks, _ := strconv.Atoi(w.c.Data["weeks"])
	plan, err := b.svc.Slots.RecurringPlan(ctx, w.coach.ID, w.typ.ID, w.at, weeks)
	if err != nil {
		return err
	}
	lines := []string{b.t(t, "book.plan", "Type", w.typ.Name, "Coach", w.coach.Name, "Weeks", weeks), ""}
	free := 0
	for _, wk := range plan {
		if wk.Open {
			free++
			lines = append(lines, b.t(t, "book.plan_free", "Start", t.when(wk.Start)))
		} else {
			lines = append(lines, b.t(t, "book.plan_taken", "Start", t.when(wk.Start)))
		}
	}
	lines = append(lines, "", b.t(t, "book.plan_count", "Free", free, "Total", len(plan)))
	pc, err := b.choosePay(ctx, t, w)
	if err != nil {
		return err
	}
	switch {
	case pc.usePass:
		lines = append(lines, b.t(t, "book.plan_pass"))
	case w.typ.Free():
		lines = append(lines, b.t(t, "book.pay_free"))
	case !w.typ.Price.IsZero() && core.UnpaidModeFor(w.coach, w.typ) == core.UnpaidHold:
		lines = append(lines, b.t(t, "book.plan_money", "Price", t.money(w.typ.Price)))
	case !w.typ.Price.IsZero():
		lines = append(lines, b.t(t, "book.plan_money_at_session", "Price", t.money(w.typ.Price)))
	}
	lines = append(lines, b.t(t, "book.policy", "Policy", b.policyLine(t, w.coach.Policy)))
	var rows [][]Button
	if free > 0 {
		rows = append(rows, row(Button{Label: b.t(t, "book.plan_confirm", "Count", free), Data: bkData(w.c, "ok")}))
	}
	rows = append(rows, row(Button{Label: b.t(t, "book.once"), Data: bkData(w.c, "once")}))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// bookConfirm books what the summary showed. The step moves with the
// booking, in its transaction (weekly repeats: before it), so a second
// tap of the same Confirm is refused as expired and books nothing.
func (b *Bot) bookConfirm(ctx context.Context, t *turn, c *core.Conversation) error {
	w, err := b.loadWizard(ctx, t, c)
	if err != nil {
		return err
	}
	if w.coach == nil || w.typ == nil || w.mode == "" || w.at.IsZero() {
		return ErrStaleButton
	}
	pc, err := b.choosePay(ctx, t, w)
	if err != nil {
		return err
	}
	req := core.BookSlotRequest{ClientID: t.client().ID, CoachID: w.coach.ID, TypeID: w.typ.ID, Start: w.at, Mode: w.mode}
	if weeks, _ := strconv.Atoi(c.Data["weeks"]); weeks > 0 {
		if err := b.advance(ctx, t, c, bookFlow); err != nil {
			return err
		}
		// Each week takes the best pass still holding credits, if paying
		// with passes; money otherwise.
		req.Pay = !pc.usePass && pc.pass != nil
		results, plan, err := b.svc.Slots.BookRecurring(ctx, req, weeks)
		if err != nil {
			return b.bookFailed(t, c, err)
		}
		t.conv = c // as advance stored it: reset would read it again
		if err := b.reset(ctx, t); err != nil {
			return err
		}
		return b.sayRecurring(ctx, t, w, results, plan)
	}
	if pc.usePass {
		req.PassID = pc.pass.ID
	} else if pc.pass != nil {
		req.Pay = true
	}
	// The flow ends with the booking, in one transaction instead of an
	// advance before it and a reset after.
	req.Conversation = &core.Conversation{Platform: c.Platform, UserID: c.UserID, Step: c.Step + 1,
		Data: map[string]string{}, Updated: core.DBTime(t.now)}
	res, err := b.svc.Slots.BookSlot(ctx, req)
	switch {
	case core.IsStepTaken(err):
		return ErrStaleButton
	case err != nil:
		// Nothing was stored: the step moves now, for the times offered instead.
		if err := b.advance(ctx, t, c, bookFlow); err != nil {
			return err
		}
		return b.bookFailed(t, c, err)
	}
	t.conv = req.Conversation
	return b.sayBooked(ctx, t, res, w.typ.Name, w.coach.Name, w.at, "")
}

// bookFailed offers fresh times when the slot was taken meanwhile, and
// words any other refusal.
func (b *Bot) bookFailed(t *turn, c *core.Conversation, err error) error {
	var taken *core.SlotTakenError
	if errors.As(err, &taken) {
		return b.takenScreen(t, c, b.errText(t, err), taken.Alternatives)
	}
	return err
}

// sayBooked tells the client what booking did: confirmed (and with which
// pass), held for payment (with a Pay button when payments are online),
// or waitlisted with the position and waitPay, how a spot freeing up
// would be paid.
func (b *Bot) sayBooked(ctx context.Context, t *turn, res *core.BookResult, name, coach string, start time.Time, waitPay string) error {
	bk := res.Booking
	var lines []string
	var pay []Button
	switch bk.Status {
	case core.BookingWaitlisted:
		lines = append(lines, b.t(t, "book.waitlisted", "Type", name, "When", t.when(start), "Position", res.Position))
		if waitPay != "" {
			lines = append(lines, waitPay)
		}
	case core.BookingPendingPayment:
		lines = append(lines, b.t(t, "book.held", "Type", name, "Coach", coach, "When", t.when(start)))
		amount := core.Money{}
		if res.Payment != nil {
			amount = res.Payment.Amount
		}
		lines = append(lines, b.t(t, "book.pay_by", "Amount", t.money(amount), "HoldUntil", t.when(bk.HoldUntil)))
		line, button := b.payLink(ctx, t, res.Payment, b.t(t, "book.pay_button", "Amount", t.money(amount)))
		lines = append(lines, line)
		if button != nil {
			pay = append(pay, *button)
		}
	default:
		lines = append(lines, b.t(t, "book.booked", "Type", name, "Coach", coach, "When", t.when(start)))
		if res.Pass != nil {
			left := res.Pass.CreditsLeft
			if passes, err := b.svc.Passes.PassesOf(ctx, t.client()); err == nil {
				for _, p := range passes {
					if p.ID == res.Pass.ID {
						left = creditsLeft(p)
					}
				}
			}
			lines = append(lines, b.t(t, "book.used_pass", "Credits", b.t(t, "book.price_credits", "Count", bk.Credits), "Pass", res.Pass.Name, "Left", left))
		} else if res.Payment != nil && res.Payment.Status == core.PaymentPending {
			line, button := b.dueLine(ctx, t, res.Payment)
			lines = append(lines, line)
			if button != nil {
				pay = append(pay, *button)
			}
		} else if bk.PaymentID == 0 {
			lines = append(lines, b.t(t, "book.free"))
		}
		lines = append(lines, b.t(t, "book.remind"))
	}
	r := b.mainMenu(t, strings.Join(lines, "\n"))
	if len(pay) > 0 {
		r.Buttons = append([][]Button{pay}, r.Buttons...)
	}
	r.Edit = t.req.Data != "" && t.req.MessageID != ""
	t.replies = append(t.replies, r)
	return nil
}

// payLink is the line and button for paying p: a Pay button to the
// checkout page when payments are online, else how the coach is paid.
// When online payment is down it says so, with a button that tries again.
func (b *Bot) payLink(ctx context.Context, t *turn, p *core.Payment, label string) (string, *Button) {
	button, ok, down := b.payButtonLabelled(ctx, t, p, label)
	switch {
	case !ok:
		return b.t(t, "book.pay_manual"), nil
	case down:
		return b.t(t, "pay.online_down"), &button
	}
	return b.t(t, "book.pay_online"), &button
}

// dueLine words an amount due at the session of a confirmed booking,
// with a Pay button to pay it online ahead when payments are online and
// the page can be made now (else the session is the way, and no more
// need be said).
func (b *Bot) dueLine(ctx context.Context, t *turn, p *core.Payment) (string, *Button) {
	if button, ok, down := b.payButton(ctx, t, p); ok && !down {
		return b.t(t, "book.due_online_too", "Amount", t.money(p.Amount)), &button
	}
	return b.t(t, "book.due_at_session", "Amount", t.money(p.Amount)), nil
}

// sayRecurring tells the client which weeks were booked and how each is
// paid.
func (b *Bot) sayRecurring(ctx context.Context, t *turn, w *wizard, results []*core.BookResult, plan []core.RecurringWeek) error {
	lines := []string{b.t(t, "book.recurring_done", "Count", len(results), "Type", w.typ.Name, "Coach", w.coach.Name), ""}
	var pays [][]Button
	var skipped []string
	down := false // online payment is configured but failing now
	due := false  // a week is confirmed with its price due at the session
	i := 0        // results follow the plan's open weeks, in order
	for _, wk := range plan {
		if !wk.Open || i >= len(results) {
			skipped = append(skipped, t.when(wk.Start))
			continue
		}
		res := results[i]
		i++
		status := b.t(t, "book.status_confirmed")
		if res.Pass != nil {
			status = b.t(t, "book.status_with_pass", "Pass", res.Pass.Name)
		}
		if res.Booking.Status == core.BookingConfirmed && res.Payment != nil && res.Payment.Status == core.PaymentPending {
			status = b.t(t, "book.status_due", "Amount", t.money(res.Payment.Amount))
			due = true
		}
		if res.Booking.Status == core.BookingPendingPayment && res.Payment != nil {
			status = b.t(t, "book.status_pending", "Amount", t.money(res.Payment.Amount), "HoldUntil", t.when(res.Booking.HoldUntil))
			label := b.t(t, "book.pay_week", "Amount", t.money(res.Payment.Amount), "Start", t.when(wk.Start))
			if button, ok, failed := b.payButtonLabelled(ctx, t, res.Payment, label); ok {
				pays = append(pays, row(button))
				down = down || failed
			}
		}
		lines = append(lines, b.t(t, "book.recurring_line", "Start", t.when(wk.Start), "Status", status))
	}
	if len(skipped) > 0 {
		lines = append(lines, "", b.t(t, "book.recurring_skipped", "Dates", strings.Join(skipped, "; ")))
	}
	for _, res := range results {
		if res.Booking.Status == core.BookingPendingPayment {
			switch {
			case down:
				lines = append(lines, "", b.t(t, "pay.online_down"))
			case len(pays) > 0:
				lines = append(lines, "", b.t(t, "book.pay_online"))
			default:
				lines = append(lines, "", b.t(t, "book.pay_manual"))
			}
			break
		}
	}
	if due {
		lines = append(lines, "", b.t(t, "book.recurring_due"))
	}
	lines = append(lines, b.t(t, "book.remind"))
	r := b.mainMenu(t, strings.Join(lines, "\n"))
	r.Buttons = append(pays, r.Buttons...)
	r.Edit = t.req.Data != "" && t.req.MessageID != ""
	t.replies = append(t.replies, r)
	return nil
}
