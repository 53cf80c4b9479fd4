package bot

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The coach's admin flows: /coach opens a menu of buttons, and commands
// (/agenda, /clients, /cancelday, /move, /late, …) are shortcuts to the
// same screens. Who is a coach is read from the person's coach record on
// every request (t.person.Coach) — never from the chat or the button data
// — and every id a button carries is checked again by the core service,
// which refuses another coach's session, booking, pass or payment.
// Owners (Options.Owners) make people coaches with /addcoach. Forms and
// prompts keep their state in the conversation (flow coachFlow).

// coachFlow names the admin flows' conversation state.
const coachFlow = "coach"

// coachHandler handles a request of a person known to be a coach.
type coachHandler func(ctx context.Context, t *turn, coach *core.Coach) error

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actCoachInvite = "cinv" // cinv: a new invite code (owners)
	actMakeMeCoach = "cmk"  // cmk: an owner becomes a coach
	actCoachMenu   = "co"   // co: the coach menu
)

// registerCoach registers the coach admin flows: /coach and its commands.
func (b *Bot) registerCoach() {
	b.command("coach", b.coachCommand)
	b.command("addcoach", b.addCoach)
	b.action(actCoachInvite, b.inviteButton)
	b.action(actMakeMeCoach, b.makeMeCoach)
	b.command("agenda", b.asCoach(b.agendaCommand))
	b.action(actCoachMenu, b.asCoach(func(ctx context.Context, t *turn, coach *core.Coach) error { return b.coachMenu(ctx, t, coach, "") }))
	b.typed(coachFlow, b.asCoach(b.coachText))
	b.registerCoachForms()   // coach_form.go
	b.registerCoachAgenda()  // coach_agenda.go
	b.registerCoachSession() // coach_session.go
	b.registerCoachCatalog() // coach_catalog.go
	b.registerCoachClients() // coach_clients.go
	b.registerCoachSetup()   // coach_setup.go
	b.registerCoachDisrupt() // coach_disrupt.go
	b.registerCoachNotices() // notices_admin.go
}

// asCoach is the middleware of commands, buttons and typed answers only
// coaches may use: it refuses anyone without a coach record, politely and changing
// nothing, and words the coach's errors in their language.
func (b *Bot) asCoach(h coachHandler) handler {
	return func(ctx context.Context, t *turn) error {
		coach := t.person.Coach
		if coach == nil {
			b.refuseCoach(t)
			return nil
		}
		err := h(ctx, t, coach)
		switch core.ErrorCode(err) {
		case core.EINVALID, core.ECONFLICT, core.ENOTFOUND, core.EUNAUTHORIZED:
			if err == ErrStaleButton {
				return err
			}
			// A refusal keeps the coach in the admin menus.
			msg := b.errText(t, err)
			t.replies = append(t.replies, Reply{Text: "⚠️ " + msg, Buttons: [][]Button{row(b.backToMenu(t))}, Toast: msg,
				Private: t.inChannel()})
			return nil
		}
		return err
	}
}

// refuseCoach answers a non-coach who tried an admin command or button.
func (b *Bot) refuseCoach(t *turn) {
	r := b.mainMenu(t, b.t(t, "coach.only"))
	if t.req.Data != "" {
		r.Toast = b.t(t, "coach.only_toast")
	}
	t.replies = append(t.replies, r)
}

// isOwner tells whether the sender is one of the configured owners.
func (b *Bot) isOwner(t *turn) bool {
	return slices.Contains(b.opts.Owners, t.req.Platform+":"+t.req.UserID)
}

// coachLoc is the coach's zone: agendas and forms speak in it.
func coachLoc(coach *core.Coach) *time.Location {
	if loc, err := core.LoadZone(coach.Zone); err == nil {
		return loc
	}
	return time.UTC
}

// coachWhen renders an instant in the coach's zone.
func (t *turn) coachWhen(coach *core.Coach, at time.Time) string {
	return formatWhen(t.lang, coachLoc(coach), at)
}

