package console

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/bot"
)

// "/attach PATH" sends the file with the next message only: a client's
// file gets the bot's polite refusal, the message after it does not.
func TestAttachSendsTheFileWithTheNextMessage(t *testing.T) {
	c := newChat(t, Options{})
	path := filepath.Join(t.TempDir(), "plan.pdf")
	if err := os.WriteFile(path, []byte("%PDF-1.4"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.say("/start")
	want(t, c.say("/attach "+path), "📎 plan.pdf goes with your next message.")
	want(t, c.say("here is my plan"), "I can't use files here")
	if out := c.say("here is my plan"); strings.Contains(out, "can't use files") {
		t.Fatalf("the file went twice:\n%s", out)
	}
	want(t, c.say("/attach "+filepath.Join(t.TempDir(), "missing.pdf")), "Usage: /attach PATH")
	want(t, c.say("/attach"), "Usage: /attach PATH")
}

// A document held by reference prints where the file is; nothing is
// copied.
func TestDocumentByRefPrintsItsPath(t *testing.T) {
	dir := t.TempDir()
	c := newChat(t, Options{DocDir: dir})
	if err := c.con.Send(c.ctx, "maria", bot.Reply{Text: "📎 Ana shared a document",
		Document: &bot.Document{Name: "plan.pdf", Ref: "file:/srv/plans/plan.pdf"}}); err != nil {
		t.Fatal(err)
	}
	want(t, c.out.String(), "📎 Ana shared a document\n📎 plan.pdf: /srv/plans/plan.pdf\n")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("copied %d files", len(entries))
	}
}
