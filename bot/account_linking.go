package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actLink = "lk" // lk: type a code from the other app
)

// registerLinking registers linking one person's Telegram and Discord
// accounts: /link shows a one-time code, "/link CODE" on the other app
// redeems it, and the "lk" button asks for the code to be typed (a modal
// on Discord).
func (b *Bot) registerLinking() {
	b.command("link", b.link)
	b.action(actLink, b.linkAsk)
	b.typed("link", b.linkTyped)
}

// link shows a fresh code, or redeems the one given as an argument.
func (b *Bot) link(ctx context.Context, t *turn) error {
	if code := strings.TrimSpace(t.req.Args); code != "" {
		return b.linkRedeem(ctx, t, code)
	}
	code, _, err := b.svc.Accounts.NewLinkCode(ctx, t.req.Platform, t.req.UserID)
	if err != nil {
		return err
	}
	t.say(b.t(t, "link.code", "Code", code, "Minutes", int(core.LinkTTL/time.Minute)), row(btn(b.t(t, "link.have_code"), actLink)))
	t.replies[len(t.replies)-1].Private = true // a code is a key: never show it in a group
	return nil
}

// linkAsk asks for the code shown on the other app.
func (b *Bot) linkAsk(ctx context.Context, t *turn) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{}
	if err := b.advance(ctx, t, c, "link"); err != nil {
		return err
	}
	t.say(b.t(t, "link.type"), row(btn(b.t(t, "se.back"), actMenu, "link")))
	t.replies[len(t.replies)-1].ExpectText = true
	return nil
}

// linkTyped redeems a code typed after linkAsk.
func (b *Bot) linkTyped(ctx context.Context, t *turn) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	return b.linkRedeem(ctx, t, t.req.Text)
}

// linkRedeem joins this account with the one that showed code.
func (b *Bot) linkRedeem(ctx context.Context, t *turn, code string) error {
	res, err := b.svc.Accounts.RedeemLinkCode(ctx, t.req.Platform, t.req.UserID, code)
	if err != nil {
		if core.ErrorCode(err) == core.EINVALID || core.ErrorCode(err) == core.ECONFLICT {
			r := b.mainMenu(t, b.errText(t, err))
			r.Private = true
			t.replies = append(t.replies, r)
			return nil
		}
		return err
	}
	var names []string
	for _, a := range res.Accounts {
		names = append(names, linkPlatformName(a.Platform))
	}
	key := "link.done"
	if res.Already {
		key = "link.already"
	}
	r := b.mainMenu(t, b.t(t, key, "Platforms", strings.Join(names, " + ")))
	r.Private = true
	t.replies = append(t.replies, r)
	return nil
}

// linkPlatformName names a platform for people.
func linkPlatformName(p string) string {
	switch p {
	case "telegram":
		return "Telegram"
	case "discord":
		return "Discord"
	case "console":
		return "Terminal"
	}
	return p
}
