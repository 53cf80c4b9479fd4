package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// The package form: name, credits, price, validity, the session types it
// covers (all, or one), and when a credit leaves the pass.

// packageForm creates or edits a package.
func (b *Bot) packageForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) (*coachForm, error) {
	types, err := b.svc.Catalog.SessionTypes(ctx, coach.ID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	covers := []formChoice{{"", b.t(t, "pk.all_types")}}
	for _, ty := range types {
		id := strconv.FormatInt(ty.ID, 10)
		names[id] = ty.Name
		covers = append(covers, formChoice{id, ty.Name})
	}
	title := b.t(t, "pk.new_title")
	if c.Data["id"] != "" {
		title = b.t(t, "pk.edit_title", "Package", c.Data["f.name"])
	}
	f := &coachForm{
		title: title,
		fields: []formField{
			{key: "name", label: b.t(t, "ty.name"), hint: b.t(t, "pk.name_hint"), parse: textField(80)},
			{key: "credits", label: b.t(t, "pk.credits"), hint: b.t(t, "pk.credits_hint"), parse: countField(1, 1000),
				choices: []formChoice{{"5", "5"}, {"10", "10"}, {"20", "20"}}},
			{key: "price", label: b.t(t, "ty.price"), hint: b.t(t, "se.price_hint"), parse: moneyField(b.coachCurrency(ctx, coach)), show: t.showMoney},
			{key: "days", label: b.t(t, "pk.days"), hint: b.t(t, "pk.days_hint"), parse: countField(1, 3660),
				choices: []formChoice{{"30", "30"}, {"90", "90"}, {"180", "180"}, {"365", "365"}}},
			{key: "covers", label: b.t(t, "pk.covers"), choices: covers, empty: b.t(t, "pk.all_types"), show: func(v string) string {
				var out []string
				for _, id := range strings.Split(v, ",") {
					if n, ok := names[id]; ok {
						out = append(out, n)
					} else {
						out = append(out, "#"+id)
					}
				}
				return strings.Join(out, ", ")
			}},
			{key: "deduct", label: b.t(t, "pk.deduct"), show: func(v string) string { return b.t(t, "pk.deduct."+v) },
				choices: []formChoice{{string(core.DeductAtBooking), b.t(t, "pk.deduct.booking")},
					{string(core.DeductAtCompletion), b.t(t, "pk.deduct.completion")}}},
		},
		actions: []formAction{{b.t(t, "form.save"), b.savePackage}},
		back:    btn(b.t(t, "se.back"), actPackages),
	}
	if c.Data["id"] != "" {
		f.actions = append(f.actions, b.retireAction(t, c, "pk.retired_done",
			func(ctx context.Context, coachID, id int64, retire bool) (string, error) {
				p, err := b.svc.Catalog.RetirePackage(ctx, coachID, id, retire)
				if err != nil {
					return "", err
				}
				return p.Name, nil
			}, b.showPackages))
	}
	return f, nil
}

// savePackage creates or updates the package the draft describes.
func (b *Bot) savePackage(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error {
	d := c.Data
	price, ok := parseMoney(d["f.price"])
	if !ok {
		return ErrStaleButton
	}
	credits, _ := strconv.Atoi(d["f.credits"])
	days, _ := strconv.Atoi(d["f.days"])
	p := &core.Package{CoachID: coach.ID, Name: d["f.name"], Credits: credits, Price: price, ValidityDays: days,
		DeductAt: core.DeductAt(d["f.deduct"])}
	if d["f.covers"] != "" {
		for _, s := range strings.Split(d["f.covers"], ",") {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return ErrStaleButton
			}
			p.TypeIDs = append(p.TypeIDs, id)
		}
	}
	var err error
	if d["id"] == "" {
		err = b.svc.Catalog.CreatePackage(ctx, p)
	} else {
		if p.ID, err = draftID(d, "id"); err != nil {
			return err
		}
		err = b.svc.Catalog.EditPackage(ctx, coach.ID, p)
	}
	if err != nil {
		return err
	}
	return b.showPackages(ctx, t, coach, b.t(t, "ty.saved", "Type", p.Name))
}
