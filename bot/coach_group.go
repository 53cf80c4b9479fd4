package bot

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A new group session, or a weekly series of them: the type (its terms
// fill the seats, mode, place and link), the first start, how many
// weeks, the capacity, the booking deadline, place or video link, notes
// and links, and whether to announce it in the coach's linked channels.

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actNewGroup = "cgs" // cgs: a new group session or series
)

// registerCoachSetup registers group sessions, availability and policies.
func (b *Bot) registerCoachSetup() {
	b.command("newclass", b.asCoach(b.newGroup))
	b.action(actNewGroup, b.asCoach(b.newGroup))
	b.registerCoachAvailability()
	b.registerCoachCalendars() // coach_calendars.go
	b.command("policy", b.asCoach(b.editPolicy))
	b.action(actPolicy, b.asCoach(b.editPolicy))
}

// newGroup opens the group session form, or says how to make a group
// type first when the coach has none.
func (b *Bot) newGroup(ctx context.Context, t *turn, coach *core.Coach) error {
	types, err := b.groupTypes(ctx, coach)
	if err != nil {
		return err
	}
	if len(types) == 0 {
		t.say(b.t(t, "gs.no_group_types"), row(btn(b.t(t, "coach.btn.types"), actTypes)), row(b.backToMenu(t)))
		return nil
	}
	return b.startForm(ctx, t, coach, "gs", "", map[string]string{"weeks": "1", "deadline": "0s", "announce": "no"})
}

// groupTypes are the coach's session types of more than one seat: a
// 1:1 type is booked in the coach's open hours, and a session of one
// seat put on the calendar would be shown to no client.
func (b *Bot) groupTypes(ctx context.Context, coach *core.Coach) ([]*core.SessionType, error) {
	types, err := b.svc.Catalog.SessionTypes(ctx, coach.ID)
	if err != nil {
		return nil, err
	}
	var out []*core.SessionType
	for _, ty := range types {
		if ty.Capacity > 1 {
			out = append(out, ty)
		}
	}
	return out, nil
}

// groupForm is the form of a new session or series.
func (b *Bot) groupForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) (*coachForm, error) {
	types, err := b.groupTypes(ctx, coach)
	if err != nil {
		return nil, err
	}
	byID := map[string]*core.SessionType{}
	var typeChoices []formChoice
	for _, ty := range types {
		id := strconv.FormatInt(ty.ID, 10)
		byID[id] = ty
		typeChoices = append(typeChoices, formChoice{id, ty.Name})
	}
	loc := coachLoc(coach)
	fill := func(d map[string]string, v string) {
		ty := byID[v]
		if ty == nil {
			return
		}
		d["f.capacity"] = strconv.Itoa(ty.Capacity)
		d["f.mode"] = string(core.ModeInPerson)
		if ty.Online && !ty.InPerson {
			d["f.mode"] = string(core.ModeOnline)
		}
		d["f.place"], d["f.link"] = ty.Location, ty.VideoLink
	}
	yesNo := []formChoice{{"yes", b.t(t, "gs.yes")}, {"no", b.t(t, "gs.no")}}
	return &coachForm{
		title: b.t(t, "gs.title", "Zone", coach.Zone),
		fields: []formField{
			{key: "type", label: b.t(t, "gs.type"), choices: typeChoices, set: fill, show: func(v string) string {
				if ty := byID[v]; ty != nil {
					return ty.Name
				}
				return "#" + v
			}},
			{key: "start", label: b.t(t, "gs.start"), hint: b.t(t, "gs.start_hint"),
				parse: func(s string) (string, error) {
					at, err := parseWhen(s, t.now, loc, time.Time{})
					return at.UTC().Format(time.RFC3339), err
				},
				show: func(v string) string {
					at, err := time.Parse(time.RFC3339, v)
					if err != nil {
						return v
					}
					return t.coachWhen(coach, at)
				}},
			{key: "weeks", label: b.t(t, "gs.weeks"), hint: b.t(t, "gs.weeks_hint"), parse: countField(1, 52),
				show: func(v string) string {
					if v == "1" {
						return b.t(t, "gs.once")
					}
					return v
				},
				choices: []formChoice{{"1", b.t(t, "gs.once")}, {"4", "4"}, {"8", "8"}, {"12", "12"}}},
			{key: "capacity", label: b.t(t, "ty.capacity"), hint: b.t(t, "gs.capacity_hint"), parse: countField(2, 1000)},
			{key: "deadline", label: b.t(t, "gs.deadline"), hint: b.t(t, "gs.deadline_hint"), parse: spanField,
				show: func(v string) string {
					if d, err := time.ParseDuration(v); err == nil && d == 0 {
						return b.t(t, "gs.at_start")
					}
					return b.t(t, "gs.before", "Span", t.showSpan(v))
				},
				choices: append([]formChoice{{"0s", b.t(t, "gs.at_start")}}, spanChoices(t.showSpan, time.Hour, 2*time.Hour, 24*time.Hour)...)},
			{key: "mode", label: b.t(t, "ty.mode"), choices: b.modeChoices(t, false), show: func(v string) string { return b.t(t, "mode."+v) }},
			{key: "place", label: b.t(t, "ty.place"), hint: b.t(t, "se.text_hint"), parse: textField(200)},
			{key: "link", label: b.t(t, "ty.link"), hint: b.t(t, "se.link_hint"), parse: linkField},
			{key: "notes", label: b.t(t, "se.notes"), hint: b.t(t, "se.text_hint"), parse: textField(1000)},
			{key: "links", label: b.t(t, "gs.links"), hint: b.t(t, "gs.links_hint"), parse: linksField},
			{key: "announce", label: b.t(t, "gs.announce"), choices: yesNo, show: func(v string) string { return b.t(t, "gs."+v) }},
		},
		actions: []formAction{{b.t(t, "gs.create"), b.createGroup}},
		back:    b.backToMenu(t),
	}, nil
}

