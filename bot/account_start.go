package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actMenu       = "m"    // m:<command>
	actLanguage   = "lang" // lang:<code>
	actZone       = "tz"   // tz:<zone index in the zone list>
	actZoneSearch = "tzs"  // tzs: ask to type a city
	actZoneBack   = "tzb"  // tzb: from typing a city back to the list
)

// zoneFlow names the conversation state while the person picks or types
// their time zone.
const zoneFlow = "zone"

// registerCommon registers onboarding, the menu, help, language and zone.
func (b *Bot) registerCommon() {
	b.menu = []menuItem{
		{"menu.book", "book"}, {"menu.classes", "classes"},
		{"menu.mybookings", "mybookings"}, {"menu.passes", "passes"},
		{"menu.packages", "packages"}, {"menu.payments", "payments"},
		{"menu.profile", "profile"}, {"menu.help", "help"},
	}
	b.command("start", b.start)
	b.command("help", b.help)
	b.command("menu", func(ctx context.Context, t *turn) error {
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "menu.what_next")))
		return nil
	})
	b.command("language", b.language)
	b.command("timezone", b.askZone)
	b.typed(zoneFlow, b.zoneText)
	b.action(actMenu, b.menuButton)
	b.action(actLanguage, b.setLanguage)
	b.action(actZone, b.setZone)
	b.action(actZoneSearch, b.zoneSearch)
	b.action(actZoneBack, b.zoneBack)
}

// menuBack is the "« Menu" button, the way back from a client's page.
func (b *Bot) menuBack(t *turn) Button { return btn(b.t(t, "menu.back"), actMenu, "menu") }

// start greets, asks the zone once, and follows deep links such as
// "/start book_42".
func (b *Bot) start(ctx context.Context, t *turn) error {
	arg := strings.TrimSpace(t.req.Args)
	if arg != "" {
		for prefix, h := range b.deepLinks {
			if strings.HasPrefix(arg, prefix+"_") {
				t.req.Args = strings.TrimPrefix(arg, prefix+"_")
				if t.client().Zone == "" {
					// Remember where they were going; ask the zone first.
					c, err := b.conversation(ctx, t)
					if err != nil {
						return err
					}
					c.Data = map[string]string{"after_zone": arg}
					if err := b.advance(ctx, t, c, zoneFlow); err != nil {
						return err
					}
					return b.askZone(ctx, t)
				}
				return h(ctx, t)
			}
		}
	}
	welcome := b.t(t, "start.welcome", "Name", t.client().Name)
	if t.client().Zone == "" {
		b.askZoneAfter(t, welcome) // one message: each one counts in Telegram's limits
		return nil
	}
	t.replies = append(t.replies, b.mainMenu(t, welcome+"\n\n"+b.t(t, "menu.what_next")))
	return nil
}

// help lists what the bot can do.
func (b *Bot) help(ctx context.Context, t *turn) error {
	text := b.t(t, "help.client")
	if t.person.Coach != nil {
		text += "\n\n" + b.t(t, "help.coach")
	}
	t.replies = append(t.replies, b.mainMenu(t, text))
	return nil
}

// mainMenu is a reply with text and the main menu's buttons, two a row.
func (b *Bot) mainMenu(t *turn, text string) Reply {
	var rows [][]Button
	for i := 0; i < len(b.menu); i += 2 {
		r := []Button{btn(b.t(t, b.menu[i].key), actMenu, b.menu[i].command)}
		if i+1 < len(b.menu) {
			r = append(r, btn(b.t(t, b.menu[i+1].key), actMenu, b.menu[i+1].command))
		}
		rows = append(rows, r)
	}
	return Reply{Text: text, Buttons: rows, Private: t.req.ChatKind == ChatGroup || t.req.ChatKind == ChatChannel}
}

// menuButton runs the command a main-menu button names.
func (b *Bot) menuButton(ctx context.Context, t *turn) error {
	name, err := t.cb.arg(0)
	if err != nil {
		return err
	}
	h, ok := b.commands[name]
	if !ok {
		return ErrStaleButton
	}
	t.req.Args = ""
	return h(ctx, t)
}

// language offers the languages the bot speaks.
func (b *Bot) language(ctx context.Context, t *turn) error {
	text := b.t(t, "language.choose")
	if arg := strings.TrimSpace(t.req.Args); arg != "" {
		if code := Language(arg); code != "en" || strings.HasPrefix(strings.ToLower(arg), "en") {
			t.cb = Callback{Action: actLanguage, Args: []string{code}}
			return b.setLanguage(ctx, t)
		}
		// A code the bot has no file for keeps the person's language.
		text = b.t(t, "language.unknown", "Code", arg) + "\n" + text
	}
	// Each language is offered in its own name, from its own file.
	var r []Button
	for _, code := range Languages() {
		r = append(r, btn(b.cat.t(code, "language.name"), actLanguage, code))
	}
	t.say(text, r, row(b.menuBack(t)))
	return nil
}

// setLanguage stores the chosen language.
func (b *Bot) setLanguage(ctx context.Context, t *turn) error {
	code, err := t.cb.arg(0)
	if err != nil {
		return err
	}
	if Language(code) != code {
		return ErrStaleButton
	}
	c := *t.client()
	c.Language = code
	if err := b.svc.Accounts.UpdateProfile(ctx, &c); err != nil {
		return err
	}
	t.lang = code
	t.replies = append(t.replies, b.mainMenu(t, b.t(t, "language.set")))
	return nil
}

