package main

import (
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
