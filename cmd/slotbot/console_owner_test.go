package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// SLOTBOT_OWNERS names the terminal chat's people as the README says:
// console:coach is "/as coach", console:Tom is "/as Tom" whatever the
// case; an owner adds a coach there as on Telegram.
func TestTerminalChatOwnerAddsACoach(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		owners, lang string
		want         []string
		refused      string
	}{
		{"console:coach", "en_GB.UTF-8", []string{"✅ Tom is now a coach. They can send /coach to start."}, "Only the owners"},
		{"console:Coach", "fr_FR.UTF-8", []string{"✅ Tom est maintenant coach."}, "Seuls les propriétaires"},
		{"console:coach", "ru_RU.UTF-8", []string{"✅ Tom теперь тренер."}, "могут только владельцы"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			var out, errs bytes.Buffer
			m := &Main{Getenv: env(map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "x.db"),
				"LANG": c.lang, "SLOTBOT_OWNERS": c.owners}),
				Stdin:  strings.NewReader("/as Tom\n/start\n2\n/as coach\n/addcoach console:tom\n/as Tom\n/coach\n/quit\n"),
				Stdout: &out, Stderr: &errs}
			if err := m.Run(context.Background(), nil); err != nil {
				t.Fatalf("%v\n%s", err, errs.String())
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Fatalf("want %q in:\n%s", w, out.String())
				}
			}
			if strings.Contains(out.String(), c.refused) {
				t.Fatalf("the owner was refused:\n%s", out.String())
			}
		})
	}
}
