package telegram

import (
	"encoding/json"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// An update is read into the few fields translate reads (leanUpdate), not
// into tgbotapi.Update: a pressed button's update carries the whole
// message it is under, keyboard included, which tgbotapi decoded into a
// button struct with two pointers each, and everything tgbotapi knows of
// a message. encoding/json still reads it all (and checks it is JSON),
// but skips what no field asks for. It also fails on fewer things: a
// field Telegram changes that translate does not read cannot make an
// update unreadable.

// leanUpdate is what translate reads of an update.
type leanUpdate struct {
	UpdateID      int                         `json:"update_id"`
	Message       *leanMessage                `json:"message"`
	CallbackQuery *leanCallback               `json:"callback_query"`
	MyChatMember  *tgbotapi.ChatMemberUpdated `json:"my_chat_member"`
}

// leanMessage is what translate reads of a message.
type leanMessage struct {
	MessageID      int                            `json:"message_id"`
	From           *tgbotapi.User                 `json:"from"`
	Chat           *leanChat                      `json:"chat"`
	Text           string                         `json:"text"`
	Caption        string                         `json:"caption"`
	Document       *leanDocument                  `json:"document"`
	Photo          []leanPhoto                    `json:"photo"`
	ReplyToMessage *struct{ From *tgbotapi.User } `json:"reply_to_message"`
}

// leanChat is what translate reads of a chat.
type leanChat struct {
	ID    int64  `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title"`
}

// leanDocument is what messageAttachment reads of a document.
type leanDocument struct {
	FileID   string `json:"file_id"`
	FileName string `json:"file_name"`
	MimeType string `json:"mime_type"`
}

// leanPhoto is what messageAttachment reads of a photo's size.
type leanPhoto struct {
	FileID string `json:"file_id"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// leanCallback is what translate reads of a pressed button.
type leanCallback struct {
	ID      string         `json:"id"`
	From    *tgbotapi.User `json:"from"`
	Message *struct {
		MessageID int       `json:"message_id"`
		Chat      *leanChat `json:"chat"`
	} `json:"message"`
	Data string `json:"data"`
}

// decodeUpdate reads one update as Telegram sends it.
func decodeUpdate(raw []byte) (*tgbotapi.Update, error) {
	var l leanUpdate
	if err := json.Unmarshal(raw, &l); err != nil {
		return nil, err
	}
	u := &tgbotapi.Update{UpdateID: l.UpdateID, MyChatMember: l.MyChatMember}
	if m := l.Message; m != nil {
		u.Message = &tgbotapi.Message{MessageID: m.MessageID, From: m.From, Chat: m.Chat.full(), Text: m.Text, Caption: m.Caption}
		if d := m.Document; d != nil {
			u.Message.Document = &tgbotapi.Document{FileID: d.FileID, FileName: d.FileName, MimeType: d.MimeType}
		}
		if len(m.Photo) > 0 {
			u.Message.Photo = make([]tgbotapi.PhotoSize, len(m.Photo))
			for i, p := range m.Photo {
				u.Message.Photo[i] = tgbotapi.PhotoSize{FileID: p.FileID, Width: p.Width, Height: p.Height}
			}
		}
		if r := m.ReplyToMessage; r != nil {
			u.Message.ReplyToMessage = &tgbotapi.Message{From: r.From}
		}
	}
	if q := l.CallbackQuery; q != nil {
		u.CallbackQuery = &tgbotapi.CallbackQuery{ID: q.ID, From: q.From, Data: q.Data}
		if m := q.Message; m != nil {
			u.CallbackQuery.Message = &tgbotapi.Message{MessageID: m.MessageID, Chat: m.Chat.full()}
		}
	}
	return u, nil
}

// full is c as tgbotapi's chat; nil for nil.
func (c *leanChat) full() *tgbotapi.Chat {
	if c == nil {
		return nil
	}
	return &tgbotapi.Chat{ID: c.ID, Type: c.Type, Title: c.Title}
}
