package bot

import (
	"context"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// profileFlow names profile editing in the conversation; its data holds
// the field being typed.
const profileFlow = "profile"

// maxNameRunes bounds a typed name.
const maxNameRunes = 100

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actProfileEdit  = "pf"  // pf:<field>
	actProfileClear = "pfx" // pfx:<field>
)

// registerProfile registers /profile and editing its fields.
func (b *Bot) registerProfile() {
	b.command("profile", b.profile)
	b.action(actProfileEdit, b.profileEdit)
	b.action(actProfileClear, b.profileClear)
	b.typed(profileFlow, b.profileText)
}

// profile shows name, email, phone, zone and language with edit buttons.
func (b *Bot) profile(ctx context.Context, t *turn) error {
	b.profilePage(t, "")
	return nil
}

// profilePage renders the profile, headed by note when not empty.
func (b *Bot) profilePage(t *turn, note string) {
	c := t.client()
	none := b.t(t, "my.profile.none")
	lines := []string{}
	if note != "" {
		lines = append(lines, note, "")
	}
	zone := c.Zone
	if zone == "" {
		zone = none
	}
	lines = append(lines, b.t(t, "my.profile.title"),
		b.t(t, "my.profile.name", "Name", c.Name),
		b.t(t, "my.profile.email", "Email", acctOr(c.Email, none)),
		b.t(t, "my.profile.phone", "Phone", acctOr(c.Phone, none)),
		b.t(t, "my.profile.zone", "Zone", zone),
		b.t(t, "my.profile.language", "Language", b.t(t, "my.profile.lang_name")),
		"", b.t(t, "my.profile.coach_sees"))
	t.say(strings.Join(lines, "\n"),
		row(btn(b.t(t, "my.profile.edit_name"), actProfileEdit, "name"), btn(b.t(t, "my.profile.edit_email"), actProfileEdit, "email"),
			btn(b.t(t, "my.profile.edit_phone"), actProfileEdit, "phone")),
		row(btn(b.t(t, "my.profile.edit_zone"), actMenu, "timezone"), btn(b.t(t, "my.profile.edit_language"), actMenu, "language")),
		row(b.menuBack(t)))
}

// acctOr returns s, or alt when s is empty.
func acctOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// profileField checks a field name from button data or the conversation.
func profileField(f string) bool { return f == "name" || f == "email" || f == "phone" }

// profileEdit asks for a new value of a field.
func (b *Bot) profileEdit(ctx context.Context, t *turn) error {
	field, err := t.cb.arg(0)
	if err != nil || !profileField(field) {
		return ErrStaleButton
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{"field": field}
	if err := b.advance(ctx, t, c, profileFlow); err != nil {
		return err
	}
	b.profileAsk(t, field, "")
	return nil
}

// profileAsk prompts for a field, after a complaint when there is one.
func (b *Bot) profileAsk(t *turn, field, complaint string) {
	text := b.t(t, "my.profile.ask_"+field)
	if complaint != "" {
		text = complaint + "\n" + text
	}
	var r []Button
	if field != "name" && profileValue(t.client(), field) != "" {
		r = append(r, btn(b.t(t, "my.profile.remove_"+field), actProfileClear, field))
	}
	r = append(r, btn(b.t(t, "my.profile.back"), actMenu, "profile"))
	t.say(text, r)
	t.replies[len(t.replies)-1].ExpectText = true
}

// profileValue reads a field of a client.
func profileValue(c *core.Client, field string) string {
	switch field {
	case "name":
		return c.Name
	case "email":
		return c.Email
	}
	return c.Phone
}

// profileText saves a typed value, or explains politely why not and asks
// again.
func (b *Bot) profileText(ctx context.Context, t *turn) error {
	conv, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	field := conv.Data["field"]
	if !profileField(field) {
		if err := b.reset(ctx, t); err != nil {
			return err
		}
		b.profilePage(t, "")
		return nil
	}
	value := strings.TrimSpace(t.req.Text)
	if field == "name" && len([]rune(value)) > maxNameRunes {
		b.profileAsk(t, field, b.t(t, "my.profile.too_long", "Max", maxNameRunes))
		return nil
	}
	c := *t.client()
	switch field {
	case "name":
		c.Name = value
	case "email":
		c.Email = value
	case "phone":
		c.Phone = value
	}
	if err := b.svc.Accounts.UpdateProfile(ctx, &c); err != nil {
		if core.ErrorCode(err) != core.EINVALID {
			return err
		}
		complaint := b.errText(t, err)
		b.profileAsk(t, field, complaint)
		return nil
	}
	t.person.Client = &c
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	b.profilePage(t, b.t(t, "my.profile.saved"))
	return nil
}

// profileClear removes the email or the phone.
func (b *Bot) profileClear(ctx context.Context, t *turn) error {
	field, err := t.cb.arg(0)
	if err != nil || (field != "email" && field != "phone") {
		return ErrStaleButton
	}
	c := *t.client()
	if field == "email" {
		c.Email = ""
	} else {
		c.Phone = ""
	}
	if err := b.svc.Accounts.UpdateProfile(ctx, &c); err != nil {
		return err
	}
	t.person.Client = &c
	if conv, err := b.conversation(ctx, t); err != nil {
		return err
	} else if conv.Flow == profileFlow {
		if err := b.reset(ctx, t); err != nil {
			return err
		}
	}
	b.profilePage(t, b.t(t, "my.profile.removed"))
	return nil
}
