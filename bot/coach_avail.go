package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A coach's availability for 1:1 bookings: weekly hours typed one day a
// line ("mon 09:00-12:00 14:00-18:00"), dated exceptions (a day off,
// extra hours), and the spacing rules (buffers, minimum notice, horizon,
// slot step) in a form. Every change goes through SetAvailability, which
// validates the whole set.

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actAvailability       = "cav"  // cav: the screen
	actAvailWeekly        = "cavw" // cavw: type weekly hours
	actAvailException     = "cave" // cave: type an exception
	actAvailDropException = "cavd" // cavd:<YYYY-MM-DD>
	actAvailSettings      = "cavs" // cavs: the spacing form
)

// registerCoachAvailability registers the availability screens.
func (b *Bot) registerCoachAvailability() {
	b.answer("weekly", b.typedWeekly)
	b.answer("exception", b.typedException)
	b.command("availability", b.asCoach(b.availability))
	b.action(actAvailability, b.asCoach(b.availability))
	b.action(actAvailWeekly, b.asCoach(b.askWeekly))
	b.action(actAvailException, b.asCoach(b.askException))
	b.action(actAvailDropException, b.asCoach(b.dropException))
	b.action(actAvailSettings, b.asCoach(b.availSettings))
}

// availability shows the hours, exceptions and rules; with arguments
// ("/availability mon 09:00-12:00") it sets weekly hours at once.
func (b *Bot) availability(ctx context.Context, t *turn, coach *core.Coach) error {
	if t.req.Command != "" {
		if arg := strings.TrimSpace(t.req.Args); arg != "" {
			c, err := b.await(ctx, t, "weekly", nil)
			if err != nil {
				return err
			}
			return b.typedWeekly(ctx, t, coach, c, arg)
		}
	}
	return b.showAvailability(ctx, t, coach, "")
}

// showAvailability draws the availability screen.
func (b *Bot) showAvailability(ctx context.Context, t *turn, coach *core.Coach, lead string) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	a, err := b.svc.Slots.CoachAvailability(ctx, coach.ID)
	if err != nil {
		return err
	}
	var lines []string
	if lead != "" {
		lines = append(lines, lead, "")
	}
	lines = append(lines, b.t(t, "av.title", "Zone", a.Zone))
	for i := 1; i <= 7; i++ {
		d := time.Weekday(i % 7)
		lines = append(lines, word(t.lang, "format.weekday."+weekdayKeys[d])+" "+rangesText(a.Weekly[d]))
	}
	var rows [][]Button
	rows = append(rows, row(btn(b.t(t, "av.btn.weekly"), actAvailWeekly), btn(b.t(t, "av.btn.exception"), actAvailException)))
	if len(a.Exceptions) > 0 {
		lines = append(lines, "", b.t(t, "av.exceptions"))
	}
	for _, ex := range a.Exceptions {
		day := ex.Date
		if d, err := time.Parse(time.DateOnly, ex.Date); err == nil {
			day = formatDay(t.lang, d)
		}
		what := []string{}
		if ex.Off {
			what = append(what, b.t(t, "av.off"))
		}
		if len(ex.Extra) > 0 {
			what = append(what, "+"+rangesText(ex.Extra))
		}
		lines = append(lines, b.t(t, "form.line", "Label", day, "Value", strings.Join(what, " ")))
		if len(rows) < 15 {
			rows = append(rows, row(btn("🗑 "+day, actAvailDropException, ex.Date)))
		}
	}
	lines = append(lines, "", b.t(t, "av.rules", "Before", t.showSpan(a.BufferBefore.String()), "After", t.showSpan(a.BufferAfter.String()), "Notice", t.showSpan(a.MinNotice.String()), "Horizon", t.showSpan(a.Horizon.String()), "Step", t.showSpan(a.Step.String())))
	rows = append(rows, row(btn(b.t(t, "av.btn.settings"), actAvailSettings)), row(btn(b.t(t, "calendars.btn.connect"), actCalendars)),
		row(b.backToMenu(t)))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// rangesText renders a day's hours, a dash for none.
func rangesText(rs []core.TimeRange) string {
	if len(rs) == 0 {
		return "—"
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.String())
	}
	return strings.Join(out, ", ")
}

// askWeekly asks for weekly hours.
func (b *Bot) askWeekly(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.prompt(ctx, t, "weekly", nil, b.t(t, "av.weekly_ask"), backRows(btn(b.t(t, "se.back"), actAvailability)))
}

