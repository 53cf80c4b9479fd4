package discord

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// BenchmarkEndpointInteraction measures one slash command through the
// HTTP endpoint: signature check, parsing, the bot on a SQLite store
// (identify, dedupe, route) and the JSON answer.
func BenchmarkEndpointInteraction(b *testing.B) {
	e := newEnv(b)
	u := e.dmUser("b1", "Bench", "en")
	u.onboard()
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		body, _ := json.Marshal(u.interaction(2, map[string]any{"id": "c", "name": "help", "type": 1}))
		if w := e.signed(body, time.Now()); w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
	b.StopTimer()
	e.idle()
}

// BenchmarkParseInteraction measures turning a button press into a
// request, JSON decoding included.
func BenchmarkParseInteraction(b *testing.B) {
	raw := []byte(`{"id":"1","type":3,"token":"t","channel_id":"dm","locale":"fr","user":{"id":"1","username":"a"},` +
		`"message":{"id":"m","flags":64},"data":{"custom_id":"1:bk:3:d:2026-06-03","component_type":2}}`)
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		var i discordgo.Interaction
		if err := json.Unmarshal(raw, &i); err != nil {
			b.Fatal(err)
		}
		if _, err := parseInteraction(&i); err != nil {
			b.Fatal(err)
		}
	}
}
