package telegram

import (
	"encoding/json"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

var testMe = self{ID: 4242, UserName: "SlotTestBot"}

func TestTranslate(t *testing.T) {
	t.Parallel()
	maria := &tgbotapi.User{ID: 7, FirstName: "Maria", LastName: "Lopez", LanguageCode: "fr-FR"}
	private := &tgbotapi.Chat{ID: 7, Type: "private"}
	group := &tgbotapi.Chat{ID: -100, Type: "group", Title: "Yoga fans"}
	super := &tgbotapi.Chat{ID: -1001, Type: "supergroup"}
	ourMsg := &tgbotapi.Message{MessageID: 5, From: &tgbotapi.User{ID: testMe.ID, IsBot: true}, Chat: group}
	msg := func(chat *tgbotapi.Chat, text string) *tgbotapi.Update {
		return &tgbotapi.Update{UpdateID: 31, Message: &tgbotapi.Message{MessageID: 9, From: maria, Chat: chat, Text: text}}
	}
	for _, tc := range []struct {
		name string
		u    *tgbotapi.Update
		ok   bool
		want bot.Request
	}{
		{"command with arguments", msg(private, "/Book  tomorrow please"), true,
			bot.Request{Command: "book", Args: "tomorrow please", ChatKind: bot.ChatPrivate, ChatID: "7"}},
		{"deep link", msg(private, "/start book_42"), true,
			bot.Request{Command: "start", Args: "book_42", ChatKind: bot.ChatPrivate, ChatID: "7"}},
		{"command on its own line", msg(private, "/announce\nNew mats!"), true,
			bot.Request{Command: "announce", Args: "New mats!", ChatKind: bot.ChatPrivate, ChatID: "7"}},
		{"text", msg(private, "Lyon"), true, bot.Request{Text: "Lyon", ChatKind: bot.ChatPrivate, ChatID: "7"}},
		{"a path is text", msg(private, "/etc/passwd"), true, bot.Request{Text: "/etc/passwd", ChatKind: bot.ChatPrivate, ChatID: "7"}},
		{"sticker gets the menu", msg(private, ""), true, bot.Request{Command: "menu", ChatKind: bot.ChatPrivate, ChatID: "7"}},
		{"command addressed to us in a group", msg(group, "/mybookings@slottestbot"), true,
			bot.Request{Command: "mybookings", ChatKind: bot.ChatGroup, ChatID: "-100"}},
		{"bare command in a supergroup", msg(super, "/classes"), true,
			bot.Request{Command: "classes", ChatKind: bot.ChatGroup, ChatID: "-1001"}},
		{"another bot's command", msg(group, "/book@OtherBot"), false, bot.Request{}},
		{"linking a group names it", msg(group, "/linkchannel@SlotTestBot"), true,
			bot.Request{Command: "linkchannel", Args: "Yoga fans", ChatKind: bot.ChatGroup, ChatID: "-100"}},
		{"group chatter", msg(group, "who's coming tonight?"), false, bot.Request{}},
		{"reply to us in a group", &tgbotapi.Update{UpdateID: 31, Message: &tgbotapi.Message{MessageID: 9, From: maria, Chat: group,
			Text: "Lyon", ReplyToMessage: ourMsg}}, true, bot.Request{Text: "Lyon", ChatKind: bot.ChatGroup, ChatID: "-100"}},
		{"button", &tgbotapi.Update{UpdateID: 31, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q", From: maria, Data: "1:m:book",
			Message: &tgbotapi.Message{MessageID: 77, Chat: private}}}, true,
			bot.Request{Data: "1:m:book", MessageID: "77", ChatKind: bot.ChatPrivate, ChatID: "7"}},
		{"button without data", &tgbotapi.Update{UpdateID: 31, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q", From: maria,
			Message: &tgbotapi.Message{MessageID: 77, Chat: group}}}, true,
			bot.Request{Data: "-", MessageID: "77", ChatKind: bot.ChatGroup, ChatID: "-100"}},
		{"channel post", &tgbotapi.Update{UpdateID: 31, ChannelPost: &tgbotapi.Message{Text: "/linkchannel",
			Chat: &tgbotapi.Chat{ID: -200, Type: "channel"}}}, false, bot.Request{}},
		{"made admin of a channel", &tgbotapi.Update{UpdateID: 31, MyChatMember: &tgbotapi.ChatMemberUpdated{
			Chat: tgbotapi.Chat{ID: -200, Type: "channel", Title: "Studio news"}, From: *maria,
			OldChatMember: tgbotapi.ChatMember{Status: "left"},
			NewChatMember: tgbotapi.ChatMember{Status: "administrator", User: &tgbotapi.User{ID: testMe.ID}}}}, true,
			bot.Request{Command: "linkchannel", Args: "Studio news", ChatKind: bot.ChatChannel, ChatID: "-200"}},
		{"added to a group", &tgbotapi.Update{UpdateID: 31, MyChatMember: &tgbotapi.ChatMemberUpdated{
			Chat: *group, From: *maria, NewChatMember: tgbotapi.ChatMember{Status: "member"}}}, false, bot.Request{}},
		{"edited message", &tgbotapi.Update{UpdateID: 31, EditedMessage: &tgbotapi.Message{From: maria, Chat: private, Text: "/book"}}, false, bot.Request{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, ok := translate(tc.u, testMe)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tc.ok, in.req)
			}
			if !ok {
				return
			}
			want := tc.want
			want.Platform, want.UserID, want.Name, want.Language, want.UpdateID = "telegram", "7", "Maria Lopez", "fr-FR", "31"
			if in.req != want {
				t.Fatalf("request =\n%+v\nwant\n%+v", in.req, want)
			}
			if in.user != 7 {
				t.Fatalf("user = %d", in.user)
			}
		})
	}
}

