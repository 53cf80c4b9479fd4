package discord

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// A file sent in a DM reaches the bot as an attachment referenced by its
// URL, with or without words; one in a server, or with a non-https URL,
// does not.
func TestDirectMessageFileBecomesAttachment(t *testing.T) {
	pdf := &discordgo.MessageAttachment{ID: "9", Filename: "plan.pdf", ContentType: "application/pdf",
		URL: "https://cdn.discordapp.com/attachments/1/9/plan.pdf"}
	m := &discordgo.Message{ID: "1", ChannelID: "dm", Author: &discordgo.User{ID: "u", Username: "ana"},
		Attachments: []*discordgo.MessageAttachment{pdf}}
	r, ok := parseMessage(m, "self")
	if !ok || r.Attachment == nil {
		t.Fatalf("a bare file was dropped: %+v %v", r, ok)
	}
	if want := (bot.Attachment{Name: "plan.pdf", MIMEType: "application/pdf", Ref: pdf.URL}); *r.Attachment != want {
		t.Fatalf("attachment = %+v, want %+v", *r.Attachment, want)
	}
	m.Content = "/share 12"
	if r, _ = parseMessage(m, "self"); r.Command != "share" || r.Args != "12" || r.Attachment == nil {
		t.Fatalf("a command with a file = %+v", r)
	}
	m.GuildID = "g"
	if _, ok := parseMessage(m, "self"); ok {
		t.Fatal("a file in a server channel was taken")
	}
	m.GuildID, m.Content, pdf.URL = "", "", "http://cdn.example/plan.pdf"
	if _, ok := parseMessage(m, "self"); ok {
		t.Fatal("a file without an https URL was taken")
	}
}

// A document held by reference is shown as its link, not uploaded.
func TestRenderDocumentByRef(t *testing.T) {
	url := "https://cdn.discordapp.com/attachments/1/9/plan.pdf"
	m := render(bot.Reply{Text: "📎 Ana shared a document", Document: &bot.Document{Name: "plan.pdf", Ref: url}}, "en-US", false)
	if len(m.files) != 0 {
		t.Fatalf("uploaded %d files for a referenced document", len(m.files))
	}
	if !strings.HasPrefix(m.content, "📎 Ana shared a document\n") || !strings.HasSuffix(m.content, "📄 plan.pdf: "+url) {
		t.Fatalf("content = %q", m.content)
	}
	m = render(bot.Reply{Document: &bot.Document{Name: "x.ics", Content: []byte("BEGIN")}}, "en-US", false)
	if len(m.files) != 1 {
		t.Fatal("a document with content is no longer uploaded")
	}
}
