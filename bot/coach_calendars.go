package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// A coach's own calendars (core/calendar*.go): /calendars, or /coach →
// Availability → "📆 Connect a calendar", lists them with how each reads;
// a coach pastes a private iCal address, sees at once what was found
// ("47 busy times found in the next 60 days"), names it, renames or
// removes it later. The same screen gives the coach's own agenda feed
// for their phone. Nothing here fetches: core.Calendars does, through the
// adapter cmd gives in Options.Calendars.

// CoachFeedPath is where the HTTP listener serves coaches' agenda feeds:
// CoachFeedPath + token + ".ics".
const CoachFeedPath = "/agenda/"

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actCalendars         = "ccal"   // ccal: the screen
	actCalendarAdd       = "ccaln"  // ccaln: paste an address
	actCalendarRename    = "ccalr"  // ccalr:<calendar>: rename
	actCalendarRemoveAsk = "ccald"  // ccald:<calendar>: remove?
	actCalendarRemove    = "ccaldy" // ccaldy:<calendar>: remove it
	actCoachFeedLink     = "ccalf"  // ccalf: the agenda feed link
)

// registerCoachCalendars registers the calendars screens.
func (b *Bot) registerCoachCalendars() {
	b.answer("calurl", b.typedCalendarURL)
	b.answer("calname", b.typedCalendarName)
	b.command("calendars", b.asCoach(b.calendarsCommand))
	b.action(actCalendars, b.asCoach(b.calendarsButton))
	b.action(actCalendarAdd, b.asCoach(b.askCalendarURL))
	b.action(actCalendarRename, b.asCoach(b.askCalendarName))
	b.action(actCalendarRemoveAsk, b.asCoach(b.askRemoveCalendar))
	b.action(actCalendarRemove, b.asCoach(b.removeCalendar))
	b.action(actCoachFeedLink, b.asCoach(b.coachFeedLink))
}

// calendarsCommand shows the screen; "/calendars <address>" connects at
// once.
func (b *Bot) calendarsCommand(ctx context.Context, t *turn, coach *core.Coach) error {
	if arg := strings.TrimSpace(t.req.Args); arg != "" && b.opts.Calendars != nil {
		c, err := b.await(ctx, t, "calurl", nil)
		if err != nil {
			return err
		}
		return b.typedCalendarURL(ctx, t, coach, c, arg)
	}
	return b.showCalendars(ctx, t, coach, "")
}

// calendarsButton shows the screen.
func (b *Bot) calendarsButton(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.showCalendars(ctx, t, coach, "")
}

// showCalendars draws the coach's calendars, each with how it reads.
func (b *Bot) showCalendars(ctx context.Context, t *turn, coach *core.Coach, lead string) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	back := row(btn(b.t(t, "calendars.btn.back"), actAvailability))
	if b.opts.Calendars == nil {
		t.say(b.t(t, "calendars.off"), back)
		return nil
	}
	cals, err := b.opts.Calendars.CoachCalendars(ctx, coach.ID)
	if err != nil {
		return err
	}
	var lines []string
	if lead != "" {
		lines = append(lines, lead, "")
	}
	lines = append(lines, b.t(t, "calendars.title"))
	if len(cals) == 0 {
		lines = append(lines, "", b.t(t, "calendars.none"))
	}
	rows := [][]Button{row(btn(b.t(t, "calendars.btn.connect"), actCalendarAdd))}
	for _, c := range cals {
		if c.FailingSince.IsZero() {
			lines = append(lines, b.t(t, "calendars.line", "Name", c.Name, "Count", c.Busy, "When", t.coachWhen(coach, c.LastOK)))
		} else {
			lines = append(lines, b.t(t, "calendars.line_failing", "Name", c.Name, "Since", t.coachWhen(coach, c.FailingSince),
				"Problem", calendarProblemText(b.cat, t.lang, c.Problem)))
		}
		rows = append(rows, row(btn(b.t(t, "calendars.btn.rename", "Name", c.Name), actCalendarRename, id36(c.ID)),
			btn(b.t(t, "calendars.btn.remove", "Name", c.Name), actCalendarRemoveAsk, id36(c.ID))))
	}
	rows = append(rows, row(btn(b.t(t, "calendars.btn.feed"), actCoachFeedLink)), back)
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// askCalendarURL asks for an address, with where each provider shows it.
func (b *Bot) askCalendarURL(ctx context.Context, t *turn, coach *core.Coach) error {
	if b.opts.Calendars == nil {
		return b.showCalendars(ctx, t, coach, "")
	}
	return b.prompt(ctx, t, "calurl", nil, b.t(t, "calendars.ask_url"), backRows(btn(b.t(t, "se.back"), actCalendars)))
}

// typedCalendarURL connects the pasted address: read at once, refused
// with its reason, or kept and offered a name.
func (b *Bot) typedCalendarURL(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	if b.opts.Calendars == nil {
		return b.showCalendars(ctx, t, coach, "")
	}
	check, err := b.opts.Calendars.Connect(ctx, coach.ID, typed, "")
	if err != nil {
		return b.reprompt(t, err, b.t(t, "calendars.ask_again"), row(btn(b.t(t, "se.back"), actCalendars)))
	}
	name := check.Calendar.Name
	return b.prompt(ctx, t, "calname", map[string]string{"calendar": strconv.FormatInt(check.Calendar.ID, 10)},
		b.t(t, "calendars.connected", "Count", check.Found, "Days", check.Days, "Name", name),
		backRows(btn(b.t(t, "calendars.btn.keep", "Name", name), actCalendars)))
}

