package discord

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// Autocomplete answers must come within Discord's 3 seconds and cannot
// be deferred: they are read from core in one short read each, and
// anything that fails or runs out of time suggests nothing — the person
// can still type a value, which the bot then checks like any other.

// autocompleteBudget bounds the reads behind one autocomplete answer.
const autocompleteBudget = 2500 * time.Millisecond

// How far ahead autocomplete looks for days, sessions and open times.
const (
	daysAhead  = 30 * 24 * time.Hour
	slotsAhead = 14 * 24 * time.Hour
)

// asker is who is typing: their client record and coach record if any.
type asker struct {
	client *core.Client
	coach  *core.Coach
	loc    *time.Location
}

// autocomplete suggests values for the option being typed.
func (a *Adapter) autocomplete(ctx context.Context, p parsed) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	c, ok := commandByName(p.command)
	if !ok {
		return out
	}
	source := ""
	for _, o := range c.options {
		if o.name == p.focused {
			source = o.auto
		}
	}
	who, err := a.asker(ctx, p.req.UserID)
	if err != nil {
		a.log.Debug("discord: autocomplete without a person", "err", err)
		who = &asker{loc: time.UTC}
	}
	var list [][2]string // label, value
	switch {
	case source == autoType:
		list, err = a.typeChoices(ctx)
	case source == autoDay && who.coach != nil:
		list, err = a.dayChoices(ctx, who, p.req.Language)
	case source == autoSession && who.coach != nil:
		list, err = a.sessionChoices(ctx, who, p.req.Language)
	case source == autoSlot && who.coach != nil:
		list, err = a.slotChoices(ctx, who, p.values["session"], p.req.Language)
	}
	if err != nil {
		a.log.Debug("discord: autocomplete", "source", source, "err", err)
	}
	typed := strings.ToLower(strings.TrimSpace(p.typed))
	for _, l := range list {
		if typed != "" && !strings.Contains(strings.ToLower(l[0]), typed) && !strings.HasPrefix(l[1], typed) {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: clip(l[0], 100), Value: l[1]})
		if len(out) == maxOptions {
			break
		}
	}
	return out
}

// asker reads who is typing, without creating anything.
func (a *Adapter) asker(ctx context.Context, userID string) (*asker, error) {
	w := &asker{loc: time.UTC}
	p, err := a.svc.Accounts.KnownPerson(ctx, Platform, userID)
	if err == nil {
		w.client, w.coach = p.Client, p.Coach
	}
	zone := ""
	switch {
	case w.coach != nil:
		zone = w.coach.Zone // a coach plans in their own zone
	case w.client != nil:
		zone = w.client.Zone
	}
	if loc, lerr := core.LoadZone(zone); zone != "" && lerr == nil {
		w.loc = loc
	}
	return w, err
}

// typeChoices lists what the coaches offer, with length and price.
func (a *Adapter) typeChoices(ctx context.Context) ([][2]string, error) {
	coaches, err := a.svc.Catalog.Coaches(ctx)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, c := range coaches {
		types, err := a.svc.Catalog.SessionTypes(ctx, c.ID)
		if err != nil {
			return out, err
		}
		for _, t := range types {
			label := fmt.Sprintf("%s · %d min", t.Name, int(t.Duration/time.Minute))
			if !t.Price.IsZero() {
				label += " · " + t.Price.String()
			}
			if len(coaches) > 1 {
				label += " · " + c.Name
			}
			out = append(out, [2]string{label, strconv.FormatInt(t.ID, 10)})
		}
	}
	return out, nil
}

// coachSessions lists a coach's scheduled sessions from now to until,
// with their types' names.
func (a *Adapter) coachSessions(ctx context.Context, coachID int64, until time.Duration) ([]*core.Session, map[int64]string, error) {
	return a.svc.Coaching.CoachSessionsAhead(ctx, coachID, until, 200)
}

// dayChoices lists the coach's coming days that have sessions.
func (a *Adapter) dayChoices(ctx context.Context, who *asker, locale string) ([][2]string, error) {
	ss, _, err := a.coachSessions(ctx, who.coach.ID, daysAhead)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	count := map[string]int{}
	for _, s := range ss {
		day := s.Start.In(who.loc).Format("2006-01-02")
		if count[day] == 0 {
			out = append(out, [2]string{dayLabel(s.Start.In(who.loc), locale), day})
		}
		count[day]++
	}
	for i := range out {
		out[i][0] += fmt.Sprintf(" (%d)", count[out[i][1]])
	}
	return out, nil
}

// sessionChoices lists the coach's upcoming sessions.
func (a *Adapter) sessionChoices(ctx context.Context, who *asker, locale string) ([][2]string, error) {
	ss, names, err := a.coachSessions(ctx, who.coach.ID, daysAhead)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, s := range ss {
		local := s.Start.In(who.loc)
		out = append(out, [2]string{dayLabel(local, locale) + " " + local.Format("15:04") + " · " + names[s.TypeID],
			strconv.FormatInt(s.ID, 10)})
	}
	return out, nil
}

// slotChoices lists open times, in the coach's zone, for moving the
// session chosen in the same command. A group session has no open slots
// (they are for 1:1 types): nothing is suggested.
func (a *Adapter) slotChoices(ctx context.Context, who *asker, session, locale string) ([][2]string, error) {
	id, err := strconv.ParseInt(session, 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	s, err := a.svc.Coaching.CoachSession(ctx, who.coach.ID, id)
	if core.ErrorCode(err) == core.EUNAUTHORIZED {
		return nil, nil // another coach's session: nothing to suggest
	}
	if err != nil {
		return nil, err
	}
	now := a.svc.Clock.Now()
	slots, err := a.svc.Slots.OpenSlots(ctx, s.CoachID, s.TypeID, now, now.Add(slotsAhead))
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, t := range slots {
		local := t.In(who.loc)
		out = append(out, [2]string{dayLabel(local, locale) + " " + local.Format("15:04"), local.Format("2006-01-02 15:04")})
	}
	return out, nil
}

// dayLabel words a civil day: "Thu 4 Jun" / "jeu. 4 juin".
func dayLabel(t time.Time, locale string) string {
	days := [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	months := [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	if bot.Language(locale) == "fr" {
		days = [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}
		months = [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
	}
	return fmt.Sprintf("%s %d %s", days[t.Weekday()], t.Day(), months[t.Month()-1])
}
