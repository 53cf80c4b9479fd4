package telegram

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/bot"
)

// The menus Telegram shows are the bot's command spec, in en, fr and ru:
// everyone's commands by default (/calendar, /progress and /link among
// them), the group commands for groups' administrators, and the coach
// menu, coach commands first, in a coach's private chat in their
// language.
func TestMenusRenderTheCommandSpec(t *testing.T) {
	t.Parallel()
	everyone := []string{"start", "menu", "help", "book", "classes", "mybookings", "reschedule", "packages", "passes",
		"payments", "history", "stats", "calendar", "progress", "profile", "language", "timezone", "link"}
	coach := append([]string{"coach", "addcoach", "channels", "calendars", "announce", "cancelday", "move", "late",
		"report", "export"}, everyone...)
	groups := []string{"linkchannel", "unlinkchannel", "announce"}

	r := newRig(t, Config{PollPause: 10 * time.Millisecond})
	ana := person{id: 9001, name: "Ana", lang: "ru"} // a coach who reads Russian
	r.handle(r.message(ana, nil, "/start"))
	makeCoach(t, r, ana)
	r.fake.reset()
	r.running()
	menus := map[string][]tgCommand{} // "<scope> <lang>" → menu
	waitFor(t, func() bool {
		for _, c := range r.fake.sent("setMyCommands") {
			var scope struct {
				Type   string `json:"type"`
				ChatID int64  `json:"chat_id"`
			}
			var list []tgCommand
			if json.Unmarshal([]byte(c.Params.Get("scope")), &scope) != nil || json.Unmarshal([]byte(c.Params.Get("commands")), &list) != nil {
				t.Fatalf("setMyCommands %v", c.Params)
			}
			lang := c.Params.Get("language_code")
			if lang == "" {
				lang = "en"
			}
			if scope.ChatID != 0 {
				// One chat's menu is in its person's language, unmarked.
				scope.Type, lang = fmt.Sprint(scope.ChatID), "ru"
			}
			menus[scope.Type+" "+lang] = list
		}
		return len(menus) == 7
	})
	check := func(menu, lang string, want []string) {
		t.Helper()
		got := menus[menu+" "+lang]
		var names []string
		for _, c := range got {
			names = append(names, c.Command)
			if d := bot.Text(lang, "telegram.command."+c.Command); c.Description != d || strings.HasPrefix(d, "telegram.") {
				t.Errorf("%s %s: /%s described %q, want %q", menu, lang, c.Command, c.Description, d)
			}
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s menu in %s:\n got %v\nwant %v", menu, lang, names, want)
		}
	}
	for _, lang := range []string{"en", "fr", "ru"} {
		check("default", lang, everyone)
		check("all_chat_administrators", lang, groups)
	}
	check("9001", "ru", coach)
	if len(menus) != 7 {
		t.Errorf("menus set: %v", slices.Sorted(func(yield func(string) bool) {
			for k := range menus {
				if !yield(k) {
					return
				}
			}
		}))
	}
	// The words a person reads, in each language.
	for _, tc := range []struct{ menu, lang, command, want string }{
		{"default", "en", "calendar", "A calendar feed of your bookings"},
		{"default", "fr", "progress", "Vos mesures"},
		{"default", "ru", "link", "Один аккаунт в Telegram и Discord"},
		{"all_chat_administrators", "fr", "linkchannel", "Annoncer vos cours dans ce groupe"},
		{"9001", "ru", "cancelday", "Отменить все занятия дня"},
	} {
		i := slices.IndexFunc(menus[tc.menu+" "+tc.lang], func(c tgCommand) bool { return c.Command == tc.command })
		if i < 0 || menus[tc.menu+" "+tc.lang][i].Description != tc.want {
			t.Errorf("%s %s /%s: %v, want %q", tc.menu, tc.lang, tc.command, menus[tc.menu+" "+tc.lang], tc.want)
		}
	}
}

// tgCommand is one entry of a setMyCommands list as Telegram reads it.
type tgCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}
