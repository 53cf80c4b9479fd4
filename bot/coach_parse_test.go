package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// What coaches type is read in English, French and Russian, and anything
// else is refused with a message rather than guessed.
func TestCoachParsers(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 6, 2, 10, 0, 0, 0, paris) // a Tuesday

	week, err := parseWeekly("mon 09:00-12:00 14:00-18:00\nSamedi 10h-12h30; fri off")
	if err != nil || len(week) != 3 || len(week[time.Monday]) != 2 || week[time.Saturday][0] != (core.TimeRange{Start: 600, End: 750}) ||
		week[time.Friday] == nil || len(week[time.Friday]) != 0 {
		t.Fatalf("weekly = %v, %v", week, err)
	}
	for _, bad := range []string{"", "funday 9-10", "mon", "mon 9-8", "mon 09:00-10:00\nmon off", "tue 25:00-26:00"} {
		if _, err := parseWeekly(bad); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("weekly %q: %v", bad, err)
		}
	}
	if _, err := parseWeekly("mon 08:00-24:00"); err != nil {
		t.Fatalf("until midnight: %v", err)
	}
	// The examples the Russian texts give read as they say.
	week, err = parseWeekly("пн 09:00-12:00 14:00-18:00\nвт выходной\nСуббота 10:00-12:00")
	if err != nil || len(week[time.Monday]) != 2 || week[time.Tuesday] == nil || len(week[time.Tuesday]) != 0 ||
		week[time.Saturday][0] != (core.TimeRange{Start: 600, End: 720}) {
		t.Fatalf("Russian weekly = %v, %v", week, err)
	}
	if ex, err := parseException("13.06 выходной 10:00-12:00", now); err != nil || ex.Date != "2026-06-13" || !ex.Off || len(ex.Extra) != 1 {
		t.Fatalf("Russian exception = %+v, %v", ex, err)
	}

	for in, want := range map[string]string{"2026-06-10": "2026-06-10", "10/06": "2026-06-10", "10.06.2026": "2026-06-10",
		"today": "2026-06-02", "demain": "2026-06-03", "thu": "2026-06-04", "mardi": "2026-06-02", "05/01": "2027-01-05",
		"1/6/26": "2026-06-01", "сегодня": "2026-06-02", "Завтра": "2026-06-03", "чт": "2026-06-04", "среду": "2026-06-03",
		"вс": "2026-06-07"} {
		if got, err := parseCoachDay(in, now); err != nil || got != want {
			t.Fatalf("day %q = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "31/02", "13/13", "someday", "1/2/3/4", "99999/1"} {
		if _, err := parseCoachDay(bad, now); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("day %q: %v", bad, err)
		}
	}

	ex, err := parseException("13/06 off 10:00-12:00", now)
	if err != nil || ex.Date != "2026-06-13" || !ex.Off || len(ex.Extra) != 1 {
		t.Fatalf("exception = %+v, %v", ex, err)
	}
	if _, err := parseException("13/06", now); err == nil {
		t.Fatal("an exception without what")
	}

	base := time.Date(2026, 6, 4, 18, 30, 0, 0, paris)
	for in, want := range map[string]time.Time{
		"19:00":            time.Date(2026, 6, 4, 19, 0, 0, 0, paris),
		"thu 19h":          time.Date(2026, 6, 4, 19, 0, 0, 0, paris),
		"2026-06-10 18:30": time.Date(2026, 6, 10, 18, 30, 0, 0, paris),
		"10/06 7:05":       time.Date(2026, 6, 10, 7, 5, 0, 0, paris),
		"чт 19:00":         time.Date(2026, 6, 4, 19, 0, 0, 0, paris),
		"завтра 9:00":      time.Date(2026, 6, 3, 9, 0, 0, 0, paris),
		"11.06 18:30":      time.Date(2026, 6, 11, 18, 30, 0, 0, paris),
	} {
		if got, err := parseWhen(in, now, paris, base); err != nil || !got.Equal(want) {
			t.Fatalf("when %q = %v, %v; want %v", in, got, err, want)
		}
	}
	if got, _ := parseWhen("9:00", now, paris, time.Time{}); !got.Equal(time.Date(2026, 6, 2, 9, 0, 0, 0, paris)) {
		t.Fatalf("a time alone falls today: %v", got)
	}
	for _, bad := range []string{"", "25:00", "tomorrow", "a b c d", "12:60"} {
		if _, err := parseWhen(bad, now, paris, base); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("when %q: %v", bad, err)
		}
	}

	for in, want := range map[string]time.Duration{"30": 30 * time.Minute, "30m": 30 * time.Minute, "30 min": 30 * time.Minute,
		"1h": time.Hour, "1h30": 90 * time.Minute, "1 h 30": 90 * time.Minute, "2d": 48 * time.Hour, "2 jours": 48 * time.Hour,
		"0": 0, "1h15m": 75 * time.Minute, "20 мин": 20 * time.Minute, "1ч30": 90 * time.Minute, "24ч": 24 * time.Hour,
		"2 дня": 48 * time.Hour, "5 дней": 120 * time.Hour, "1 час 30 минут": 90 * time.Minute, "3 ч": 3 * time.Hour} {
		if got, err := parseSpan(in); err != nil || got != want {
			t.Fatalf("span %q = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "h", "30 30", "2 weeks", "1d2", "99999999d", "-5m"} {
		if _, err := parseSpan(bad); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("span %q: %v", bad, err)
		}
	}
	if ds, err := parseSpans("24h, 1h"); err != nil || len(ds) != 2 || ds[1] != time.Hour {
		t.Fatalf("spans = %v, %v", ds, err)
	}
	if ds, err := parseSpans("24ч 1ч"); err != nil || len(ds) != 2 || ds[0] != 24*time.Hour || ds[1] != time.Hour {
		t.Fatalf("Russian spans = %v, %v", ds, err)
	}

	for in, want := range map[string]core.Money{"50": {Amount: 5000, Currency: "EUR"}, "49,90": {Amount: 4990, Currency: "EUR"},
		"€12.5": {Amount: 1250, Currency: "EUR"}, "20 usd": {Amount: 2000, Currency: "USD"}, "JPY 500": {Amount: 500, Currency: "JPY"},
		"free": {}, "0": {}, "0.00": {}, "Бесплатно": {}, "1500 ₽": {Amount: 150000, Currency: "RUB"}} {
		if got, err := parseAmount(in, "EUR"); err != nil || got != want {
			t.Fatalf("amount %q = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-5", "1.234", "abc", "5 euros please", "9999999999"} {
		if _, err := parseAmount(bad, "EUR"); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("amount %q: %v", bad, err)
		}
	}

	if n, note, err := parseCreditDelta("+2 make-up session"); err != nil || n != 2 || note != "make-up session" {
		t.Fatalf("delta = %d %q %v", n, note, err)
	}
	if n, _, err := parseCreditDelta("-1"); err != nil || n != -1 {
		t.Fatalf("delta = %d %v", n, err)
	}
	for _, bad := range []string{"", "0 x", "two", "+5000"} {
		if _, _, err := parseCreditDelta(bad); err == nil {
			t.Fatalf("delta %q accepted", bad)
		}
	}
	if p, u, ok := parseAccountRef(" Telegram:123 "); !ok || p != "telegram" || u != "123" {
		t.Fatalf("account = %q %q %v", p, u, ok)
	}
	for _, bad := range []string{"123", "telegram:", ":1", "a:b:c", "tele gram:1"} {
		if _, _, ok := parseAccountRef(bad); ok {
			t.Fatalf("account %q accepted", bad)
		}
	}
}

// FuzzCoachWeekly: typed weekly hours never panic, and what is accepted
// is valid availability.
func FuzzCoachWeekly(f *testing.F) {
	for _, s := range []string{"mon 09:00-12:00 14:00-18:00", "tue off", "Samedi 10h-12h30; fri off", "mon 9-24", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := parseWeekly(s)
		if err != nil {
			if core.ErrorCode(err) != core.EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		for _, rs := range days {
			for _, r := range rs {
				if r.Start < 0 || r.End > core.MinutesPerDay || r.End <= r.Start {
					t.Fatalf("%q: bad range %v", s, r)
				}
			}
		}
	})
}

// FuzzCoachWhen: dates and times never panic; an accepted one is in the
// coach's zone at a whole minute.
func FuzzCoachWhen(f *testing.F) {
	for _, s := range []string{"19:00", "thu 19h", "2026-06-10 18:30", "10/06/26 7:05", "demain 9", "13/06 off 10:00-12:00"} {
		f.Add(s)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 6, 2, 10, 0, 0, 0, paris)
	f.Fuzz(func(t *testing.T, s string) {
		at, err := parseWhen(s, now, paris, time.Time{})
		if err == nil && (at.Location() != paris || at.Second() != 0) {
			t.Fatalf("%q: %v", s, at)
		}
		if _, err := parseException(s, now); err != nil && core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

// FuzzCoachSpan: durations never panic and are never negative.
func FuzzCoachSpan(f *testing.F) {
	for _, s := range []string{"30", "1h30", "2 jours", "24h 1h", "1d2", "999999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := parseSpan(s); err == nil && (d < 0 || d > 400*24*time.Hour) {
			t.Fatalf("%q: %v", s, d)
		}
		if ds, err := parseSpans(s); err == nil {
			for _, d := range ds {
				if d <= 0 {
					t.Fatalf("%q: %v", s, ds)
				}
			}
		}
	})
}

// FuzzCoachAmount: amounts never panic, are never negative, and carry a
// currency when not free.
func FuzzCoachAmount(f *testing.F) {
	for _, s := range []string{"50", "49,90", "€12.5", "JPY 500", "free", "1.234", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseAmount(s, "EUR")
		if err == nil && (m.Amount < 0 || (m.Amount > 0 && len(m.Currency) != 3)) {
			t.Fatalf("%q: %+v", s, m)
		}
		if n, note, err := parseCreditDelta(s); err == nil && (n == 0 || strings.HasPrefix(note, " ")) {
			t.Fatalf("%q: %d %q", s, n, note)
		}
	})
}
