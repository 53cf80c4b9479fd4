package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A coach's house rules (core.Policy): the cancellation window, what a
// late cancel costs (forfeit, a fee with its amount, nothing), the
// reschedule notice, how long an unpaid booking holds its seat, and when
// reminders go out.

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actPolicy = "cpo" // cpo: the house rules
)

// editPolicy opens the policy form with the coach's current rules.
func (b *Bot) editPolicy(ctx context.Context, t *turn, coach *core.Coach) error {
	p := coach.Policy
	var rem []string
	for _, o := range p.ReminderOffsets {
		rem = append(rem, o.String())
	}
	return b.startForm(ctx, t, coach, "po", "", map[string]string{"window": p.CancelWindow.String(),
		"late": string(p.LateOutcome), "fee": p.LateFee.String(), "notice": p.RescheduleNotice.String(),
		"hold": p.UnpaidHold.String(), "reminders": strings.Join(rem, " "), "unpaid": string(p.Mode())})
}

// unpaidCoach is the form value of a session type that follows its
// coach's rule for unpaid bookings (core.UnpaidAsCoach, which is "").
const unpaidCoach = "coach"

// unpaidField is a type's rule as a form value.
func unpaidField(m core.UnpaidMode) string {
	if m == core.UnpaidAsCoach {
		return unpaidCoach
	}
	return string(m)
}

// unpaidMode reads a form value back; anything but the two rules follows
// the coach.
func unpaidMode(v string) core.UnpaidMode {
	switch m := core.UnpaidMode(v); m {
	case core.UnpaidAtSession, core.UnpaidHold:
		return m
	}
	return core.UnpaidAsCoach
}

// unpaidChoices are the two rules for unpaid bookings, as buttons.
func (b *Bot) unpaidChoices(t *turn) []formChoice {
	return []formChoice{{string(core.UnpaidAtSession), b.t(t, "po.unpaid.at_session")}, {string(core.UnpaidHold), b.t(t, "po.unpaid.hold")}}
}

// typeUnpaidField is a session type's rule for unpaid bookings: the
// coach's (named, so the coach sees what follows) or one of its own.
func (b *Bot) typeUnpaidField(t *turn, coach *core.Coach) formField {
	asCoach := b.t(t, "ty.unpaid.coach", "Rule", b.t(t, "po.unpaid."+string(coach.Policy.Mode())))
	return formField{key: "unpaid", label: b.t(t, "ty.unpaid"), choices: append([]formChoice{{unpaidCoach, asCoach}}, b.unpaidChoices(t)...),
		show: func(v string) string {
			if v == unpaidCoach || v == "" {
				return asCoach
			}
			return b.t(t, "po.unpaid."+v)
		}}
}

// policyForm edits the house rules.
func (b *Bot) policyForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) (*coachForm, error) {
	span := func(key, label string, choices ...time.Duration) formField {
		return formField{key: key, label: b.t(t, label), hint: b.t(t, "av.span_hint"), parse: spanField, show: t.showSpan,
			choices: spanChoices(t.showSpan, choices...)}
	}
	late := []formChoice{}
	for _, o := range []core.LateOutcome{core.LateForfeit, core.LateFee, core.LateNone} {
		late = append(late, formChoice{string(o), b.t(t, "po.late."+string(o))})
	}
	return &coachForm{
		title: b.t(t, "po.title"),
		fields: []formField{
			span("window", "po.window", 12*time.Hour, 24*time.Hour, 48*time.Hour),
			{key: "late", label: b.t(t, "po.late"), choices: late, show: func(v string) string { return b.t(t, "po.late."+v) }},
			{key: "fee", label: b.t(t, "po.fee"), hint: b.t(t, "se.price_hint"), parse: moneyField(b.coachCurrency(ctx, coach)), show: t.showMoney},
			span("notice", "po.notice", 12*time.Hour, 24*time.Hour, 48*time.Hour),
			{key: "unpaid", label: b.t(t, "po.unpaid"), choices: b.unpaidChoices(t), show: func(v string) string { return b.t(t, "po.unpaid."+v) }},
			span("hold", "po.hold", 15*time.Minute, 30*time.Minute, 2*time.Hour),
			{key: "reminders", label: b.t(t, "po.reminders"), hint: b.t(t, "po.reminders_hint"), empty: b.t(t, "po.no_reminders"),
				parse: func(s string) (string, error) {
					if s == "-" || strings.EqualFold(s, "none") || strings.EqualFold(s, "aucun") {
						return "", nil
					}
					ds, err := parseSpans(s)
					var out []string
					for _, d := range ds {
						out = append(out, d.String())
					}
					return strings.Join(out, " "), err
				},
				show: func(v string) string {
					var out []string
					for _, s := range strings.Fields(v) {
						out = append(out, t.showSpan(s))
					}
					return strings.Join(out, ", ")
				}},
		},
		actions: []formAction{{b.t(t, "form.save"), b.savePolicy}},
		back:    b.backToMenu(t),
	}, nil
}

// savePolicy stores the rules the draft describes.
func (b *Bot) savePolicy(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error {
	d := c.Data
	var p core.Policy
	for key, at := range map[string]*time.Duration{"window": &p.CancelWindow, "notice": &p.RescheduleNotice, "hold": &p.UnpaidHold} {
		v, err := time.ParseDuration(d["f."+key])
		if err != nil {
			return ErrStaleButton
		}
		*at = v
	}
	for _, s := range strings.Fields(d["f.reminders"]) {
		v, err := time.ParseDuration(s)
		if err != nil {
			return ErrStaleButton
		}
		p.ReminderOffsets = append(p.ReminderOffsets, v)
	}
	p.LateOutcome = core.LateOutcome(d["f.late"])
	p.Unpaid = core.UnpaidMode(d["f.unpaid"])
	if p.LateOutcome == core.LateFee {
		fee, ok := parseMoney(d["f.fee"])
		if !ok {
			return ErrStaleButton
		}
		p.LateFee = fee
	}
	if err := b.svc.Catalog.SetPolicy(ctx, coach.ID, p); err != nil {
		return err
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	coach.Policy = p
	return b.coachMenu(ctx, t, coach, b.t(t, "po.saved"))
}
