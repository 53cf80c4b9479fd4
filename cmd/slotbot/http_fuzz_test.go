package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Any path under /feed/ gets 200 for the one good token and 404 for
// everything else, without a panic, and only a whole path segment ending
// in .ics ever reaches the lookup.
func FuzzFeedHandler(f *testing.F) {
	good := strings.Repeat("A", core.FeedTokenLen)
	for _, s := range []string{good + ".ics", good, "x.ics", ".ics", "../" + good + ".ics", "%2e%2e.ics", good + ".ics/x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		u := &url.URL{Path: "/feed/" + rest}
		req, err := http.NewRequest(http.MethodGet, "http://slotbot.test"+u.EscapedPath(), nil)
		if err != nil {
			return
		}
		var asked []string
		r := routes{log: slog.New(slog.DiscardHandler), feed: func(_ context.Context, token string) ([]byte, error) {
			asked = append(asked, token)
			if token == good {
				return []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), nil
			}
			return nil, core.NewError(core.ENOTFOUND, "err.not_found.feed", "no")
		}}
		rec := httptest.NewRecorder()
		r.handler().ServeHTTP(rec, req)
		for _, tok := range asked {
			if strings.Contains(tok, "/") {
				t.Fatalf("token %q with a slash reached the lookup", tok)
			}
		}
		switch rec.Code {
		case http.StatusOK:
			if len(asked) != 1 || asked[0] != good {
				t.Fatalf("200 for %q (asked %q)", rest, asked)
			}
		case http.StatusNotFound, http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		default:
			t.Fatalf("GET /feed/%q = %d", rest, rec.Code)
		}
	})
}
