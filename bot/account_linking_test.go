package bot

import (
	"regexp"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// linkOn sends a request as a user of one platform.
func linkOn(h *harness, platform, userID, lang string, req Request) []Reply {
	h.t.Helper()
	req.Platform, req.UserID, req.ChatID, req.ChatKind, req.Name, req.Language = platform, userID, "dm-"+userID, ChatPrivate, "Maria", lang
	return h.handle(req)
}

// linkCodeIn finds the code in a /link reply.
func linkCodeIn(t *testing.T, replies []Reply) string {
	t.Helper()
	m := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(render(replies))
	if m == "" {
		t.Fatalf("no code in:\n%s", render(replies))
	}
	return m
}

func TestLinkTelegramAndDiscordShareOneClient(t *testing.T) {
	h := newHarness(t)
	r := linkOn(h, "telegram", "t1", "en", Request{Command: "start"})
	linkOn(h, "telegram", "t1", "en", Request{Data: r[len(r)-1].Buttons[0][0].Data, MessageID: "1"})
	r = linkOn(h, "telegram", "t1", "en", Request{Command: "link"})
	expect(t, r, "Your link code", "Within 10 minutes", "/link ")
	if !r[0].Private {
		t.Fatal("a link code must be sent privately")
	}
	code := linkCodeIn(t, r)

	linkOn(h, "discord", "d1", "fr", Request{Command: "start"})
	r = linkOn(h, "discord", "d1", "fr", Request{Command: "link", Args: strings.ToLower(code)})
	expect(t, r, "Comptes liés (Discord + Telegram)")

	var tg, dc *core.Account
	err := h.store.View(h.ctx, func(tx core.Tx) (err error) {
		if tg, err = tx.Account("telegram", "t1"); err != nil {
			return err
		}
		dc, err = tx.Account("discord", "d1")
		return err
	})
	if err != nil || tg.ClientID != dc.ClientID {
		t.Fatalf("accounts %+v and %+v, err %v: want one client", tg, dc, err)
	}
	// The same code again is used up; the shared client speaks the
	// language of the one that stayed (Telegram's English).
	r = linkOn(h, "discord", "d1", "fr", Request{Command: "link", Args: code})
	expect(t, r, "That code is wrong or has expired")
}

func TestLinkCodeTypedAfterButtonAndRefusals(t *testing.T) {
	h := newHarness(t)
	linkOn(h, "discord", "d1", "en", Request{Command: "start"})
	r := linkOn(h, "discord", "d1", "en", Request{Command: "link"})
	code := linkCodeIn(t, r)
	// Typed on the same account: refused, and the code stays good.
	expect(t, linkOn(h, "discord", "d1", "en", Request{Command: "link", Args: code}), "Type this code in your other app")

	linkOn(h, "telegram", "t1", "en", Request{Command: "start"})
	r = linkOn(h, "telegram", "t1", "en", Request{Command: "link"})
	r = linkOn(h, "telegram", "t1", "en", Request{Data: linkButton(t, r, "I have a code"), MessageID: "7"})
	expect(t, r, "Type the code shown by /link")
	if !r[len(r)-1].ExpectText {
		t.Fatal("the code prompt must expect text")
	}
	expect(t, linkOn(h, "telegram", "t1", "en", Request{Text: "nope"}), "That code is wrong or has expired")
	// The flow ended with the wrong code; the code menu's button asks again.
	r = linkOn(h, "telegram", "t1", "en", Request{Command: "link"})
	linkOn(h, "telegram", "t1", "en", Request{Data: linkButton(t, r, "I have a code"), MessageID: "8"})
	expect(t, linkOn(h, "telegram", "t1", "en", Request{Text: code}), "Accounts linked (Discord + Telegram)")
}

// linkButton returns the data of the first button whose label contains label.
func linkButton(t *testing.T, replies []Reply, label string) string {
	t.Helper()
	for i := len(replies) - 1; i >= 0; i-- {
		for _, row := range replies[i].Buttons {
			for _, b := range row {
				if strings.Contains(b.Label, label) {
					return b.Data
				}
			}
		}
	}
	t.Fatalf("no button %q in:\n%s", label, render(replies))
	return ""
}
