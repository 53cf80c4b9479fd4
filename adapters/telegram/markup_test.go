package telegram

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/slotbot/slotbot/bot"
)

// markupCases are keyboards as the bot builds them, and odd ones.
var markupCases = map[string][][]bot.Button{
	"none":  nil,
	"empty": {{}, {{Label: "no action"}}},
	"a menu": {
		{{Label: "09:00", Data: "v1:slot:3f9k:0900"}, {Label: "09:30", Data: "v1:slot:3f9k:0930"}},
		{{Label: "⬅️ Back", Data: "v1:back:3f9k"}}},
	"a link": {{{Label: "Pay <now> & \"go\"", URL: "https://pay.example/?a=1&b=<2>"}}},
	"a Mini App beside data and links": {
		{{Label: "📅 Calendar", WebApp: "https://app.example/cal?lang=de", Data: "ignored"}},
		{}, {{Label: "Site", URL: "https://example.com"}, {Label: "More", Data: "v1:more"}}},
	"characters JSON escapes": {{{Label: "tab\there\nnew\\ \x01 \u2028\u2029 \xff bad", Data: "\"q\""}}},
}

func TestAppendMarkupIsJSONMarshal(t *testing.T) {
	for name, rows := range markupCases {
		t.Run(name, func(t *testing.T) {
			got, ok := appendMarkup(nil, rows)
			m := replyMarkup(rows)
			if m == nil {
				if ok {
					t.Fatalf("wrote %s for a keyboard json.Marshal leaves out", got)
				}
				return
			}
			want, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if !ok || string(got) != string(want) {
				t.Fatalf("wrote\n%s\nwant\n%s", got, want)
			}
			var f form
			f.add("text", "x")
			f.addMarkup(rows)
			v, err := url.ParseQuery(string(f.b))
			if err != nil || v.Get("reply_markup") != string(want) || v.Get("text") != "x" {
				t.Fatalf("the form %s reads back as %v, %v", f.b, v, err)
			}
		})
	}
}

// FuzzAppendMarkup holds appendMarkup to json.Marshal of replyMarkup for
// any text in a button.
func FuzzAppendMarkup(f *testing.F) {
	f.Add("09:00", "v1:slot", "", "", "Back", "https://x.example")
	f.Add("<&>\u2028", "\x00\xff", "https://a", "", "", "")
	f.Add("app", "", "", "https://app.example", "", "d")
	f.Fuzz(func(t *testing.T, label, data, link, app, label2, data2 string) {
		rows := [][]bot.Button{{{Label: label, Data: data, URL: link, WebApp: app}}, {{Label: label2, Data: data2}}}
		got, ok := appendMarkup([]byte("prefix"), rows)
		m := replyMarkup(rows)
		if m == nil {
			if ok || string(got) != "prefix" {
				t.Fatalf("wrote %q for a keyboard json.Marshal leaves out", got)
			}
			return
		}
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if !ok || string(got) != "prefix"+string(want) {
			t.Fatalf("wrote\n%q\nwant\n%q", got, want)
		}
	})
}
