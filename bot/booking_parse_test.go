package bot

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseBookLink: any "/start book_…" argument is read without panic,
// and what it accepts names a positive decimal id.
func FuzzParseBookLink(f *testing.F) {
	for _, s := range []string{"42", "t7", "go", "", "t", "-1", "0x10", "99999999999999999999", "t0", " 5 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, id, ok := parseBookLink(s)
		if !ok {
			return
		}
		if kind != "go" && id <= 0 {
			t.Fatalf("%q accepted as %s %d", s, kind, id)
		}
		if kind == "session" && BookLink(id) != "book_"+strings.TrimLeft(strings.TrimSpace(s), "0") {
			t.Fatalf("%q does not round-trip: %s", s, BookLink(id))
		}
	})
}

// FuzzPickerValues: day, time and page values from button data never
// panic, and accepted times round-trip.
func FuzzPickerValues(f *testing.F) {
	for _, s := range []string{"2026-06-03", "tn3k0w", "0", "-5", "zzzzzzzzzzzzz", "2026-02-30", "3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if at, err := parseUnix36(s); err == nil && parseUnixRoundTrip(at) != at {
			t.Fatalf("%q → %v does not round-trip", s, at)
		}
		if from, to, err := parseDay(s, time.UTC); err == nil && to.Sub(from) != 24*time.Hour {
			t.Fatalf("%q is a day of %v", s, to.Sub(from))
		}
		if p := pageOf(s); p < 0 || p > 1000 {
			t.Fatalf("page %d from %q", p, s)
		}
	})
}

// parseUnixRoundTrip renders and reads an instant again.
func parseUnixRoundTrip(at time.Time) time.Time {
	back, _ := parseUnix36(unix36(at))
	return back
}
