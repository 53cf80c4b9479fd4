package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// FuzzParseInteraction: no interaction Discord (or a forger past the
// signature) can send makes parsing panic, and every request it yields
// names its person and holds exactly one of a command, button data or
// text, with data short enough to be ours.
func FuzzParseInteraction(f *testing.F) {
	user := `"user":{"id":"1","username":"a"}`
	for _, s := range []string{
		`{"type":1}`,
		`{"type":2,` + user + `,"channel_id":"c","data":{"name":"start","type":1}}`,
		`{"type":2,"member":{"user":{"id":"1"},"nick":"N"},"guild_id":"g","data":{"name":"cancelday","options":[{"name":"date","type":3,"value":"2026-06-04"},{"name":"reason","type":3,"value":"ill"}]}}`,
		`{"type":2,` + user + `,"data":{"name":"late","options":[{"name":"minutes","type":4,"value":15}]}}`,
		`{"type":2,` + user + `,"data":{"name":"coach","options":[{"name":"sub","type":1,"options":[{"name":"x","type":5,"value":true}]}]}}`,
		`{"type":3,` + user + `,"message":{"id":"m","flags":64},"data":{"custom_id":"1:m:book#2","component_type":2}}`,
		`{"type":3,` + user + `,"data":{"custom_id":"dc:pick:0","component_type":3,"values":["1:tz:a"]}}`,
		`{"type":3,` + user + `,"data":{"custom_id":"dc:start:book_42","component_type":2}}`,
		`{"type":3,` + user + `,"data":{"custom_id":"dc:ask","component_type":2}}`,
		`{"type":4,` + user + `,"data":{"name":"book","options":[{"name":"type","type":3,"value":"st","focused":true}]}}`,
		`{"type":5,` + user + `,"data":{"custom_id":"dc:text","components":[{"type":1,"components":[{"type":4,"custom_id":"answer","value":" hi "}]}]}}`,
		`{"type":5,` + user + `,"data":{"custom_id":"dc:text","components":[{"type":1,"components":[]}]}}`,
		`{"type":3,"data":{"custom_id":"x"}}`,
		`{"type":9}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var i discordgo.Interaction
		if json.Unmarshal(raw, &i) != nil {
			return
		}
		p, err := parseInteraction(&i)
		if err != nil || p.kind != kindRequest {
			return
		}
		r := p.req
		set := 0
		for _, s := range []string{r.Command, r.Data} {
			if s != "" {
				set++
			}
		}
		if i.Type == discordgo.InteractionModalSubmit {
			set++ // the text, which may be empty
		}
		if r.Platform != Platform || r.UserID == "" || set != 1 || len(r.Data) > maxCustomID || strings.Contains(r.Data, dupSep) {
			t.Fatalf("%s → %+v", raw, r)
		}
		if r.ChatKind != bot.ChatPrivate && r.ChatKind != bot.ChatGroup {
			t.Fatalf("chat kind %q", r.ChatKind)
		}
	})
}

// FuzzParseMessage: a direct message never panics the parser, and a
// typed command keeps its arguments.
func FuzzParseMessage(f *testing.F) {
	for _, s := range []string{"hello", "/link ABCD-1234", "/", "  /book  ", "", "/start book_42 extra"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, content string, isBot bool) {
		m := &discordgo.Message{ID: "1", ChannelID: "dm", Content: content, Author: &discordgo.User{ID: "u", Bot: isBot}}
		r, ok := parseMessage(m, "self")
		if !ok {
			return
		}
		if isBot || (r.Command == "") == (r.Text == "") {
			t.Fatalf("%q → %+v", content, r)
		}
	})
}
