package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The coach's catalog: session types and packages, listed with a button
// each, created and edited with a form, retired and offered again.
// Sessions already scheduled and passes already sold keep the terms they
// copied, so none of this touches an existing booking or pass.

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actTypes       = "cty" // cty: session types
	actTypeNew     = "ctn" // ctn: a new type
	actTypeEdit    = "cte" // cte:<type>
	actPackages    = "cpk" // cpk: packages
	actPackageNew  = "cpn" // cpn: a new package
	actPackageEdit = "cpe" // cpe:<package>
)

// registerCoachCatalog registers the catalog screens.
func (b *Bot) registerCoachCatalog() {
	b.command("types", b.asCoach(b.typesList))
	b.command("packs", b.asCoach(b.packagesList))
	b.action(actTypes, b.asCoach(b.typesList))
	b.action(actTypeNew, b.asCoach(b.newType))
	b.action(actTypeEdit, b.asCoach(b.editType))
	b.action(actPackages, b.asCoach(b.packagesList))
	b.action(actPackageNew, b.asCoach(b.newPackage))
	b.action(actPackageEdit, b.asCoach(b.editPackageForm))
}

// typesList shows every session type of the coach.
func (b *Bot) typesList(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.showTypes(ctx, t, coach, "")
}

// showTypes draws the session types, after an optional lead line.
func (b *Bot) showTypes(ctx context.Context, t *turn, coach *core.Coach, lead string) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	types, err := b.svc.Catalog.CoachSessionTypes(ctx, coach.ID)
	if err != nil {
		return err
	}
	lines := []string{b.t(t, "ty.title")}
	if lead != "" {
		lines = append([]string{lead, ""}, lines...)
	}
	var rows [][]Button
	for _, ty := range types {
		line := "• " + b.typeLine(t, ty)
		if ty.Retired {
			line += " " + b.t(t, "ty.retired")
		}
		lines = append(lines, line)
		rows = append(rows, row(btn("✏️ "+ty.Name, actTypeEdit, id36(ty.ID))))
	}
	rows = append(rows, row(btn(b.t(t, "ty.new"), actTypeNew)), row(b.backToMenu(t)))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// typeLine sums a session type up: duration, price, seats, modes.
func (b *Bot) typeLine(t *turn, ty *core.SessionType) string {
	s := &core.Session{Price: ty.Price, CreditCost: ty.CreditCost}
	return ty.Name + " — " + formatDuration(t.lang, ty.Duration) + " · " + b.sessionPrice(t, s) + " · " +
		b.seats(t, ty.Capacity) + " · " + b.t(t, "mode."+modeOf(ty.Online, ty.InPerson))
}

// seats words a capacity: "1:1", or "8 seats".
func (b *Bot) seats(t *turn, n int) string {
	if n == 1 {
		return b.t(t, "ty.one_to_one")
	}
	return b.t(t, "ty.seats", "Count", n)
}

// modeOf names the modes of a type: "online", "in_person" or "both".
func modeOf(online, inPerson bool) string {
	switch {
	case online && inPerson:
		return "both"
	case online:
		return string(core.ModeOnline)
	}
	return string(core.ModeInPerson)
}

// newType opens an empty session type form.
func (b *Bot) newType(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.startForm(ctx, t, coach, "st", "", map[string]string{"duration": time.Hour.String(), "price": "free",
		"credits": "0", "mode": string(core.ModeInPerson), "capacity": "1", "unpaid": unpaidCoach})
}

// editType opens a session type's form, filled in.
func (b *Bot) editType(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	types, err := b.svc.Catalog.CoachSessionTypes(ctx, coach.ID)
	if err != nil {
		return err
	}
	for _, ty := range types {
		if ty.ID == id {
			return b.startForm(ctx, t, coach, "st", strconv.FormatInt(id, 10), map[string]string{"name": ty.Name,
				"duration": ty.Duration.String(), "price": ty.Price.String(), "credits": strconv.Itoa(ty.CreditCost),
				"mode": modeOf(ty.Online, ty.InPerson), "place": ty.Location, "link": ty.VideoLink,
				"capacity": strconv.Itoa(ty.Capacity), "retired": strconv.FormatBool(ty.Retired), "unpaid": unpaidField(ty.Unpaid)})
		}
	}
	return core.NewError(core.EUNAUTHORIZED, "err.type.other_coach", "That session type belongs to another coach.")
}

// countField reads a whole number in [lo, hi].
func countField(lo, hi int) func(string) (string, error) {
	return func(s string) (string, error) {
		n, err := parseCount(s, lo, hi)
		return strconv.Itoa(n), err
	}
}

