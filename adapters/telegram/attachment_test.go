package telegram

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

// A document or photo sent in private reaches the bot as an attachment
// Telegram can send again by file id; a caption command keeps its file.
func TestTranslateFile(t *testing.T) {
	t.Parallel()
	ana := &tgbotapi.User{ID: 7, FirstName: "Ana"}
	private := &tgbotapi.Chat{ID: 7, Type: "private"}
	for _, tc := range []struct {
		name string
		m    tgbotapi.Message
		want bot.Request
	}{
		{"pdf", tgbotapi.Message{Document: &tgbotapi.Document{FileID: "BQACAgQAAxk", FileName: "plan.pdf", MimeType: "application/pdf"}},
			bot.Request{Attachment: &bot.Attachment{Name: "plan.pdf", MIMEType: "application/pdf", Ref: "tg:BQACAgQAAxk"}}},
		{"photo, largest size", tgbotapi.Message{Caption: "the stretch", Photo: []tgbotapi.PhotoSize{
			{FileID: "small", Width: 90, Height: 90}, {FileID: "big", Width: 1280, Height: 960}, {FileID: "mid", Width: 320, Height: 240}}},
			bot.Request{Text: "the stretch", Attachment: &bot.Attachment{Name: "photo.jpg", MIMEType: "image/jpeg", Ref: "tg:big"}}},
		{"caption command", tgbotapi.Message{Caption: "/share 12", Document: &tgbotapi.Document{FileID: "F1"}},
			bot.Request{Command: "share", Args: "12", Attachment: &bot.Attachment{Name: "document", Ref: "tg:F1"}}},
		{"sticker", tgbotapi.Message{Sticker: &tgbotapi.Sticker{FileID: "S"}}, bot.Request{Command: "menu"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			m.MessageID, m.From, m.Chat = 9, ana, private
			in, ok := translate(&tgbotapi.Update{UpdateID: 1, Message: &m}, testMe)
			if !ok {
				t.Fatal("dropped")
			}
			got := in.req
			if got.Command != tc.want.Command || got.Args != tc.want.Args || got.Text != tc.want.Text {
				t.Fatalf("request = %+v, want %+v", got, tc.want)
			}
			if (got.Attachment == nil) != (tc.want.Attachment == nil) || got.Attachment != nil && *got.Attachment != *tc.want.Attachment {
				t.Fatalf("attachment = %+v, want %+v", got.Attachment, tc.want.Attachment)
			}
		})
	}
}

// A document held by Telegram is sent again by its file id, nothing
// uploaded.
func TestDocumentByFileID(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	in := incoming{chat: 7001, user: 7001, req: bot.Request{ChatKind: bot.ChatPrivate, Language: "en"}}
	r.a.deliver(r.ctx, in, []bot.Reply{{Text: "📎 Ana shared a document", Document: &bot.Document{Name: "plan.pdf", Ref: "tg:BQACAgQAAxk"}}})
	docs := r.fake.sent("sendDocument")
	if len(docs) != 1 || docs[0].Params.Get("document") != "BQACAgQAAxk" || docs[0].File != "" ||
		docs[0].Params.Get("caption") != "📎 Ana shared a document" || docs[0].Params.Get("chat_id") != "7001" {
		t.Fatalf("documents = %+v", docs)
	}
}

// FuzzMessageAttachment: any document or photo reads without panic, and
// a reference, when taken, is a clean "tg:" file id.
func FuzzMessageAttachment(f *testing.F) {
	f.Add("BQACAgQAAxk", "plan.pdf", "application/pdf", false)
	f.Add("", "", "", true)
	f.Add("a b|c", "x", "", true)
	f.Fuzz(func(t *testing.T, id, name, mimeType string, photo bool) {
		m := &tgbotapi.Message{Document: &tgbotapi.Document{FileID: id, FileName: name, MimeType: mimeType}}
		if photo {
			m = &tgbotapi.Message{Photo: []tgbotapi.PhotoSize{{FileID: id, Width: 1, Height: 1}}}
		}
		a := messageAttachment(m)
		if a == nil {
			return
		}
		if a.Ref != "tg:"+id || id == "" || len(id) > maxFileID || a.Name == "" {
			t.Fatalf("%q %q → %+v", id, name, a)
		}
	})
}
