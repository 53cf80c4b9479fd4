package metrics_test

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slotbot/slotbot/adapters/metrics"
	"github.com/slotbot/slotbot/core"
)

// Whatever a label value holds (an error code, a platform's name) the
// scrape stays parseable, and the value reads back as it was given.
func FuzzLabelValuesReadBack(f *testing.F) {
	for _, s := range []string{"", "telegram", `a"b`, `back\slash`, "two\nlines", `\n`, "é ü 日本", `"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) { // Prometheus's format is UTF-8
			t.Skip()
		}
		m := metrics.New()
		m.Update(s, "text", 1, time.Millisecond)
		m.Observe(core.Event{Kind: core.EventRefused, Code: s})
		got := scrape(t, m)
		got.expect(t,
			series("slotbot_updates_total", "kind", "text", "platform", s), 1.0,
			series("slotbot_bookings_total", "code", s, "outcome", "refused"), 1.0)
	})
}
