package main

import (
	"regexp"
	"strings"
	"testing"
)

// parseOwners accepts only platform:id lists and keeps what it accepts
// in the form bot.Options wants; it never panics.
func FuzzParseOwners(f *testing.F) {
	for _, s := range []string{"telegram:1,discord:2", " console:ana ", "x", ":", "telegram:", "telegram:-1", ",,,", "discord:1:2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		owners, err := parseOwners(s)
		if err != nil {
			return
		}
		for _, o := range owners {
			platform, id, ok := strings.Cut(o, ":")
			if !ok || id == "" || (platform != "telegram" && platform != "discord" && platform != "console") {
				t.Fatalf("parseOwners(%q) kept %q", s, o)
			}
		}
	})
}

// The hand-written shape checks accept exactly what the regular
// expressions they replaced accepted.
func FuzzShapesAsTheirRegexps(f *testing.F) {
	for _, s := range []string{"123:ABC-def_9", "123:", ":abc", "12:a:b", "1:a\n", strings.Repeat("a", 256), strings.Repeat("a", 257),
		"", "12345678901234567890", "123456789012345678901", strings.Repeat("aF", 32), strings.Repeat("aF", 32) + "\n", "é"} {
		f.Add(s)
	}
	checks := []struct {
		name string
		re   *regexp.Regexp
		fn   func(string) bool
	}{
		{"telegramToken", regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`), telegramToken},
		{"telegramSecret", regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`), telegramSecret},
		{"snowflake", regexp.MustCompile(`^[0-9]{1,20}$`), snowflake},
		{"hexKey", regexp.MustCompile(`^[0-9a-fA-F]{64}$`), hexKey},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range checks {
			if got, want := c.fn(s), c.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, its regexp says %v", c.name, s, got, want)
			}
		}
	})
}