func TestTranslateAnswersEveryButton(t *testing.T) {
	t.Parallel()
	// A button under an inline message has no chat: not for the bot, but
	// the press must still be answered.
	in, ok := translate(&tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "q9", From: &tgbotapi.User{ID: 1}, Data: "1:m:book"}}, testMe)
	if ok || in.callbackID != "q9" {
		t.Fatalf("ok=%v callback=%q", ok, in.callbackID)
	}
}

func TestParseCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text, name, args, at string
		ok                   bool
	}{
		{"/start", "start", "", "", true},
		{"/start@SlotTestBot book_1", "start", "book_1", "SlotTestBot", true},
		{"/start\tbook_1 ", "start", "book_1", "", true},
		{"/", "", "", "", false},
		{"/@bot", "", "", "", false},
		{"/bad-name", "", "", "", false},
		{"/cmd@", "cmd", "", "", true},
		{"/über", "", "", "", false},
		{"/" + string(make([]byte, 40)), "", "", "", false},
		{"hello /start", "", "", "", false},
	} {
		name, args, at, ok := parseCommand(tc.text)
		if name != tc.name || args != tc.args || at != tc.at || ok != tc.ok {
			t.Errorf("parseCommand(%q) = %q %q %q %v", tc.text, name, args, at, ok)
		}
	}
}

// FuzzTranslate feeds arbitrary updates (as Telegram's JSON) through the
// translation: it never panics, and a translated request always names a
// person, a chat and exactly one of command, button or text.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{
		`{"update_id":1,"message":{"message_id":1,"from":{"id":7,"first_name":"M"},"chat":{"id":7,"type":"private"},"text":"/start book_3","entities":[{"type":"bot_command","offset":0,"length":99}]}}`,
		`{"update_id":2,"callback_query":{"id":"x","from":{"id":7},"message":{"message_id":3,"chat":{"id":-5,"type":"supergroup"}},"data":"1:tz:0"}}`,
		`{"update_id":3,"callback_query":{"id":"x","from":{"id":7},"data":"1:tz:0"}}`,
		`{"update_id":4,"my_chat_member":{"chat":{"id":-9,"type":"channel","title":"t"},"from":{"id":8},"old_chat_member":{"status":"left"},"new_chat_member":{"status":"administrator"}}}`,
		`{"update_id":5,"message":{"message_id":1,"from":{"id":7},"chat":{"id":-7,"type":"group"},"text":"hi","reply_to_message":{"message_id":2,"from":{"id":4242}}}}`,
		`{"update_id":6,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"text":"/x"}}`,
		`{"update_id":7,"message":{"message_id":1,"from":{"id":7},"text":"/x"}}`,
		`{"update_id":8,"channel_post":{"message_id":1,"chat":{"id":-1,"type":"channel"},"text":"/linkchannel"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var u tgbotapi.Update
		if json.Unmarshal(data, &u) != nil {
			return
		}
		_ = orderKey(&u)
		in, ok := translate(&u, testMe)
		if !ok {
			return
		}
		r := in.req
		set := 0
		for _, s := range []string{r.Command, r.Data, r.Text} {
			if s != "" {
				set++
			}
		}
		if set != 1 || r.UserID == "" || r.ChatID == "" || r.Platform != Platform || r.UpdateID == "" {
			t.Fatalf("bad request %+v from %s", r, data)
		}
		if r.ChatKind != bot.ChatPrivate && r.ChatKind != bot.ChatGroup && r.ChatKind != bot.ChatChannel {
			t.Fatalf("chat kind %q", r.ChatKind)
		}
		if (r.Data != "") != (in.callbackID != "" || u.CallbackQuery != nil) {
			t.Fatalf("button without callback id: %+v", in)
		}
	})
}
