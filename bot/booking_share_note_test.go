package bot

import (
	"strings"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Issue 15 §4.13: a link followed by a title was refused, and a file's
// caption was dropped. The title and the caption now reach the client
// with the link or file, stay under the booking with it (the title names
// the link's button), and sharing the same link again with other words
// keeps one entry.
func TestSharedLinkTitleAndFileCaptionReachTheClient(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, share, shared, card string
	}{
		{"en", "📎 Share a file or link", "📎 Shared with 1 client", "Thu 4 Jun"},
		{"fr", "📎 Partager un fichier ou un lien", "📎 Partagé avec 1 client ; il reste sous sa réservation.", "4 juin"},
		{"ru", "📎 Отправить файл или ссылку", "📎 Отправлено 1 клиенту", "4 июня"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			ana := user{"ana", "Ana", c.lang}
			h.coachIn(ana)
			maria := user{"maria", "Maria", c.lang}
			h.onboardIn(maria)
			h.acctGrant(maria, 10)
			class := h.demo.Classes[0]
			h.acctBook(maria, class.ID, false)

			// A link with a title, from the session's card.
			h.press(ana, h.pressData(ana, encode("cs", id36(class.ID))), c.share)
			r := h.send(ana, "https://x.example/plan.pdf Week 1 plan")
			expect(t, r, c.shared, "https://x.example/plan.pdf — Week 1 plan")
			clean(t, r)
			n := h.delivered(maria, core.NoticeDocument)
			expect(t, n, "\nhttps://x.example/plan.pdf — Week 1 plan\n")
			if b := acctButton(t, n, "📎"); b.URL != "https://x.example/plan.pdf" {
				t.Fatalf("the notice's button opens %q", b.URL)
			}

			// A file with a caption.
			pdf := Attachment{Name: "mobility.pdf", MIMEType: "application/pdf", Ref: "https://cdn.example/att/2/mobility.pdf"}
			h.press(ana, h.pressData(ana, encode("cs", id36(class.ID))), c.share)
			r = h.sendFile(ana, pdf, "Pages 1–3 before Thursday")
			expect(t, r, c.shared, "📄 mobility.pdf — Pages 1–3 before Thursday")
			n = h.delivered(maria, core.NoticeDocument)
			expect(t, n, "\n📄 mobility.pdf — Pages 1–3 before Thursday\n")
			if d := n[0].Document; d == nil || d.Ref != pdf.Ref || d.Name != "mobility.pdf" {
				t.Fatalf("the notice carries %+v", d)
			}

			// The same link by /share, with other words: one entry, renamed.
			r = h.send(ana, "/share "+id36Dec(class.ID)+" https://x.example/plan.pdf Week 1 plan (v2)")
			expect(t, r, c.shared)

			card := h.press(maria, h.send(maria, "/mybookings"), c.card)
			expect(t, card, "• https://x.example/plan.pdf — Week 1 plan (v2)", "• 📄 mobility.pdf — Pages 1–3 before Thursday",
				"[📎 Week 1 plan (v2)]", "[📄 mobility.pdf]")
			clean(t, card)
			if strings.Count(render(card), "plan.pdf") != 1 {
				t.Fatalf("the link is listed twice:\n%s", render(card))
			}
			again := h.press(maria, card, "📄 mobility.pdf")
			if d := again[0].Document; d == nil || d.Ref != pdf.Ref {
				t.Fatalf("the card's button sends %+v", again)
			}
			if links := h.session(class.ID).Links; len(links) != 2 {
				t.Fatalf("links = %q", links)
			}
		})
	}
}