// spanField reads a duration, kept as Go's duration text.
func spanField(s string) (string, error) {
	d, err := parseSpan(s)
	return d.String(), err
}

// showSpan renders a kept duration for the reader.
func (t *turn) showSpan(v string) string {
	return showSpan(t.lang, v)
}

// showSpan words a stored duration for a reader of lang; "0" for none.
func showSpan(lang, v string) string {
	d, err := time.ParseDuration(v)
	if err != nil {
		return v
	}
	return humanLeft(lang, d) // zero reads "0 min", with its unit
}

// spanChoices offers durations as a form's choices, each worded by show
// in the reader's language ("12 ч", "14 дней"), never in English.
func spanChoices(show func(string) string, ds ...time.Duration) []formChoice {
	out := make([]formChoice, len(ds))
	for i, d := range ds {
		out[i] = formChoice{d.String(), show(d.String())}
	}
	return out
}

// moneyField reads an amount in cur unless another currency is typed.
func moneyField(cur string) func(string) (string, error) {
	return func(s string) (string, error) {
		m, err := parseAmount(s, cur)
		return m.String(), err
	}
}

// coachCurrency is the currency the coach prices in: their first priced
// type's, else EUR.
func (b *Bot) coachCurrency(ctx context.Context, coach *core.Coach) string {
	types, err := b.svc.Catalog.CoachSessionTypes(ctx, coach.ID)
	if err == nil {
		for _, ty := range types {
			if ty.Price.Currency != "" {
				return ty.Price.Currency
			}
		}
	}
	return "EUR"
}

// modeChoices are the ways a type or session is attended.
func (b *Bot) modeChoices(t *turn, both bool) []formChoice {
	out := []formChoice{{string(core.ModeInPerson), b.t(t, "mode.in_person")}, {string(core.ModeOnline), b.t(t, "mode.online")}}
	if both {
		out = append(out, formChoice{"both", b.t(t, "mode.both")})
	}
	return out
}

// typeForm creates or edits a session type.
func (b *Bot) typeForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) (*coachForm, error) {
	cur := b.coachCurrency(ctx, coach)
	title := b.t(t, "ty.new_title")
	if c.Data["id"] != "" {
		title = b.t(t, "ty.edit_title", "Type", c.Data["f.name"])
	}
	showDuration := func(v string) string { d, _ := time.ParseDuration(v); return formatDuration(t.lang, d) }
	f := &coachForm{
		title: title,
		fields: []formField{
			{key: "name", label: b.t(t, "ty.name"), hint: b.t(t, "ty.name_hint"), parse: textField(80)},
			{key: "duration", label: b.t(t, "ty.duration"), hint: b.t(t, "ty.duration_hint"), parse: spanField,
				show: showDuration, choices: spanChoices(showDuration, 30*time.Minute, 45*time.Minute, time.Hour, 90*time.Minute)},
			{key: "price", label: b.t(t, "ty.price"), hint: b.t(t, "se.price_hint"), parse: moneyField(cur), show: t.showMoney},
			{key: "credits", label: b.t(t, "ty.credits"), hint: b.t(t, "ty.credits_hint"), parse: countField(0, 100),
				choices: []formChoice{{"0", "0"}, {"1", "1"}, {"2", "2"}, {"3", "3"}}},
			{key: "mode", label: b.t(t, "ty.mode"), choices: b.modeChoices(t, true), show: func(v string) string { return b.t(t, "mode."+v) }},
			{key: "place", label: b.t(t, "ty.place"), hint: b.t(t, "se.text_hint"), parse: textField(200)},
			{key: "link", label: b.t(t, "ty.link"), hint: b.t(t, "se.link_hint"), parse: linkField},
			{key: "capacity", label: b.t(t, "ty.capacity"), hint: b.t(t, "ty.capacity_hint"), parse: countField(1, 1000),
				choices: []formChoice{{"1", "1 (1:1)"}, {"8", "8"}, {"12", "12"}, {"20", "20"}}},
			b.typeUnpaidField(t, coach),
		},
		actions: []formAction{{b.t(t, "form.save"), b.saveType}},
		back:    btn(b.t(t, "se.back"), actTypes),
	}
	if c.Data["id"] != "" {
		f.actions = append(f.actions, b.retireAction(t, c, "ty.retired_done",
			func(ctx context.Context, coachID, id int64, retire bool) (string, error) {
				ty, err := b.svc.Catalog.RetireSessionType(ctx, coachID, id, retire)
				if err != nil {
					return "", err
				}
				return ty.Name, nil
			}, b.showTypes))
	}
	return f, nil
}

