package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The wizard's screens, one per choice: coach, session type, mode, day,
// time. The summary, repeat and confirmation are in booking_confirm.go.

// bookNext fills the choices that have only one answer, stores the
// conversation as the next step, and shows the first screen still to
// answer (or the summary).
func (b *Bot) bookNext(ctx context.Context, t *turn, c *core.Conversation) error {
	w, err := b.loadWizard(ctx, t, c)
	if err != nil {
		return err
	}
	auto := autoKeys(c)
	var coaches []*core.Coach
	if w.coach == nil {
		if coaches, err = b.svc.Catalog.Coaches(ctx); err != nil {
			return err
		}
		if len(coaches) == 0 {
			t.replies = append(t.replies, b.mainMenu(t, b.t(t, "book.no_coach")))
			return nil
		}
		if len(coaches) == 1 {
			w.coach, c.Data["coach"], auto["coach"] = coaches[0], id36(coaches[0].ID), true
		}
	}
	if w.typ != nil && w.mode == "" && w.typ.Online != w.typ.InPerson {
		w.mode = core.ModeInPerson
		if w.typ.Online {
			w.mode = core.ModeOnline
		}
		c.Data["mode"], auto["mode"] = string(w.mode), true
	}
	setAuto(c, auto)
	if err := b.advance(ctx, t, c, bookFlow); err != nil {
		return err
	}
	switch {
	case w.coach == nil:
		return b.coachScreen(t, w, coaches)
	case w.typ == nil:
		return b.typeScreen(ctx, t, w)
	case w.mode == "":
		return b.modeScreen(t, w)
	case w.day == "":
		return b.dayScreen(ctx, t, w, 0)
	case w.at.IsZero():
		return b.timeScreen(ctx, t, w, 0)
	case w.c.Data["weeks"] != "":
		return b.planScreen(ctx, t, w)
	}
	return b.summaryScreen(ctx, t, w)
}

// coachScreen asks whom to book with.
func (b *Bot) coachScreen(t *turn, w *wizard, coaches []*core.Coach) error {
	var rows [][]Button
	for _, co := range coaches {
		rows = append(rows, row(Button{Label: co.Name, Data: bkData(w.c, "c", id36(co.ID))}))
	}
	t.say(b.t(t, "book.coach"), rows...)
	return nil
}

// typeScreen lists the coach's 1:1 offers with duration, price and mode,
// and points to the classes when the coach runs some.
func (b *Bot) typeScreen(ctx context.Context, t *turn, w *wizard) error {
	types, err := b.svc.Catalog.SessionTypes(ctx, w.coach.ID)
	if err != nil {
		return err
	}
	var lines []string
	var rows [][]Button
	groups := false
	for _, ty := range types {
		if ty.Capacity > 1 {
			groups = true
			continue
		}
		lines = append(lines, b.t(t, "book.type_line", "Type", ty.Name, "Duration", formatDuration(t.lang, ty.Duration), "Price", b.priceText(t, ty.Price, ty.CreditCost), "Mode", b.modeText(t, ty)))
		rows = append(rows, row(Button{Label: b.t(t, "book.type_button", "Type", ty.Name, "Duration", formatDuration(t.lang, ty.Duration)),
			Data: bkData(w.c, "t", id36(ty.ID))}))
	}
	if groups {
		rows = append(rows, row(btn(b.t(t, "menu.classes"), actMenu, "classes")))
	}
	if len(lines) == 0 {
		t.say(b.t(t, "book.no_types", "Coach", w.coach.Name), b.withBack(t, w.c, "type", rows)...)
		return nil
	}
	text := b.t(t, "book.type", "Coach", w.coach.Name) + "\n\n" + strings.Join(lines, "\n")
	t.say(text, b.withBack(t, w.c, "type", rows)...)
	return nil
}

// modeScreen asks online or in person, for a type offered both ways.
func (b *Bot) modeScreen(t *turn, w *wizard) error {
	in := b.t(t, "book.mode_pick_in_person")
	if w.typ.Location != "" {
		in = b.t(t, "book.mode_pick_in_person_at", "Place", w.typ.Location)
	}
	rows := [][]Button{
		row(Button{Label: b.t(t, "book.mode_pick_online"), Data: bkData(w.c, "m", string(core.ModeOnline))}),
		row(Button{Label: in, Data: bkData(w.c, "m", string(core.ModeInPerson))}),
	}
	t.say(b.t(t, "book.mode", "Type", w.typ.Name), b.withBack(t, w.c, "mode", rows)...)
	return nil
}

