package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/slotbot/slotbot/core"
)

// What coaches type in the admin flows, read leniently in English,
// French and Russian: days, dates, times, durations, amounts. Every parser refuses
// with a core.EINVALID error whose message says what was expected; none
// panics (see the fuzz tests).

// errTyped builds the refusal for a typed value.

// weekday reads an English, French or Russian day name or its short form
// ("mon", "Lundi", "jeu.", "чт", "среду"); ok is false for anything else.
func weekday(s string) (time.Weekday, bool) {
	switch strings.TrimSuffix(strings.ToLower(s), ".") {
	case "sun", "sunday", "dim", "dimanche", "вс", "вск", "воскресенье":
		return time.Sunday, true
	case "mon", "monday", "lun", "lundi", "пн", "пнд", "понедельник":
		return time.Monday, true
	case "tue", "tues", "tuesday", "mar", "mardi", "вт", "втр", "вторник":
		return time.Tuesday, true
	case "wed", "wednesday", "mer", "mercredi", "ср", "срд", "среда", "среду":
		return time.Wednesday, true
	case "thu", "thur", "thurs", "thursday", "jeu", "jeudi", "чт", "чтв", "четверг":
		return time.Thursday, true
	case "fri", "friday", "ven", "vendredi", "пт", "птн", "пятница", "пятницу":
		return time.Friday, true
	case "sat", "saturday", "sam", "samedi", "сб", "суб", "суббота", "субботу":
		return time.Saturday, true
	}
	return 0, false
}

// offWords mean "no hours that day".
func offWord(s string) bool {
	switch strings.ToLower(s) {
	case "off", "-", "—", "closed", "none", "fermé", "ferme", "repos", "congé", "conge", "выходной", "нет", "закрыто":
		return true
	}
	return false
}

// parseWeekly reads weekly hours, one day per line (or separated by ";"):
// "mon 09:00-12:00 14:00-18:00", "tue off". Days not named are left out
// of the result; a named day with "off" maps to no ranges.
func parseWeekly(typed string) (map[time.Weekday][]core.TimeRange, error) {
	out := map[time.Weekday][]core.TimeRange{}
	lines := strings.FieldsFunc(typed, func(r rune) bool { return r == '\n' || r == ';' })
	for _, line := range lines {
		words := strings.Fields(strings.ReplaceAll(line, ",", " "))
		if len(words) == 0 {
			continue
		}
		d, ok := weekday(strings.TrimSuffix(words[0], ":"))
		if !ok {
			return nil, core.NewError(core.EINVALID, "err.parse.hours_day", "Start each line with a day, e.g. “mon 09:00-12:00 14:00-18:00” or “tue off”.")
		}
		if _, dup := out[d]; dup {
			return nil, core.NewError(core.EINVALID, "err.parse.hours_once", "Each day once, please: put all of a day's hours on its line.")
		}
		ranges, err := parseRanges(words[1:])
		if err != nil {
			return nil, err
		}
		out[d] = ranges
	}
	if len(out) == 0 {
		return nil, core.NewError(core.EINVALID, "err.parse.hours_empty", "Type at least one day, e.g. “mon 09:00-12:00 14:00-18:00”.")
	}
	return out, nil
}