// askZone asks for the person's time zone with likely suggestions.
func (b *Bot) askZone(ctx context.Context, t *turn) error {
	b.askZoneAfter(t, "")
	return nil
}

// askZoneAfter asks for the zone under lead (a greeting), in one reply.
func (b *Bot) askZoneAfter(t *turn, lead string) {
	var rows [][]Button
	for _, i := range suggestedZones(t.lang, t.req.Language) {
		rows = append(rows, row(btn(zoneLabel(i), actZone, id36(int64(i)))))
	}
	rows = append(rows, row(btn(b.t(t, "zone.search"), actZoneSearch)))
	if t.client().Zone != "" {
		rows = append(rows, row(b.menuBack(t))) // a zone is kept: nothing has to be picked
	}
	text := b.t(t, "zone.ask")
	if lead != "" {
		text = lead + "\n\n" + text
	}
	t.say(text, rows...)
}

// zoneSearch asks the person to type a city or zone name.
func (b *Bot) zoneSearch(ctx context.Context, t *turn) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	if c.Flow != zoneFlow {
		c.Data = map[string]string{}
	}
	if err := b.advance(ctx, t, c, zoneFlow); err != nil {
		return err
	}
	t.say(b.t(t, "zone.type"), row(btn(b.t(t, "zone.back"), actZoneBack)))
	t.replies[len(t.replies)-1].ExpectText = true
	return nil
}

// zoneBack leaves typing a city for the list of cities; a deep link
// waiting for the zone keeps waiting.
func (b *Bot) zoneBack(ctx context.Context, t *turn) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	if c.Flow == zoneFlow && c.Data["after_zone"] == "" {
		t.conv = c // reset reads it again
		if err := b.reset(ctx, t); err != nil {
			return err
		}
	}
	return b.askZone(ctx, t)
}

// setZone stores the zone picked from a button.
func (b *Bot) setZone(ctx context.Context, t *turn) error {
	s, err := t.cb.arg(0)
	if err != nil {
		return err
	}
	i, err := strconv.ParseInt(s, 36, 64)
	if err != nil || i < 0 || int(i) >= len(zoneList) {
		return ErrStaleButton
	}
	return b.saveZone(ctx, t, zoneList[i].zone)
}

// saveZone stores a zone and continues where the person was going.
func (b *Bot) saveZone(ctx context.Context, t *turn, zone string) error {
	c := *t.client()
	c.Zone = zone
	if err := b.svc.Accounts.UpdateProfile(ctx, &c); err != nil {
		return err
	}
	t.person.Client = &c
	t.loc, _ = b.zones.Load(zone)
	conv, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	next := conv.Data["after_zone"]
	if conv.Flow == zoneFlow {
		t.conv = conv // reset would read it again
		if err := b.reset(ctx, t); err != nil {
			return err
		}
	}
	set := b.t(t, "zone.set", "Zone", zone, "Now", formatClock(t.now.In(t.loc)))
	if next != "" {
		t.say(set)
		t.req.Command, t.req.Args, t.req.Data = "start", next, ""
		return b.start(ctx, t)
	}
	// The menu replaces the zone question in place: an edit, not one
	// more message in the chat.
	m := b.mainMenu(t, set+"\n\n"+b.t(t, "menu.what_next"))
	m.Edit = t.req.Data != "" && t.req.MessageID != ""
	t.replies = append(t.replies, m)
	return nil
}

// text handles free text: the answer to the prompt or flow the
// conversation awaits, a zone search while the person has no zone, or a
// friendly pointer to the menu.
func (b *Bot) text(ctx context.Context, t *turn) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	if b.refuseAttachment(t, c) { // booking_attachment.go
		return nil
	}
	if p, ok := strings.CutPrefix(c.Data["await"], "p."); ok {
		if h, ok := b.texts[c.Flow+"/"+p]; ok { // a coach's prompt (b.answer)
			return h(ctx, t)
		}
	}
	if h, ok := b.texts[c.Flow]; ok {
		return h(ctx, t)
	}
	if t.client().Zone == "" {
		return b.zoneText(ctx, t)
	}
	t.replies = append(t.replies, b.mainMenu(t, b.t(t, "unknown.text")))
	return nil
}

// zoneText reads a typed city or zone name: saved when it names one
// zone, else the matches or "none" to pick from.
func (b *Bot) zoneText(ctx context.Context, t *turn) error {
	typed := strings.TrimSpace(t.req.Text)
	if strings.Contains(typed, "/") {
		if _, err := core.LoadZone(typed); err == nil {
			return b.saveZone(ctx, t, typed)
		}
	}
	matches := searchZones(typed)
	if len(matches) == 1 {
		return b.saveZone(ctx, t, zoneList[matches[0]].zone)
	}
	if len(matches) == 0 {
		t.say(b.t(t, "zone.none", "Text", t.req.Text), row(btn(b.t(t, "zone.search"), actZoneSearch)), row(btn(b.t(t, "zone.back"), actZoneBack)))
		return nil
	}
	var rows [][]Button
	for _, i := range matches {
		rows = append(rows, row(btn(zoneLabel(i), actZone, id36(int64(i)))))
	}
	rows = append(rows, row(btn(b.t(t, "zone.back"), actZoneBack)))
	t.say(b.t(t, "zone.pick"), rows...)
	return nil
}
