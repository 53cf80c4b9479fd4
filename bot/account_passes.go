package bot

import (
	"context"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// packagesFlow names the shop in the conversation: its Buy buttons carry
// the step, so a double tap opens one order.
const packagesFlow = "packages"

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actBuyPackage = "pkb" // pkb:<step>:<package>
)

// registerPasses registers /passes, /packages and buying a package.
func (b *Bot) registerPasses() {
	b.command("passes", b.passes)
	b.command("packages", b.packages)
	b.action(actBuyPackage, b.buyPackage)
}

// passes lists the client's passes: credits left, expiry in their zone,
// the session types covered; expired and used-up ones marked.
func (b *Bot) passes(ctx context.Context, t *turn) error {
	list, err := b.svc.Passes.MyPasses(ctx, t.client().ID)
	if err != nil {
		return err
	}
	rows := [][]Button{row(btn(b.t(t, "menu.packages"), actMenu, "packages"), btn(b.t(t, "menu.book"), actMenu, "book"))}
	if len(list) == 0 {
		t.say(b.t(t, "my.passes.none"), rows...)
		return nil
	}
	var text strings.Builder
	text.WriteString(b.t(t, "my.passes.title"))
	for _, v := range list {
		p := v.Pass
		text.WriteString("\n\n")
		switch {
		case v.Refunded:
			text.WriteString(b.t(t, "my.passes.refunded", "Pass", p.Name, "Coach", v.Coach.Name))
		case v.Expired:
			text.WriteString(b.t(t, "my.passes.expired", "Pass", p.Name, "Coach", v.Coach.Name, "Expires", t.when(p.Expires)))
			if p.CreditsLeft > 0 {
				text.WriteString(" " + b.t(t, "my.passes.unused", "Count", p.CreditsLeft))
			}
		case p.CreditsLeft == 0:
			text.WriteString(b.t(t, "my.passes.used_up", "Pass", p.Name, "Coach", v.Coach.Name, "Credits", p.Credits))
		default:
			text.WriteString(b.t(t, "my.passes.line", "Pass", p.Name, "Coach", v.Coach.Name, "Left", p.CreditsLeft, "Credits", p.Credits, "Expires", t.when(p.Expires)))
		}
		text.WriteString("\n   " + b.acctCovers(t, v.Types, v.Coach))
	}
	t.say(text.String(), rows...)
	return nil
}

// acctCovers says which session types a pass or package pays for.
func (b *Bot) acctCovers(t *turn, types []*core.SessionType, coach *core.Coach) string {
	if len(types) == 0 {
		return b.t(t, "my.covers.all", "Coach", coach.Name)
	}
	return b.t(t, "my.covers", "Types", acctTypeNames(types))
}

// packages lists the packages for sale, each with a Buy button.
func (b *Bot) packages(ctx context.Context, t *turn) error {
	list, err := b.svc.Passes.MyPackages(ctx, t.client().ID)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		t.say(b.t(t, "my.packages.none"), row(btn(b.t(t, "menu.book"), actMenu, "book")))
		return nil
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{}
	if err := b.advance(ctx, t, c, packagesFlow); err != nil {
		return err
	}
	var text strings.Builder
	var rows [][]Button
	text.WriteString(b.t(t, "my.packages.title"))
	for _, v := range list {
		p := v.Package
		text.WriteString("\n\n" + b.t(t, "my.packages.line", "Package", p.Name, "Coach", v.Coach.Name, "Credits", p.Credits, "Price", t.money(p.Price), "Days", p.ValidityDays))
		text.WriteString("\n   " + b.acctCovers(t, v.Types, v.Coach))
		rows = append(rows, row(btn(b.t(t, "my.packages.buy", "Package", p.Name, "Price", t.money(p.Price)), actBuyPackage, step(c), id36(p.ID))))
	}
	rows = append(rows, row(btn(b.t(t, "menu.passes"), actMenu, "passes")))
	t.say(text.String(), rows...)
	return nil
}

// buyPackage opens an order for a package (or shows the one already
// open), then the Pay link when payments are online, else says the coach
// will confirm payment.
func (b *Bot) buyPackage(ctx context.Context, t *turn) error {
	c, err := b.current(ctx, t, packagesFlow, 0)
	if err != nil {
		return err
	}
	id, err := t.cb.argID(1)
	if err != nil {
		return err
	}
	if err := b.advance(ctx, t, c, ""); err != nil {
		return err
	}
	var pay *core.Payment
	var name string
	dues, err := b.svc.Payments.MyPayments(ctx, t.client().ID)
	if err != nil {
		return err
	}
	for _, l := range dues.Due {
		if l.Package != nil && l.Package.ID == id {
			pay, name = l.Payment, l.Package.Name
			break
		}
	}
	fresh := pay == nil
	if fresh {
		if pay, err = b.svc.Passes.BuyPackage(ctx, t.client().ID, id); err != nil {
			return err
		}
		list, err := b.svc.Passes.MyPackages(ctx, t.client().ID)
		if err != nil {
			return err
		}
		for _, v := range list {
			if v.Package.ID == id {
				name = v.Package.Name
			}
		}
	}
	key := "my.packages.ordered"
	if !fresh {
		key = "my.packages.already"
	}
	lines := []string{b.t(t, key, "Package", name, "Price", t.money(pay.Amount))}
	var rows [][]Button
	switch payBtn, ok, down := b.payButton(ctx, t, pay); {
	case down:
		lines = append(lines, b.t(t, "pay.online_down"))
		rows = append(rows, row(payBtn))
	case ok:
		lines = append(lines, b.t(t, "my.packages.pay_online"))
		rows = append(rows, row(payBtn))
	default:
		lines = append(lines, b.t(t, "my.packages.pay_coach"))
	}
	rows = append(rows, row(btn(b.t(t, "menu.payments"), actMenu, "payments"), btn(b.t(t, "menu.passes"), actMenu, "passes")))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}