// parseRanges reads "09:00-12:00 14:00-18:00" or "off" (no ranges).
func parseRanges(words []string) ([]core.TimeRange, error) {
	if len(words) == 1 && offWord(words[0]) {
		return []core.TimeRange{}, nil
	}
	if len(words) == 0 || len(words) > 12 {
		return nil, core.NewError(core.EINVALID, "err.parse.hours_range", "Give hours such as 09:00-12:00, or “off”.")
	}
	out := make([]core.TimeRange, 0, len(words))
	for _, w := range words {
		r, err := core.ParseTimeRange(normalizeRange(w))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// normalizeRange writes "9h-12h30" as "09:00-12:30" for
// core.ParseTimeRange; anything else is left for it to refuse.
func normalizeRange(w string) string {
	from, to, ok := strings.Cut(strings.ReplaceAll(w, "–", "-"), "-")
	if !ok {
		return w
	}
	clock := func(s string) (string, bool) {
		if s == "24:00" || s == "24h" || s == "24" {
			return "24:00", true
		}
		h, m, ok := parseClockTime(s)
		return fmt.Sprintf("%02d:%02d", h, m), ok
	}
	a, ok1 := clock(from)
	b, ok2 := clock(to)
	if !ok1 || !ok2 {
		return w
	}
	return a + "-" + b
}

// parseException reads one dated change: "2026-06-10 off",
// "13/06 10:00-12:00", "13/06 off 10:00-12:00" (replace the day's hours).
func parseException(typed string, now time.Time) (core.Exception, error) {
	words := strings.Fields(strings.ReplaceAll(typed, ",", " "))
	if len(words) < 2 {
		return core.Exception{}, core.NewError(core.EINVALID, "err.parse.exception", "Type a date and “off”, or hours to add, e.g. “2026-06-10 off” or “13/06 10:00-12:00”.")
	}
	day, err := parseCoachDay(words[0], now)
	if err != nil {
		return core.Exception{}, err
	}
	ex := core.Exception{Date: day}
	rest := words[1:]
	if offWord(rest[0]) {
		ex.Off, rest = true, rest[1:]
	}
	if len(rest) > 0 {
		if ex.Extra, err = parseRanges(rest); err != nil {
			return core.Exception{}, err
		}
	}
	return ex, nil
}

// parseCoachDay reads a civil date relative to now (in the coach's zone):
// "2026-06-10", "10/06", "10/06/2026", "today", "tomorrow", a day name
// (the next one, today included). It returns "YYYY-MM-DD".
func parseCoachDay(s string, now time.Time) (string, error) {
	bad := core.NewError(core.EINVALID, "err.parse.day", "Give the day as 2026-06-10, 10/06, “today”, “tomorrow” or a day name.")
	s = strings.ToLower(strings.TrimSpace(s))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch s {
	case "today", "aujourd'hui", "aujourd’hui", "auj", "сегодня":
		return today.Format(time.DateOnly), nil
	case "tomorrow", "demain", "завтра":
		return today.AddDate(0, 0, 1).Format(time.DateOnly), nil
	case "послезавтра":
		return today.AddDate(0, 0, 2).Format(time.DateOnly), nil
	}
	if d, ok := weekday(s); ok {
		return today.AddDate(0, 0, (int(d)-int(today.Weekday())+7)%7).Format(time.DateOnly), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly), nil
	}
	parts := strings.Split(strings.ReplaceAll(s, ".", "/"), "/")
	if len(parts) < 2 || len(parts) > 3 {
		return "", bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) > 4 {
			return "", bad
		}
		nums[i] = n
	}
	year := today.Year()
	if len(nums) == 3 {
		year = nums[2]
		if year < 100 {
			year += 2000
		}
	}
	if nums[1] < 1 || nums[1] > 12 || nums[0] < 1 || nums[0] > 31 || year < 2000 || year > 2200 {
		return "", bad
	}
	t := time.Date(year, time.Month(nums[1]), nums[0], 0, 0, 0, 0, time.UTC)
	if t.Day() != nums[0] {
		return "", bad // 31/02
	}
	if len(nums) == 2 && t.Before(today.AddDate(0, -1, 0)) {
		t = t.AddDate(1, 0, 0) // "05/01" typed in December means next January
	}
	return t.Format(time.DateOnly), nil
}

// parseClockTime reads "18:30", "18h30", "18h", "9".
func parseClockTime(s string) (int, int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	h, m, found := strings.Cut(strings.ReplaceAll(s, "h", ":"), ":")
	if !found {
		m = "0"
	}
	if m == "" {
		m = "0"
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(h) > 2 || len(m) > 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, 0, false
	}
	return hh, mm, true
}

// parseWhen reads a date and a time in loc: "2026-06-10 18:30",
// "10/06 18:30", "thu 18:30", "tomorrow 9:00", or a time alone ("19:00"),
// which falls on base's day when base is set, else today.
func parseWhen(typed string, now time.Time, loc *time.Location, base time.Time) (time.Time, error) {
	bad := core.NewError(core.EINVALID, "err.parse.when", "Give a date and a time, e.g. “2026-06-10 18:30”, “10/06 18:30”, “thu 18:30” or “18:30”.")
	words := strings.Fields(typed)
	if len(words) == 0 || len(words) > 3 {
		return time.Time{}, bad
	}
	hh, mm, ok := parseClockTime(words[len(words)-1])
	if !ok {
		return time.Time{}, bad
	}
	local := now.In(loc)
	day := local.Format(time.DateOnly)
	if !base.IsZero() {
		day = base.In(loc).Format(time.DateOnly)
	}
	if len(words) > 1 {
		var err error
		if day, err = parseCoachDay(strings.Join(words[:len(words)-1], " "), local); err != nil {
			return time.Time{}, err
		}
	}
	d, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return time.Time{}, bad
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, loc), nil
}

// spanUnit is a duration unit parseSpan knows, in English, French and
// Russian; 0 for none.
func spanUnit(s string) time.Duration {
	switch strings.TrimSuffix(s, ".") {
	case "m", "min", "mins", "minute", "minutes", "м", "мин", "минута", "минуты", "минут", "минуту":
		return time.Minute
	case "h", "hr", "hrs", "hour", "hours", "heure", "heures", "ч", "час", "часа", "часов":
		return time.Hour
	case "d", "day", "days", "j", "jour", "jours", "д", "дн", "день", "дня", "дней", "сут", "суток":
		return 24 * time.Hour
	}
	return 0
}