// coachCommand opens the menu; "/coach CODE" redeems an invite.
func (b *Bot) coachCommand(ctx context.Context, t *turn) error {
	if arg := strings.TrimSpace(t.req.Args); arg != "" {
		c, err := b.svc.Accounts.RedeemCoachInvite(ctx, t.client().ID, arg)
		if err != nil {
			return err
		}
		t.person.Coach = c
		return b.coachMenu(ctx, t, c, b.t(t, "coach.welcome", "Coach", c.Name))
	}
	if t.person.Coach == nil {
		if b.isOwner(t) {
			t.say(b.t(t, "coach.owner_not_coach"), row(btn(b.t(t, "coach.btn.make_me"), actMakeMeCoach)),
				row(btn(b.t(t, "coach.btn.invite"), actCoachInvite)))
			return nil
		}
		b.refuseCoach(t)
		return nil
	}
	return b.coachMenu(ctx, t, t.person.Coach, "")
}

// coachMenu is the admin home: today's count and a button per area.
func (b *Bot) coachMenu(ctx context.Context, t *turn, coach *core.Coach, lead string) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	loc := coachLoc(coach)
	local := t.now.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	today, err := b.svc.Coaching.Agenda(ctx, coach.ID, day, day.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	n := 0
	for _, e := range today {
		if e.Session.Status != core.SessionCancelled {
			n++
		}
	}
	text := b.t(t, "coach.menu", "Count", n, "Coach", coach.Name, "Zone", coach.Zone)
	if lead != "" {
		text = lead + "\n\n" + text
	}
	rows := [][]Button{
		row(btn(b.t(t, "coach.btn.today"), actAgenda, "d"), btn(b.t(t, "coach.btn.week"), actAgenda, "w")),
		row(btn(b.t(t, "coach.btn.clients"), actClients), btn(b.t(t, "coach.btn.group"), actNewGroup)),
		row(btn(b.t(t, "coach.btn.availability"), actAvailability), btn(b.t(t, "coach.btn.policies"), actPolicy)),
		row(btn(b.t(t, "coach.btn.types"), actTypes), btn(b.t(t, "coach.btn.packages"), actPackages)),
		row(btn(b.t(t, "coach.btn.announce"), actMenu, "announce"), btn(b.t(t, "coach.btn.disrupt"), actDisrupt)),
	}
	if b.isOwner(t) {
		rows = append(rows, row(btn(b.t(t, "coach.btn.invite"), actCoachInvite)))
	}
	t.say(text, rows...)
	return nil
}

// backToMenu is the "« Coach menu" button.
func (b *Bot) backToMenu(t *turn) Button { return btn(b.t(t, "coach.btn.menu"), actCoachMenu) }

// addCoach lets an owner make a person a coach: "/addcoach telegram:123"
// for someone who has talked to the bot, or a one-time invite code.
func (b *Bot) addCoach(ctx context.Context, t *turn) error {
	if !b.isOwner(t) {
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "coach.owners_only")))
		return nil
	}
	arg := strings.TrimSpace(t.req.Args)
	if arg == "" {
		return b.inviteButton(ctx, t)
	}
	platform, user, ok := parseAccountRef(arg)
	if !ok {
		t.say(b.t(t, "coach.addcoach_usage"))
		return nil
	}
	c, err := b.svc.Accounts.MakeCoach(ctx, platform, user)
	if err != nil {
		return err
	}
	t.say(b.t(t, "coach.added", "Coach", c.Name), row(btn(b.t(t, "coach.btn.invite"), actCoachInvite)))
	return nil
}

// inviteButton gives an owner a fresh invite code to pass on.
func (b *Bot) inviteButton(ctx context.Context, t *turn) error {
	if !b.isOwner(t) {
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "coach.owners_only")))
		return nil
	}
	code, expires, err := b.svc.Accounts.NewCoachInvite(ctx, t.client().ID)
	if err != nil {
		return err
	}
	t.say(b.t(t, "coach.invite", "Code", code, "Expires", t.when(expires)))
	return nil
}

// makeMeCoach turns an owner's own account into a coach.
func (b *Bot) makeMeCoach(ctx context.Context, t *turn) error {
	if !b.isOwner(t) {
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "coach.owners_only")))
		return nil
	}
	c, err := b.svc.Accounts.MakeCoach(ctx, t.req.Platform, t.req.UserID)
	if err != nil {
		return err
	}
	t.person.Coach = c
	return b.coachMenu(ctx, t, c, b.t(t, "coach.welcome", "Coach", c.Name))
}