// typedWeekly replaces the named days' hours.
func (b *Bot) typedWeekly(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	days, err := parseWeekly(typed)
	if err != nil {
		return b.reprompt(t, err, b.t(t, "av.weekly_ask"))
	}
	a, err := b.svc.Slots.CoachAvailability(ctx, coach.ID)
	if err != nil {
		return err
	}
	for d, rs := range days {
		a.Weekly[d] = rs
	}
	if err := b.svc.Slots.SetAvailability(ctx, coach.ID, *a); err != nil {
		return b.reprompt(t, err, b.t(t, "av.weekly_ask"))
	}
	return b.showAvailability(ctx, t, coach, b.t(t, "av.saved"))
}

// askException asks for a dated exception.
func (b *Bot) askException(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.prompt(ctx, t, "exception", nil, b.t(t, "av.exception_ask"), backRows(btn(b.t(t, "se.back"), actAvailability)))
}

// typedException adds (or replaces) the typed date's exception.
func (b *Bot) typedException(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	ex, err := parseException(typed, t.now.In(coachLoc(coach)))
	if err != nil {
		return b.reprompt(t, err, b.t(t, "av.exception_ask"))
	}
	a, err := b.svc.Slots.CoachAvailability(ctx, coach.ID)
	if err != nil {
		return err
	}
	kept := a.Exceptions[:0:0]
	for _, old := range a.Exceptions {
		if old.Date != ex.Date {
			kept = append(kept, old)
		}
	}
	a.Exceptions = append(kept, ex)
	if err := b.svc.Slots.SetAvailability(ctx, coach.ID, *a); err != nil {
		return b.reprompt(t, err, b.t(t, "av.exception_ask"))
	}
	return b.showAvailability(ctx, t, coach, b.t(t, "av.saved"))
}

// dropException removes a dated exception.
func (b *Bot) dropException(ctx context.Context, t *turn, coach *core.Coach) error {
	day, err := t.cb.arg(0)
	if err != nil {
		return err
	}
	a, err := b.svc.Slots.CoachAvailability(ctx, coach.ID)
	if err != nil {
		return err
	}
	kept := a.Exceptions[:0:0]
	for _, ex := range a.Exceptions {
		if ex.Date != day {
			kept = append(kept, ex)
		}
	}
	if len(kept) == len(a.Exceptions) {
		return ErrStaleButton
	}
	a.Exceptions = kept
	if err := b.svc.Slots.SetAvailability(ctx, coach.ID, *a); err != nil {
		return err
	}
	return b.showAvailability(ctx, t, coach, b.t(t, "av.saved"))
}

// availSettings opens the spacing rules form.
func (b *Bot) availSettings(ctx context.Context, t *turn, coach *core.Coach) error {
	a, err := b.svc.Slots.CoachAvailability(ctx, coach.ID)
	if err != nil {
		return err
	}
	return b.startForm(ctx, t, coach, "av", "", map[string]string{"before": a.BufferBefore.String(),
		"after": a.BufferAfter.String(), "notice": a.MinNotice.String(), "horizon": a.Horizon.String(), "step": a.Step.String()})
}

// availForm edits buffers, minimum notice, horizon and slot step.
func (b *Bot) availForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) (*coachForm, error) {
	span := func(key, label string, choices ...time.Duration) formField {
		return formField{key: key, label: b.t(t, label), hint: b.t(t, "av.span_hint"), parse: spanField, show: t.showSpan,
			choices: spanChoices(t.showSpan, choices...)}
	}
	return &coachForm{
		title: b.t(t, "av.settings_title"),
		fields: []formField{
			span("before", "av.before", 0, 10*time.Minute, 15*time.Minute),
			span("after", "av.after", 0, 10*time.Minute, 15*time.Minute),
			span("notice", "av.notice", 2*time.Hour, 12*time.Hour, 24*time.Hour),
			span("horizon", "av.horizon", 14*24*time.Hour, 30*24*time.Hour, 60*24*time.Hour),
			span("step", "av.step", 15*time.Minute, 30*time.Minute, time.Hour),
		},
		actions: []formAction{{b.t(t, "form.save"), b.saveAvailSettings}},
		back:    btn(b.t(t, "se.back"), actAvailability),
	}, nil
}

// saveAvailSettings stores the spacing rules with the current hours.
func (b *Bot) saveAvailSettings(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error {
	a, err := b.svc.Slots.CoachAvailability(ctx, coach.ID)
	if err != nil {
		return err
	}
	for key, at := range map[string]*time.Duration{"before": &a.BufferBefore, "after": &a.BufferAfter,
		"notice": &a.MinNotice, "horizon": &a.Horizon, "step": &a.Step} {
		d, err := time.ParseDuration(c.Data["f."+key])
		if err != nil {
			return ErrStaleButton
		}
		*at = d
	}
	if err := b.svc.Slots.SetAvailability(ctx, coach.ID, *a); err != nil {
		return err
	}
	return b.showAvailability(ctx, t, coach, b.t(t, "av.saved"))
}