// parseSpan reads a duration: "30" (minutes), "30m", "30 min", "1h",
// "1h30", "1 h 30", "2d", "2 days", "2 jours", "1ч30", "2 дня", "0".
func parseSpan(typed string) (time.Duration, error) {
	bad := core.NewError(core.EINVALID, "err.parse.duration", "Give a duration such as 30 min, 1h30, 24h or 2 days.")
	words := strings.Fields(strings.ToLower(typed))
	for i := 1; i < len(words); i++ {
		if isDigit(words[i-1][len(words[i-1])-1]) && isDigit(words[i][0]) {
			return 0, bad // "30 30" is no duration
		}
	}
	s := strings.Join(words, "")
	if s == "" || len(s) > 32 {
		return 0, bad
	}
	// Split into runs of digits and of letters: "1h30" → 1, h, 30.
	var toks []string
	for i := 0; i < len(s); {
		j := i
		digit := isDigit(s[i])
		for j < len(s) && isDigit(s[j]) == digit {
			j++
		}
		toks = append(toks, s[i:j])
		i = j
	}
	var total time.Duration
	last := time.Duration(0)
	for i := 0; i < len(toks); i += 2 {
		n, err := strconv.Atoi(toks[i])
		if err != nil || n > 100000 {
			return 0, bad
		}
		unit := time.Minute
		switch {
		case i+1 < len(toks):
			if unit = spanUnit(toks[i+1]); unit == 0 {
				return 0, bad
			}
		case last == time.Hour: // "1h30": minutes after hours need no unit
		case i > 0:
			return 0, bad
		}
		total += time.Duration(n) * unit
		last = unit
	}
	if total > 400*24*time.Hour {
		return 0, bad
	}
	return total, nil
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parseSpans reads a list of durations: "24h 1h", "48h, 2h".
func parseSpans(typed string) ([]time.Duration, error) {
	var out []time.Duration
	for _, w := range strings.FieldsFunc(typed, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		d, err := parseSpan(w)
		if err != nil {
			return nil, err
		}
		if d <= 0 {
			return nil, core.NewError(core.EINVALID, "err.parse.reminder", "Reminders come some time before the start, e.g. “24h 1h”.")
		}
		out = append(out, d)
	}
	if len(out) > 5 {
		return nil, core.NewError(core.EINVALID, "err.parse.reminders_max", "Five reminders at most.")
	}
	return out, nil
}

// parseAmount reads a price: "50", "49.90", "49,90", "€50", "50 EUR",
// "500 ₽", "free", "бесплатно", "0". A missing currency is cur.
func parseAmount(typed, cur string) (core.Money, error) {
	bad := core.NewError(core.EINVALID, "err.parse.amount", "Give an amount such as 50, 49.90 or 50 EUR (or “free”).")
	s := strings.ToUpper(strings.TrimSpace(typed))
	switch s {
	case "FREE", "GRATUIT", "БЕСПЛАТНО", "0":
		return core.Money{}, nil
	}
	for sym, code := range map[string]string{"€": "EUR", "$": "USD", "£": "GBP", "₽": "RUB"} {
		if strings.Contains(s, sym) {
			s, cur = strings.TrimSpace(strings.ReplaceAll(s, sym, "")), code
		}
	}
	if f := strings.Fields(s); len(f) == 2 {
		if len(f[1]) == 3 && strings.IndexFunc(f[1], func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
			s, cur = f[0], f[1]
		} else if len(f[0]) == 3 && strings.IndexFunc(f[0], func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
			s, cur = f[1], f[0]
		}
	}
	s = strings.ReplaceAll(s, ",", ".")
	whole, frac, _ := strings.Cut(s, ".")
	exp := core.CurrencyExponent(cur)
	if whole == "" || len(whole) > 9 || len(frac) > exp || strings.Trim(whole+frac, "0123456789") != "" {
		return core.Money{}, bad
	}
	frac += strings.Repeat("0", exp-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return core.Money{}, bad
	}
	if n == 0 {
		return core.Money{}, nil
	}
	return core.Money{Amount: n, Currency: cur}, nil
}

// parseCount reads a whole number in [lo, hi].
func parseCount(typed string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(typed))
	if err != nil || n < lo || n > hi {
		return 0, core.NewError(core.EINVALID, "err.parse.count", "Give a whole number from {Low} to {High}.", "Low", lo, "High", hi)
	}
	return n, nil
}

// parseCreditDelta reads "+2 make-up session" or "-1 workout": the
// credits to add or deduct and the note.
func parseCreditDelta(typed string) (int, string, error) {
	word, note, _ := strings.Cut(strings.TrimSpace(typed), " ")
	n, err := strconv.Atoi(strings.TrimPrefix(word, "+"))
	if err != nil || n == 0 || n > 1000 || n < -1000 {
		return 0, "", core.NewError(core.EINVALID, "err.parse.adjust", "Type +N or -N and a note, e.g. “+2 make-up session” or “-1 workout on 3 June”.")
	}
	return n, strings.TrimSpace(note), nil
}

// parseAccountRef reads "telegram:123" as a platform and user id.
func parseAccountRef(typed string) (string, string, bool) {
	p, u, ok := strings.Cut(strings.TrimSpace(typed), ":")
	p = strings.ToLower(p)
	if !ok || p == "" || u == "" || len(u) > 64 || strings.ContainsAny(p+u, " \t\n:") {
		return "", "", false
	}
	return p, u, true
}