// dayScreen shows the days, in the client's zone, that still have an
// open time for the type.
func (b *Bot) dayScreen(ctx context.Context, t *turn, w *wizard, page int) error {
	days, err := b.svc.Slots.OpenDays(ctx, w.coach.ID, w.typ.ID, t.now, t.now.Add(bookAhead), t.loc)
	if err != nil {
		return err
	}
	if len(days) == 0 {
		t.say(b.t(t, "book.no_days", "Type", w.typ.Name, "Coach", w.coach.Name), b.withBack(t, w.c, "day", nil)...)
		return nil
	}
	rows := b.dayRows(t, days, page,
		func(day string) string { return bkData(w.c, "d", day) },
		func(p int) string { return bkData(w.c, "dp", pageArg(p)) })
	t.say(b.t(t, "book.day", "Type", w.typ.Name, "Coach", w.coach.Name, "Zone", t.loc.String()), b.withBack(t, w.c, "day", rows)...)
	return nil
}

// timeScreen shows the open times of the chosen day in the client's zone.
func (b *Bot) timeScreen(ctx context.Context, t *turn, w *wizard, page int) error {
	from, to, err := parseDay(w.day, t.loc)
	if err != nil {
		return err
	}
	slots, err := b.svc.Slots.OpenSlots(ctx, w.coach.ID, w.typ.ID, from, to)
	if err != nil {
		return err
	}
	day := dayLabel(t, w.day)
	if len(slots) == 0 {
		t.say(b.t(t, "book.day_full", "Day", day), b.withBack(t, w.c, "at", nil)...)
		return nil
	}
	rows := b.timeRows(t, slots, page,
		func(at time.Time) string { return bkData(w.c, "h", unix36(at)) },
		func(p int) string { return bkData(w.c, "hp", pageArg(p)) })
	t.say(b.t(t, "book.time", "Day", day, "Zone", t.loc.String()), b.withBack(t, w.c, "at", rows)...)
	return nil
}

// pickTime takes a chosen time after checking it is still open; a taken
// one offers the nearest open times instead.
func (b *Bot) pickTime(ctx context.Context, t *turn, c *core.Conversation, val string) error {
	at, err := parseUnix36(val)
	if err != nil {
		return err
	}
	w, err := b.loadWizard(ctx, t, c)
	if err != nil {
		return err
	}
	if w.coach == nil || w.typ == nil {
		return ErrStaleButton
	}
	open, err := b.svc.Slots.OpenSlots(ctx, w.coach.ID, w.typ.ID, at, at.Add(time.Second))
	if err != nil {
		return err
	}
	if len(open) == 0 || !open[0].Equal(at) {
		alts, err := b.svc.Slots.OpenSlots(ctx, w.coach.ID, w.typ.ID, at, at.Add(14*24*time.Hour))
		if err != nil {
			return err
		}
		if err := b.advance(ctx, t, c, bookFlow); err != nil {
			return err
		}
		return b.takenScreen(t, c, b.t(t, "book.taken"), alts[:min(len(alts), 5)])
	}
	clearFrom(c, "at")
	c.Data["day"] = at.In(t.loc).Format(time.DateOnly)
	c.Data["at"] = val
	return b.bookNext(ctx, t, c)
}

// takenScreen says a time is gone and offers open ones as buttons.
func (b *Bot) takenScreen(t *turn, c *core.Conversation, why string, alts []time.Time) error {
	var rows [][]Button
	for _, a := range alts {
		rows = append(rows, row(Button{Label: t.when(a), Data: bkData(c, "h", unix36(a))}))
	}
	rows = append(rows, row(Button{Label: b.t(t, "book.other_day"), Data: bkData(c, "back", "day")}))
	text := why
	if len(alts) > 0 {
		text += "\n" + b.t(t, "book.alternatives", "Zone", t.loc.String())
	} else {
		text += "\n" + b.t(t, "book.no_alternatives")
	}
	t.say(text, rows...)
	return nil
}
