package telegram

import (
	"net/url"
	"testing"
)

// The hand-written form escapes as url.QueryEscape does, so the Bot API
// (and every fake reading r.PostForm) reads the same text: spaces, the
// reserved characters, emoji, Cyrillic, a JSON keyboard.
func TestFormEscapesAsQueryEscape(t *testing.T) {
	for _, s := range []string{"", "plain", "a b+c&d=e?f/g#h%i", "Réservé · 10:00 — 11:00 ✅", "Записаться", "\x00\x7f\xff",
		`{"inline_keyboard":[[{"text":"Book","callback_data":"b:1"}]]}`} {
		if got, want := string(appendQueryEscape(nil, s)), url.QueryEscape(s); got != want {
			t.Errorf("escape %q = %q, url.QueryEscape gives %q", s, got, want)
		}
		var f form
		f.add("text", s)
		f.addInt("chat_id", -100123)
		v, err := url.ParseQuery(string(f.b))
		if err != nil {
			t.Fatalf("form %q does not parse: %v", f.b, err)
		}
		if v.Get("text") != s || v.Get("chat_id") != "-100123" {
			t.Errorf("form %q reads back as %v", f.b, v)
		}
	}
}
