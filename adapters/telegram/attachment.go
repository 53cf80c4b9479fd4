package telegram

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

// refPrefix marks a Telegram file id in bot.Attachment.Ref and
// bot.Document.Ref: Telegram keeps the file and sends it again by id.
const refPrefix = "tg:"

// maxFileID bounds a file id we accept; Telegram's are well under it.
const maxFileID = 256

// messageAttachment is the file a message carries: a document, or the
// largest size of a photo; nil for none.
func messageAttachment(m *tgbotapi.Message) *bot.Attachment {
	var a *bot.Attachment
	switch {
	case m.Document != nil:
		a = &bot.Attachment{Name: m.Document.FileName, MIMEType: m.Document.MimeType, Ref: m.Document.FileID}
	case len(m.Photo) > 0:
		best := m.Photo[0]
		for _, p := range m.Photo[1:] {
			if p.Width*p.Height > best.Width*best.Height {
				best = p
			}
		}
		a = &bot.Attachment{Name: "photo.jpg", MIMEType: "image/jpeg", Ref: best.FileID}
	default:
		return nil
	}
	if a.Ref == "" || len(a.Ref) > maxFileID || strings.ContainsAny(a.Ref, " \t\r\n|") {
		return nil
	}
	if a.Name == "" {
		a.Name = "document"
	}
	a.Ref = refPrefix + a.Ref
	return a
}

// documentFile is what sendDocument sends for d: the file Telegram
// already holds (a "tg:" reference), else d's bytes.
func documentFile(d *bot.Document) tgbotapi.RequestFileData {
	if id, ok := strings.CutPrefix(d.Ref, refPrefix); ok && id != "" {
		return tgbotapi.FileID(id)
	}
	return tgbotapi.FileBytes{Name: d.Name, Bytes: d.Content}
}