// retireAction is the Retire or Restore button of a catalog form, the same
// toggle for session types and packages: apply retires or restores the
// draft's object and returns its name, show lists the catalog again.
func (b *Bot) retireAction(t *turn, c *core.Conversation, retiredKey string,
	apply func(ctx context.Context, coachID, id int64, retire bool) (string, error),
	show func(ctx context.Context, t *turn, coach *core.Coach, lead string) error) formAction {
	retire, label := true, b.t(t, "ty.retire")
	if c.Data["f.retired"] == "true" {
		retire, label = false, b.t(t, "ty.restore")
	}
	return formAction{label, func(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error {
		id, err := draftID(c.Data, "id")
		if err != nil {
			return err
		}
		name, err := apply(ctx, coach.ID, id, retire)
		if err != nil {
			return err
		}
		key := retiredKey
		if !retire {
			key = "ty.restored_done"
		}
		return show(ctx, t, coach, b.t(t, key, "Name", name))
	}}
}

// saveType creates or updates the session type the draft describes.
func (b *Bot) saveType(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error {
	d := c.Data
	dur, _ := time.ParseDuration(d["f.duration"])
	price, ok := parseMoney(d["f.price"])
	if !ok {
		return ErrStaleButton
	}
	credits, _ := strconv.Atoi(d["f.credits"])
	capacity, _ := strconv.Atoi(d["f.capacity"])
	ty := &core.SessionType{CoachID: coach.ID, Name: d["f.name"], Duration: dur, Price: price, CreditCost: credits,
		Online: d["f.mode"] != string(core.ModeInPerson), InPerson: d["f.mode"] != string(core.ModeOnline),
		Location: d["f.place"], VideoLink: d["f.link"], Capacity: capacity, Unpaid: unpaidMode(d["f.unpaid"])}
	var err error
	if d["id"] == "" {
		err = b.svc.Catalog.CreateSessionType(ctx, ty)
	} else {
		if ty.ID, err = draftID(d, "id"); err != nil {
			return err
		}
		err = b.svc.Catalog.EditSessionType(ctx, coach.ID, ty)
	}
	if err != nil {
		return err
	}
	return b.showTypes(ctx, t, coach, b.t(t, "ty.saved", "Type", ty.Name))
}

// packagesList shows every package of the coach.
func (b *Bot) packagesList(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.showPackages(ctx, t, coach, "")
}

// showPackages draws the packages, after an optional lead line.
func (b *Bot) showPackages(ctx context.Context, t *turn, coach *core.Coach, lead string) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	pks, err := b.svc.Catalog.CoachPackages(ctx, coach.ID)
	if err != nil {
		return err
	}
	lines := []string{b.t(t, "pk.title")}
	if lead != "" {
		lines = append([]string{lead, ""}, lines...)
	}
	var rows [][]Button
	for _, p := range pks {
		line := "• " + b.t(t, "pk.line", "Count", p.Credits, "Package", p.Name, "Price", t.money(p.Price), "Days", p.ValidityDays)
		if p.Retired {
			line += " " + b.t(t, "ty.retired")
		}
		lines = append(lines, line)
		rows = append(rows, row(btn("✏️ "+p.Name, actPackageEdit, id36(p.ID))))
	}
	rows = append(rows, row(btn(b.t(t, "pk.new"), actPackageNew)), row(b.backToMenu(t)))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// newPackage opens an empty package form.
func (b *Bot) newPackage(ctx context.Context, t *turn, coach *core.Coach) error {
	return b.startForm(ctx, t, coach, "pk", "", map[string]string{"credits": "10", "price": "free", "days": "90",
		"deduct": string(core.DeductAtBooking)})
}

// editPackageForm opens a package's form, filled in.
func (b *Bot) editPackageForm(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	pks, err := b.svc.Catalog.CoachPackages(ctx, coach.ID)
	if err != nil {
		return err
	}
	for _, p := range pks {
		if p.ID == id {
			var ids []string
			for _, x := range p.TypeIDs {
				ids = append(ids, strconv.FormatInt(x, 10))
			}
			return b.startForm(ctx, t, coach, "pk", strconv.FormatInt(id, 10), map[string]string{"name": p.Name,
				"credits": strconv.Itoa(p.Credits), "price": p.Price.String(), "days": strconv.Itoa(p.ValidityDays),
				"covers": strings.Join(ids, ","), "deduct": string(p.DeductAt), "retired": strconv.FormatBool(p.Retired)})
		}
	}
	return core.NewError(core.EUNAUTHORIZED, "err.package.other_coach", "That package belongs to another coach.")
}
