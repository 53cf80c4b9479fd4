package telegram

import (
	"strconv"
	"strings"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

// Platform is the name Slotbot gives Telegram in accounts, channels and
// requests.
const Platform = "telegram"

// self is what translation needs to know about the bot itself.
type self struct {
	ID       int64
	UserName string
}

// incoming is an update turned into a bot request, with what answering
// it needs beyond the request.
type incoming struct {
	req        bot.Request
	chat       int64  // the chat the update belongs to: its replies go there, in order
	user       int64  // who acted; their private chat has the same id
	callbackID string // the callback query to answer, if a button was pressed
}

// translate turns a Telegram update into a bot request. ok is false for
// updates the bot leaves alone: other bots' commands and chatter in
// groups, channel posts, edits, service messages. A pressed button is
// always translated, however odd its data: the bot answers forged data
// politely, and every callback query must be answered. Nothing in the
// update is trusted: entities and lengths are not used to slice text.
func translate(u *tgbotapi.Update, me self) (in incoming, ok bool) {
	switch {
	case u.CallbackQuery != nil:
		return translateCallback(u, me)
	case u.Message != nil:
		return translateMessage(u, u.Message, me)
	case u.MyChatMember != nil:
		return translateMembership(u, u.MyChatMember, me)
	}
	return incoming{}, false
}

// translateMessage handles a message written in a private chat or group.
func translateMessage(u *tgbotapi.Update, m *tgbotapi.Message, me self) (incoming, bool) {
	if m.From == nil || m.From.IsBot || m.Chat == nil {
		return incoming{}, false // channel posts and anonymous admins have no person behind them
	}
	in := newIncoming(u, m.From, m.Chat)
	if in.req.ChatKind == bot.ChatChannel {
		return incoming{}, false
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	in.req.Attachment = messageAttachment(m) // attachment.go
	if name, args, addressee, isCmd := parseCommand(text); isCmd {
		if addressee != "" && !strings.EqualFold(addressee, me.UserName) {
			return incoming{}, false // "/book@OtherBot"
		}
		if name == "linkchannel" && args == "" {
			args = m.Chat.Title // the bot names the link after the group
		}
		in.req.Command, in.req.Args = name, args
		return in, true
	}
	if in.req.ChatKind != bot.ChatPrivate {
		// In a group only a reply to one of our messages is for us.
		r := m.ReplyToMessage
		if r == nil || r.From == nil || r.From.ID != me.ID || strings.TrimSpace(text) == "" {
			return incoming{}, false
		}
	}
	if strings.TrimSpace(text) == "" && in.req.Attachment == nil {
		// A sticker or voice note: nothing to read; offer the menu.
		in.req.Command = "menu"
		return in, true
	}
	in.req.Text = text
	return in, true
}

// translateCallback handles a pressed inline button.
func translateCallback(u *tgbotapi.Update, me self) (incoming, bool) {
	q := u.CallbackQuery
	if q.From == nil {
		return incoming{callbackID: q.ID}, false
	}
	if q.Message == nil || q.Message.Chat == nil {
		// A button under an inline-mode message: we post none.
		return incoming{callbackID: q.ID}, false
	}
	in := newIncoming(u, q.From, q.Message.Chat)
	in.callbackID = q.ID
	in.req.Data = q.Data
	if in.req.Data == "" {
		in.req.Data = "-" // a game button or worse: the bot calls it expired
	}
	in.req.MessageID = strconv.Itoa(q.Message.MessageID)
	return in, true
}

// translateMembership turns the bot being made an admin of a channel into
// "/linkchannel" from the person who did it: Telegram vouches for who
// that was, and in a channel nobody can write to the bot as themselves.
func translateMembership(u *tgbotapi.Update, m *tgbotapi.ChatMemberUpdated, me self) (incoming, bool) {
	if m.Chat.Type != "channel" || m.From.ID == 0 || m.From.IsBot {
		return incoming{}, false
	}
	if m.NewChatMember.Status != "administrator" || m.OldChatMember.Status == "administrator" {
		return incoming{}, false
	}
	if m.NewChatMember.User != nil && m.NewChatMember.User.ID != me.ID {
		return incoming{}, false
	}
	from, chat := m.From, m.Chat
	in := newIncoming(u, &from, &chat)
	in.req.Command, in.req.Args = "linkchannel", chat.Title
	return in, true
}

// newIncoming fills what every request carries.
func newIncoming(u *tgbotapi.Update, from *tgbotapi.User, chat *tgbotapi.Chat) incoming {
	return incoming{
		chat: chat.ID,
		user: from.ID,
		req: bot.Request{
			Platform: Platform,
			UserID:   strconv.FormatInt(from.ID, 10),
			ChatID:   strconv.FormatInt(chat.ID, 10),
			ChatKind: chatKind(chat.Type),
			Name:     displayName(from),
			Language: from.LanguageCode,
			UpdateID: strconv.Itoa(u.UpdateID),
		},
	}
}

// chatKind maps Telegram's chat types; anything unknown is treated as a
// group, where the bot says nothing private.
func chatKind(t string) bot.ChatKind {
	switch t {
	case "private":
		return bot.ChatPrivate
	case "channel":
		return bot.ChatChannel
	}
	return bot.ChatGroup
}

// displayName is how a person is called: first and last name, else their
// username.
func displayName(u *tgbotapi.User) string {
	name := strings.TrimSpace(strings.TrimSpace(u.FirstName) + " " + strings.TrimSpace(u.LastName))
	if name == "" {
		name = u.UserName
	}
	return name
}

// maxCommandLen is Telegram's limit on a command's name.
const maxCommandLen = 32

// parseCommand reads "/name[@bot] args" from the start of text. Telegram
// allows letters, digits and underscores in a name; anything else is
// ordinary text ("/ hello", "/path/to").
func parseCommand(text string) (name, args, addressee string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	head, rest := text[1:], ""
	if i := strings.IndexFunc(head, unicode.IsSpace); i >= 0 {
		head, rest = head[:i], head[i:]
	}
	name, addressee, _ = strings.Cut(head, "@")
	if !validName(name, maxCommandLen) || (addressee != "" && !validName(addressee, 64)) {
		return "", "", "", false
	}
	return strings.ToLower(name), strings.TrimSpace(rest), addressee, true
}

// validName tells whether s is 1..max letters, digits or underscores.
func validName(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
