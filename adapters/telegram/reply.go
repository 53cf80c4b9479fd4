package telegram

import (
	"context"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

// Telegram's length limits, in UTF-16 code units.
const (
	maxText    = 4096
	maxCaption = 1024
	maxToast   = 200
)

// deliver sends a turn's replies. The first reply marked Edit replaces
// the menu whose button was pressed (so menus do not pile up); private
// replies to a group go to the person's private chat, and when the bot
// may not write there, the group is told how to open one.
func (a *Adapter) deliver(ctx context.Context, in incoming, replies []bot.Reply) {
	edited, blocked := false, false
	for _, r := range replies {
		if r.Text == "" && r.Document == nil {
			continue // a redelivered update: nothing to say twice
		}
		target := in.chat
		private := r.Private && in.req.ChatKind != bot.ChatPrivate
		switch {
		case r.ChatID != "":
			id, err := strconv.ParseInt(r.ChatID, 10, 64)
			if err != nil {
				a.log.Error("telegram: reply to a chat id that is not Telegram's", "chat_id", r.ChatID)
				continue
			}
			target, private = id, false
		case private && blocked:
			continue
		case private:
			target = in.user
		}
		if r.Edit && !edited && !private && target == in.chat && in.req.MessageID != "" && r.Document == nil {
			edited = true
			msg, _ := strconv.Atoi(in.req.MessageID)
			err := a.edit(ctx, target, msg, r)
			if err == nil {
				continue
			}
			a.log.Debug("telegram: edit failed; sending instead", "chat", target, "err", err)
		}
		_, err := a.send(ctx, target, r, reply)
		switch {
		case err == nil:
		case private && unreachable(err):
			blocked = true
			a.askForPrivateChat(ctx, in)
		default:
			a.log.Warn("telegram: reply not sent", "chat", target, "err", err)
		}
	}
}

// askForPrivateChat tells a group that the person must open a private
// chat with the bot first (a bot cannot start one).
func (a *Adapter) askForPrivateChat(ctx context.Context, in incoming) {
	lang := bot.Language(in.req.Language)
	r := bot.Reply{Text: bot.Text(lang, "telegram.private_first", "Name", in.req.Name),
		Buttons: [][]bot.Button{{{Label: bot.Text(lang, "telegram.private_open"), URL: a.StartLink("hello")}}}}
	if _, err := a.send(ctx, in.chat, r, reply); err != nil {
		a.log.Warn("telegram: cannot ask for a private chat", "chat", in.chat, "err", err)
	}
}

// send posts r into chat: its text (split when too long) with the
// buttons under the last part, or its document with the text as caption.
// It returns the id of the last message sent. p says whether someone is
// waiting for it (reply) or not (notice); once a notice's first message
// went, the others follow as replies do, so a notice is not cut short.
func (a *Adapter) send(ctx context.Context, chat int64, r bot.Reply, p pace) (int, error) {
	if r.Document != nil {
		id, err := a.sendDocument(ctx, chat, r, replyMarkup(r.Buttons), p)
		if err == nil || unreachable(err) || r.Text == "" {
			return id, err
		}
		// The file did not go (the emulator has no sendDocument, say):
		// the text at least should arrive.
		a.log.Warn("telegram: document not sent; sending its text", "chat", chat, "err", err)
	}
	parts := split(r.Text, maxText)
	last := 0
	for i, part := range parts {
		f := a.form()
		f.addInt("chat_id", chat)
		if i == len(parts)-1 {
			f.addMarkup(r.Buttons) // markup.go
		}
		f.add("text", part)
		f.add("disable_web_page_preview", "true")
		resp, err := a.call(ctx, chat, p, postOp("sendMessage", f))
		a.forms.Put(f)
		if err != nil {
			return last, err
		}
		last, p = resp.id(), reply
	}
	return last, nil
}

// sendDocument uploads r's document, captioned with its text when that
// fits, else preceded by it.
// A PNG goes as a photo (shown in the chat, not as a file to open).
func (a *Adapter) sendDocument(ctx context.Context, chat int64, r bot.Reply, markup any, p pace) (int, error) {
	caption := ""
	if utf16Len(r.Text) <= maxCaption {
		caption = r.Text
	} else if _, err := a.send(ctx, chat, bot.Reply{Text: r.Text}, p); err != nil {
		return 0, err
	} else {
		p = reply
	}
	var c tgbotapi.Chattable
	if r.Document.MIMEType == "image/png" && r.Document.Ref == "" {
		photo := tgbotapi.NewPhoto(chat, documentFile(r.Document)) // attachment.go
		photo.Caption, photo.ReplyMarkup = caption, markup
		c = photo
	} else {
		doc := tgbotapi.NewDocument(chat, documentFile(r.Document))
		doc.Caption, doc.ReplyMarkup = caption, markup
		c = doc
	}
	resp, err := a.call(ctx, chat, p, chattable(c))
	return resp.id(), err
}

// edit replaces the text and buttons of message msg in chat; an edit
// that changes nothing is no failure. Edits are not messages: Telegram's
// limits do not count them, and neither does the adapter.
func (a *Adapter) edit(ctx context.Context, chat int64, msg int, r bot.Reply) error {
	f := a.form()
	defer a.forms.Put(f)
	f.addInt("chat_id", chat)
	f.addInt("message_id", int64(msg))
	f.addMarkup(r.Buttons) // Mini App buttons too
	f.add("text", firstPart(r.Text, maxText))
	f.add("disable_web_page_preview", "true")
	_, err := a.call(ctx, chat, free, postOp("editMessageText", f))
	if notModified(err) {
		return nil
	}
	return err
}

// answer stops the spinner on a pressed button, with a short toast when
// the bot has one. Telegram does not count these against the limits.
func (a *Adapter) answer(ctx context.Context, id, toast string) {
	f := a.form()
	defer a.forms.Put(f)
	f.add("callback_query_id", id)
	if toast != "" {
		f.add("text", firstPart(toast, maxToast))
	}
	if _, err := a.call(ctx, 0, free, postOp("answerCallbackQuery", f)); err != nil {
		a.log.Debug("telegram: answerCallbackQuery failed", "err", err)
	}
}

// webAppButton is an inline button that opens a Mini App, which
// tgbotapi's button type cannot say.
type webAppButton struct {
	Text         string      `json:"text"`
	URL          string      `json:"url,omitempty"`
	CallbackData string      `json:"callback_data,omitempty"`
	WebApp       *webAppInfo `json:"web_app,omitempty"`
}

// webAppInfo is the Bot API's WebAppInfo: the Mini App's https address.
type webAppInfo struct {
	URL string `json:"url"`
}

// hasWebApp reports whether any button opens a Mini App.
func hasWebApp(rows [][]bot.Button) bool {
	for _, r := range rows {
		for _, b := range r {
			if b.WebApp != "" {
				return true
			}
		}
	}
	return false
}

// replyMarkup is the reply_markup of rows: tgbotapi's inline keyboard, or
// the same shape with web_app buttons when some open a Mini App; nil for
// no buttons.
func replyMarkup(rows [][]bot.Button) any {
	if !hasWebApp(rows) {
		if k := keyboard(rows); k != nil {
			return k
		}
		return nil
	}
	var out [][]webAppButton
	for _, row := range rows {
		var r []webAppButton
		for _, b := range row {
			switch {
			case b.WebApp != "":
				r = append(r, webAppButton{Text: b.Label, WebApp: &webAppInfo{URL: b.WebApp}})
			case b.URL != "":
				r = append(r, webAppButton{Text: b.Label, URL: b.URL})
			case b.Data != "":
				r = append(r, webAppButton{Text: b.Label, CallbackData: b.Data})
			}
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return map[string]any{"inline_keyboard": out}
}

// keyboard renders rows of buttons as an inline keyboard; nil for none.
// Mini App buttons are left out: replyMarkup carries them.
func keyboard(rows [][]bot.Button) *tgbotapi.InlineKeyboardMarkup {
	var out [][]tgbotapi.InlineKeyboardButton
	for _, row := range rows {
		var r []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			switch {
			case b.URL != "":
				r = append(r, tgbotapi.NewInlineKeyboardButtonURL(b.Label, b.URL))
			case b.Data != "":
				r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
			}
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: out}
}

// split cuts text into parts of at most limit UTF-16 code units, at a
// line break when there is one in the second half of a part.
func split(text string, limit int) []string {
	var parts []string
	for text != "" {
		if utf16Len(text) <= limit {
			parts = append(parts, text)
			break
		}
		cut, units, lastBreak := 0, 0, -1
		for cut < len(text) {
			r, size := utf8.DecodeRuneInString(text[cut:])
			n := utf16.RuneLen(r)
			if n < 0 {
				n = 1
			}
			if units+n > limit {
				break
			}
			units += n
			cut += size
			if r == '\n' && units > limit/2 {
				lastBreak = cut
			}
		}
		if lastBreak > 0 {
			cut = lastBreak
		}
		if cut == 0 {
			cut = len(text) // a limit below one rune; cannot happen with Telegram's limits
		}
		parts = append(parts, text[:cut])
		text = text[cut:]
	}
	return parts
}

// firstPart is split's first part of text: text itself when it fits.
func firstPart(text string, limit int) string {
	if utf16Len(text) <= limit {
		return text
	}
	return split(text, limit)[0]
}

// utf16Len is the length Telegram measures.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
