package discord

import (
	"regexp"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// telegram plays Maria's Telegram side through the bot layer, as the
// Telegram adapter would.
func (e *env) telegram(userID string, req bot.Request) []bot.Reply {
	e.t.Helper()
	req.Platform, req.UserID, req.ChatID, req.ChatKind, req.Name, req.Language = "telegram", userID, "tg-"+userID, bot.ChatPrivate, "Maria", "en"
	return e.bot.Handle(e.ctx, req)
}

// tgText is everything the Telegram side was told.
func tgText(rs []bot.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text + "\n")
		for _, row := range r.Buttons {
			for _, x := range row {
				b.WriteString("[" + x.Label + "] ")
			}
		}
	}
	return b.String()
}

// Maria buys a pass on Telegram, meets the bot on Discord, links the two
// with /link, then books on Discord with the pass she bought on Telegram.
func TestLinkThenBookWithATelegramPass(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.telegram("t1", bot.Request{Command: "start"})
	var paris string
	for _, row := range r[len(r)-1].Buttons {
		if strings.Contains(row[0].Label, "Paris") {
			paris = row[0].Data
		}
	}
	e.telegram("t1", bot.Request{Data: paris, MessageID: "1"})
	tg, err := e.svc.Accounts.Identify(e.ctx, core.Identity{Platform: "telegram", UserID: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	pay, err := e.svc.Passes.BuyPackage(e.ctx, tg.Client.ID, e.demo.Packs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Payments.MarkPaymentPaid(e.ctx, pay.ID, "manual", ""); err != nil {
		t.Fatal(err)
	}

	maria := e.dmUser("800", "maria_d", "en")
	maria.slash("start")
	s := maria.slash("link")
	expect(t, s, "Your link code:", "/link ")
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(s[0].content)
	if code == "" {
		t.Fatalf("no code in:\n%s", show(s))
	}
	out := tgText(e.telegram("t1", bot.Request{Command: "link", Args: code}))
	if !strings.Contains(out, "Accounts linked (Discord + Telegram)") {
		t.Fatalf("telegram side said:\n%s", out)
	}
	if maria.client().ID != tg.Client.ID {
		t.Fatal("the Discord account does not share the Telegram client")
	}

	// Her zone came with the Telegram client: /book goes straight in.
	s = maria.slash("book")
	s = maria.press(s, "Standard session")
	s = maria.press(s, "In person")
	s = maria.press(s, "Wed 3 Jun")
	s = maria.press(s, "10:00")
	expect(t, s, "🎟 1 credit from your pass “5 sessions” (5 left)")
	s = maria.press(s, "Confirm")
	expect(t, s, "You're booked!", "4 left")
	passes, err := e.svc.Passes.ClientPasses(e.ctx, tg.Client.ID)
	if err != nil || len(passes) != 1 || passes[0].CreditsLeft != 4 {
		t.Fatalf("passes = %+v, %v; want the Telegram pass with 4 credits", passes, err)
	}
	// The Telegram side sees the booking made on Discord.
	if out := tgText(e.telegram("t1", bot.Request{Command: "mybookings"})); !strings.Contains(out, "Wed 3 Jun") {
		t.Fatalf("telegram /mybookings:\n%s", out)
	}
}