// groupClash shows the form again with the planned sessions that meet
// busy times of the coach's own calendars; the next tap of Create
// schedules them anyway.
func (b *Bot) groupClash(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, clash *core.BusyClashError) error {
	c.Data["calendars_ok"] = "yes"
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return err
	}
	lines := []string{"⚠️ " + b.errText(t, clash)}
	for i, cl := range clash.Clashes {
		if i == 8 {
			lines = append(lines, "…")
			break
		}
		lines = append(lines, b.t(t, "gs.calendar_clash", "When", t.coachWhen(coach, cl.Start),
			"From", t.coachWhen(coach, cl.Busy.Start), "Until", t.coachWhen(coach, cl.Busy.End)))
	}
	lines = append(lines, b.t(t, "gs.calendar_anyway", "Create", b.t(t, "gs.create")))
	return b.showForm(ctx, t, coach, c, strings.Join(lines, "\n"))
}

// linksField reads documents and links, separated by spaces or lines.
func linksField(typed string) (string, error) {
	if typed == "-" || typed == "—" {
		return "", nil
	}
	var out []string
	for _, w := range strings.Fields(typed) {
		l, err := core.CheckLink(w)
		if err != nil {
			return "", err
		}
		out = append(out, l)
	}
	if len(out) > 10 {
		return "", core.NewError(core.EINVALID, "err.parse.links_max", "Ten links at most.")
	}
	return strings.Join(out, " "), nil
}

// createGroup schedules the session or series and announces it if asked.
func (b *Bot) createGroup(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error {
	d := c.Data
	typeID, err1 := strconv.ParseInt(d["f.type"], 10, 64)
	start, err2 := time.Parse(time.RFC3339, d["f.start"])
	if err1 != nil || err2 != nil {
		return b.refusal(core.EINVALID, "gs.missing")
	}
	types, err := b.groupTypes(ctx, coach)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(types, func(ty *core.SessionType) bool { return ty.ID == typeID }) {
		return b.refusal(core.EINVALID, "gs.not_group") // a type changed to 1:1 since it was picked
	}
	weeks, _ := strconv.Atoi(d["f.weeks"])
	capacity, _ := strconv.Atoi(d["f.capacity"])
	lead, _ := time.ParseDuration(d["f.deadline"])
	req := core.ScheduleRequest{CoachID: coach.ID, TypeID: typeID, Start: start, Capacity: capacity,
		Mode: core.Mode(d["f.mode"]), Place: d["f.place"], Link: d["f.link"], Notes: d["f.notes"], Links: strings.Fields(d["f.links"])}
	if lead > 0 {
		req.Deadline = start.Add(-lead)
	}
	req.IgnoreCalendars = d["calendars_ok"] == "yes"
	ss, err := b.svc.Catalog.ScheduleSeries(ctx, req, weeks)
	var clash *core.BusyClashError
	if errors.As(err, &clash) {
		return b.groupClash(ctx, t, coach, c, clash)
	}
	if err != nil {
		return err
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	lines := []string{b.t(t, "gs.created", "Count", len(ss))}
	var rows [][]Button
	for i, s := range ss {
		lines = append(lines, "• "+number(t.lang, s.ID)+" "+t.coachWhen(coach, s.Start))
		if i < 12 {
			rows = append(rows, row(btn("🗓 "+t.coachWhen(coach, s.Start), actSessionCard, id36(s.ID))))
		}
	}
	if d["f.announce"] == "yes" {
		n, err := b.svc.Channels.AnnounceSession(ctx, coach.ID, ss[0].ID)
		switch {
		case err == nil:
			lines = append(lines, b.t(t, "gs.announced", "Count", n))
		case core.ErrorCode(err) == core.EINVALID:
			lines = append(lines, "⚠️ "+b.errText(t, err))
		default:
			return err
		}
	}
	rows = append(rows, row(btn(b.t(t, "coach.btn.group"), actNewGroup), b.backToMenu(t)))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}
