package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Disruptions: cancel a whole day (/cancelday <date> <reason>), move a
// session (/move, in coach_session.go), say you run late (/late
// <minutes>). A day's cancellation is previewed and confirmed; each client
// then gets one message with everything they lost and a button to book
// again.

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actDisrupt        = "cdis" // cdis: the menu
	actCancelDay      = "cdc"  // cdc: type a day
	actLate           = "cdl"  // cdl:<minutes>
	actMoveFromAgenda = "cdm"  // cdm: pick a session to move
)

// registerCoachDisrupt registers the disruption commands.
func (b *Bot) registerCoachDisrupt() {
	b.answer("cancelday", b.typedCancelDay)
	b.command("cancelday", b.asCoach(b.cancelDayCommand))
	b.command("late", b.asCoach(b.lateCommand))
	b.action(actDisrupt, b.asCoach(b.disruptMenu))
	b.action(actCancelDay, b.asCoach(b.askCancelDay))
	b.action(actLate, b.asCoach(b.lateButton))
	b.action(actMoveFromAgenda, b.asCoach(b.moveFromAgend))
}

// disruptMenu offers the disruption actions.
func (b *Bot) disruptMenu(ctx context.Context, t *turn, coach *core.Coach) error {
	var late []Button
	for _, m := range []int{5, 10, 15, 30} {
		late = append(late, btn(b.t(t, "dis.late_btn", "Minutes", m), actLate, strconv.Itoa(m)))
	}
	t.say(b.t(t, "dis.title"), late, row(btn(b.t(t, "dis.cancel_day"), actCancelDay)),
		row(btn(b.t(t, "dis.move"), actMoveFromAgenda)), row(b.backToMenu(t)))
	return nil
}

// moveFromAgend shows the week to pick the session to move.
func (b *Bot) moveFromAgend(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.agenda(ctx, t, coach, true, 0)
}

// askCancelDay asks which day to cancel, and why.
func (b *Bot) askCancelDay(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.prompt(ctx, t, "cancelday", nil, b.t(t, "dis.day_ask"), backRows(b.backToMenu(t)))
}

// cancelDayCommand is "/cancelday <date> <reason>".
func (b *Bot) cancelDayCommand(ctx context.Context, t *turn, coach *core.Coach) error {
	if strings.TrimSpace(t.req.Args) == "" {
		return b.askCancelDay(ctx, t, coach)
	}
	c, err := b.await(ctx, t, "cancelday", nil)
	if err != nil {
		return err
	}
	return b.typedCancelDay(ctx, t, coach, c, t.req.Args)
}

// typedCancelDay previews the day's cancellation and asks to confirm.
func (b *Bot) typedCancelDay(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	loc := coachLoc(coach)
	first, reason, _ := strings.Cut(strings.TrimSpace(typed), " ")
	day, err := parseCoachDay(first, t.now.In(loc))
	if err != nil {
		return b.reprompt(t, err, b.t(t, "dis.day_ask"))
	}
	from, _ := time.ParseInLocation(time.DateOnly, day, loc)
	entries, err := b.svc.Coaching.Agenda(ctx, coach.ID, from, from.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	var lines []string
	people := 0
	for _, e := range entries {
		if e.Session.Status != core.SessionScheduled || !t.now.Before(e.Session.Start) {
			continue
		}
		people += e.Seated + e.Waiting
		lines = append(lines, fmt.Sprintf("• %s %s — %s", formatClock(e.Session.Start.In(loc)), e.Type.Name, b.agendaWho(t, e)))
	}
	if len(lines) == 0 {
		return b.reprompt(t, b.refusal(core.ENOTFOUND, "dis.day_empty", "Day", formatDay(t.lang, from)), b.t(t, "dis.day_ask"),
			row(b.backToMenu(t)))
	}
	reason = strings.TrimSpace(reason)
	c.Data["day"], c.Data["reason"] = day, reason
	text := b.t(t, "dis.day_confirm", "Day", formatDay(t.lang, from)) + "\n" + strings.Join(lines, "\n") + "\n\n" +
		b.t(t, "dis.day_told", "Count", people)
	if reason != "" {
		text += "\n" + b.t(t, "dis.reason", "Reason", reason)
	}
	return b.askConfirm(ctx, t, c, "cancelday", text, b.t(t, "dis.day_yes"), btn(b.t(t, "cx.keep"), actCoachMenu))
}

// confirmCancelDay cancels the day.
func (b *Bot) confirmCancelDay(ctx context.Context, t *turn, coach *core.Coach, d map[string]string) error {
	refunds, err := b.dayRefunds(ctx, t, coach, d["day"])
	if err != nil {
		return err
	}
	out, err := b.svc.Admin.CancelDay(ctx, coach.ID, d["day"], d["reason"])
	if err != nil {
		return err
	}
	day, _ := time.Parse(time.DateOnly, d["day"])
	text := b.t(t, "dis.day_done", "Count", len(out.Sessions), "Day", formatDay(t.lang, day)) + " " +
		b.t(t, "dis.day_done_told", "Count", out.Clients)
	if out.Started > 0 {
		text += "\n" + b.t(t, "dis.day_started", "Count", out.Started)
	}
	if refunds > 0 {
		text += "\n" + b.t(t, "dis.day_refunds")
	}
	return b.coachMenu(ctx, t, coach, text)
}

// dayRefunds counts the payments cancelling day (YYYY-MM-DD in the
// coach's zone) marks for refund, read before it is done.
func (b *Bot) dayRefunds(ctx context.Context, t *turn, coach *core.Coach, day string) (int, error) {
	from, err := time.ParseInLocation(time.DateOnly, day, coachLoc(coach))
	if err != nil {
		return 0, ErrStaleButton
	}
	entries, err := b.svc.Coaching.Agenda(ctx, coach.ID, from, from.AddDate(0, 0, 1))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if e.Session.Status != core.SessionScheduled || !t.now.Before(e.Session.Start) {
			continue
		}
		r, err := b.svc.Coaching.Roster(ctx, coach.ID, e.Session.ID)
		if err != nil {
			return 0, err
		}
		_, refunds := cancelCounts(t, coach, r)
		n += refunds
	}
	return n, nil
}

// lateCommand is "/late <minutes>", or offers buttons.
func (b *Bot) lateCommand(ctx context.Context, t *turn, coach *core.Coach) error {
	arg := strings.TrimSuffix(strings.TrimSpace(strings.ToLower(t.req.Args)), "min")
	if strings.TrimSpace(arg) == "" {
		return b.disruptMenu(ctx, t, coach)
	}
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil {
		n = -1
	}
	return b.late(ctx, t, coach, n)
}

// lateButton tells the next session's clients the coach runs late.
func (b *Bot) lateButton(ctx context.Context, t *turn, coach *core.Coach) error {
	s, err := t.cb.arg(0)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return ErrStaleButton
	}
	return b.late(ctx, t, coach, n)
}

// late tells the clients of the coach's next session today.
func (b *Bot) late(ctx context.Context, t *turn, coach *core.Coach, minutes int) error {
	sess, told, err := b.svc.Admin.RunningLate(ctx, coach.ID, minutes)
	if err != nil {
		return err
	}
	return b.showSession(ctx, t, coach, sess.ID, b.t(t, "dis.late_done", "Count", told, "Minutes", minutes))
}
