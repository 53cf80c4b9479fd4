package bot

import (
	"strconv"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// sendFile sends a file as u, with an optional caption.
func (h *harness) sendFile(u user, a Attachment, caption string) []Reply {
	h.t.Helper()
	return h.handle(Request{Platform: "test", UserID: u.id, ChatID: "chat-" + u.id, ChatKind: ChatPrivate,
		Name: u.name, Language: u.lang, Text: caption, Attachment: &a})
}

// A PDF a coach sends while sharing with a class reaches each booked
// client once, as a document, and stays under their booking, from where
// it can be fetched again.
func TestCoachSharesFile(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	paul, _ := h.coachClient("paul", "Paul", 10)
	class := h.demo.Classes[0]
	h.acctBook(maria, class.ID, false)
	h.acctBook(paul, class.ID, false)
	pdf := Attachment{Name: "plan.pdf", MIMEType: "application/pdf", Ref: "https://cdn.example/att/1/plan.pdf"}

	h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Share a file or link")
	r := h.sendFile(anaCoach, pdf, "")
	expect(t, r, "📎 Shared with 2 clients; it stays under their booking.", "📎 📄 plan.pdf")

	for _, u := range []user{maria, paul} {
		if got := h.clientNotices(u)[core.NoticeDocument]; got != 1 {
			t.Fatalf("%s got %d document notices, want 1", u.name, got)
		}
		n := h.delivered(u, core.NoticeDocument)
		expect(t, n, "📎 Ana Martin shared a document for Yoga flow (group) (Thu 4 Jun, 18:30):\n📄 plan.pdf")
		if d := n[0].Document; d == nil || d.Ref != pdf.Ref || d.Name != "plan.pdf" || d.Content != nil {
			t.Fatalf("%s's notice carries document %+v, want the shared file by reference", u.name, d)
		}
	}
	card := h.press(maria, h.send(maria, "/mybookings"), "Thu 4 Jun")
	expect(t, card, "• 📄 plan.pdf", "[📄 plan.pdf]")
	again := h.press(maria, card, "plan.pdf")
	if d := again[0].Document; d == nil || d.Ref != pdf.Ref {
		t.Fatalf("the card's button sends %+v, want the file again", again)
	}

	// The same coach's /share command takes a file as well; sharing it
	// twice lists it once.
	r = h.sendFile(anaCoach, pdf, "")
	expect(t, r, "can't use files here")
	r = h.handle(Request{Platform: "test", UserID: anaCoach.id, ChatID: "chat-" + anaCoach.id, ChatKind: ChatPrivate,
		Name: anaCoach.name, Language: "en", Command: "share", Args: id36Dec(class.ID), Attachment: &pdf})
	expect(t, r, "📎 Shared with 2 clients")
	sess, err := h.svc.Coaching.Roster(h.ctx, h.demo.Coach.ID, class.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{core.DocLink("plan.pdf", pdf.Ref)}; strings.Join(sess.Session.Links, ",") != strings.Join(want, ",") {
		t.Fatalf("session links = %q, want %q", sess.Session.Links, want)
	}
}

// id36Dec is a session id as the coach types it after /share.
func id36Dec(id int64) string { return strconv.FormatInt(id, 10) }

// A Telegram file is only re-sent on Telegram: elsewhere the client is
// told where it was shared.
func TestSharedFileOtherPlatform(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	class := h.demo.Classes[0]
	h.acctBook(maria, class.ID, false)
	h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Share a file or link")
	expect(t, h.sendFile(anaCoach, Attachment{Name: "photo.jpg", Ref: "tg:AgADBAAD"}, ""), "📎 Shared with 1 client")
	n := h.delivered(maria, core.NoticeDocument)
	if n[0].Document != nil {
		t.Fatalf("a Telegram file went to a test-platform chat: %+v", n[0].Document)
	}
	card := h.press(maria, h.send(maria, "/mybookings"), "Thu 4 Jun")
	expect(t, h.press(maria, card, "photo.jpg"), "📄 photo.jpg was shared in another app")
}

// A client's file, or a coach's outside a share, gets a polite refusal
// and changes nothing.
func TestFileNobodyAskedFor(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	h.send(maria, "/mybookings")
	r := h.sendFile(maria, Attachment{Name: "id.pdf", Ref: "https://cdn.example/id.pdf"}, "here you go")
	expect(t, r, "Thanks, but I can't use files here.")
	if got := h.clientNotices(maria)[core.NoticeDocument]; got != 0 {
		t.Fatalf("got %d document notices", got)
	}
	fr := user{"luc", "Luc", "fr"}
	h.send(fr, "/start")
	expect(t, h.sendFile(fr, Attachment{Name: "x.pdf", Ref: "tg:1"}, ""), "je ne peux pas utiliser de fichiers ici")
}