// askCalendarName asks for a calendar's new name.
func (b *Bot) askCalendarName(ctx context.Context, t *turn, coach *core.Coach) error {
	cal, err := b.buttonCalendar(ctx, t, coach)
	if err != nil {
		return err
	}
	return b.prompt(ctx, t, "calname", map[string]string{"calendar": strconv.FormatInt(cal.ID, 10)},
		b.t(t, "calendars.ask_name", "Name", cal.Name), backRows(btn(b.t(t, "se.back"), actCalendars)))
}

// typedCalendarName renames the calendar the prompt is about.
func (b *Bot) typedCalendarName(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	id, err := draftID(c.Data, "calendar")
	if err != nil {
		return err
	}
	cal, err := b.opts.Calendars.RenameCalendar(ctx, coach.ID, id, typed)
	if err != nil {
		return b.reprompt(t, err, "", row(btn(b.t(t, "se.back"), actCalendars)))
	}
	return b.showCalendars(ctx, t, coach, b.t(t, "calendars.renamed", "Name", cal.Name))
}

// askRemoveCalendar asks before removing.
func (b *Bot) askRemoveCalendar(ctx context.Context, t *turn, coach *core.Coach) error {
	cal, err := b.buttonCalendar(ctx, t, coach)
	if err != nil {
		return err
	}
	t.say(b.t(t, "calendars.remove_ask", "Name", cal.Name),
		row(btn(b.t(t, "calendars.btn.remove_yes"), actCalendarRemove, id36(cal.ID))), row(btn(b.t(t, "se.back"), actCalendars)))
	return nil
}

// removeCalendar removes it; a second tap finds it gone and shows the
// list.
func (b *Bot) removeCalendar(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	if b.opts.Calendars == nil {
		return b.showCalendars(ctx, t, coach, "")
	}
	cal, err := b.opts.Calendars.RemoveCalendar(ctx, coach.ID, id)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return b.showCalendars(ctx, t, coach, "")
	} else if err != nil {
		return err
	}
	return b.showCalendars(ctx, t, coach, b.t(t, "calendars.removed", "Name", cal.Name))
}

// buttonCalendar reads the coach's calendar a button names.
func (b *Bot) buttonCalendar(ctx context.Context, t *turn, coach *core.Coach) (*core.CoachCalendar, error) {
	id, err := t.cb.argID(0)
	if err != nil {
		return nil, err
	}
	if b.opts.Calendars == nil {
		return nil, ErrStaleButton
	}
	cal, err := b.opts.Calendars.CoachCalendar(ctx, coach.ID, id)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return nil, ErrStaleButton
	}
	return cal, err
}

// coachFeedLink makes the coach a new agenda feed link and shows it,
// privately.
func (b *Bot) coachFeedLink(ctx context.Context, t *turn, coach *core.Coach) error {
	back := row(btn(b.t(t, "se.back"), actCalendars))
	if b.opts.PublicURL == "" {
		t.say(b.t(t, "calendars.feed_off"), back)
		return nil
	}
	token, err := b.svc.Slots.NewCoachFeed(ctx, coach.ID)
	if err != nil {
		return err
	}
	link := strings.TrimRight(b.opts.PublicURL, "/") + CoachFeedPath + token + ".ics"
	t.say(b.t(t, "calendars.feed_link", "Link", link), row(Button{Label: b.t(t, "feed.btn.open"), URL: link}), back)
	t.replies[len(t.replies)-1].Private = true
	return nil
}

// CoachFeed renders a coach's agenda feed: one event per scheduled
// session, titled with the type and who is booked, in the coach's
// language. Errors: ENOTFOUND for an unknown or retired token.
func (b *Bot) CoachFeed(ctx context.Context, token string) ([]byte, error) {
	_, lang, entries, at, err := b.svc.Slots.CoachFeed(ctx, token)
	if err != nil {
		return nil, err
	}
	t := &turn{lang: Language(lang), now: at}
	var w icsWriter
	w.feedHeader(b.t(t, "calendars.feed_name"), "PT15M")
	out := []byte(w.b.String())
	for _, e := range entries {
		s := e.Session
		summary := e.Type.Name
		switch {
		case len(e.Names) > 0 && s.Capacity == 1:
			summary += " — " + e.Names[0]
		case s.Capacity > 1:
			summary += " — " + b.t(t, "calendars.feed_seats", "Taken", e.Seated, "Capacity", s.Capacity)
		}
		ev := icsEvent{UID: "session-" + strconv.FormatInt(s.ID, 10) + "@slotbot", Stamp: at, Start: s.Start, End: s.End,
			Summary: summary, Location: s.Place, Description: strings.Join(e.Names, "\n")}
		if s.Mode == core.ModeOnline {
			ev.URL = s.Link
		}
		out = append(out, vevent(writeICS(ev))...)
	}
	return append(out, "END:VCALENDAR\r\n"...), nil
}
