package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// messageAttachment is the first file of a direct message, referenced by
// its https URL (Discord keeps the file; the bot never downloads it);
// nil when there is none or its URL is not https.
func messageAttachment(m *discordgo.Message) *bot.Attachment {
	for _, f := range m.Attachments {
		if f == nil || !strings.HasPrefix(f.URL, "https://") || len(f.URL) > 1000 {
			continue
		}
		return &bot.Attachment{Name: f.Filename, MIMEType: f.ContentType, Ref: f.URL}
	}
	return nil
}

// withRef adds a document held elsewhere (bot.Document.Ref) to a
// message's text: Discord shows an https link as the file itself.
func withRef(content string, d *bot.Document) string {
	if !strings.HasPrefix(d.Ref, "https://") {
		return content
	}
	line := "📄 " + d.Name + ": " + d.Ref
	if content == "" {
		return clip(line, maxContent)
	}
	return clip(content+"\n"+line, maxContent)
}
