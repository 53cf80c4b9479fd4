package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slotbot/slotbot/bot/locales"
	"github.com/slotbot/slotbot/core"
)

// Day and month names, the decimal separator and the money pattern come
// from each language's file (format.* keys); Go's time package speaks
// English only.
var (
	weekdayKeys     = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	monthKeys       = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	currencySymbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$", "AUD": "A$", "RUB": "₽"}
)

// word renders one of the format.* texts; they are checked for every
// language by the locales tests, so an error cannot happen at run time.
func word(lang, key string, args ...any) string {
	s, _ := locales.Default().Render(lang, key, args...)
	return s
}

// formatDay renders a civil day in the reader's language: "Mon 1 Jun" /
// "lun. 1 juin" / "пн, 1 июня".
func formatDay(lang string, t time.Time) string {
	return word(lang, "format.day", "Weekday", word(lang, "format.weekday."+weekdayKeys[t.Weekday()]),
		"Day", t.Day(), "Month", word(lang, "format.month."+monthKeys[t.Month()-1]))
}

// number renders a session's or payment's number as the reader writes
// one: "#12" / "n° 12" / "№ 12".
func number(lang string, id int64) string { return word(lang, "format.number", "Number", id) }

// unitText writes a measurement unit as the reader does: "kg" / "кг".
func unitText(lang, unit string) string {
	switch unit {
	case "kg", "cm":
		return word(lang, "format.unit."+unit)
	}
	return unit
}

// formatClock renders a wall-clock time, 24-hour in every language.
func formatClock(t time.Time) string { return t.Format("15:04") }

// formatWhen renders an instant in the reader's zone and language:
// "Mon 1 Jun, 18:00".
func formatWhen(lang string, loc *time.Location, t time.Time) string {
	local := t.In(loc)
	return formatDay(lang, local) + ", " + formatClock(local)
}

// formatDecimal renders a number with the reader's decimal separator:
// "72.5" / "72,5".
func formatDecimal(lang string, v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", word(lang, "format.decimal"), 1)
}

// formatMoney renders an amount for the reader: "€45.00" / "45,00 €".
func formatMoney(lang string, m core.Money) string {
	exp := core.CurrencyExponent(m.Currency)
	a := m.Amount
	sign := ""
	if a < 0 {
		sign, a = "-", -a
	}
	num := fmt.Sprint(a)
	if exp > 0 {
		div := int64(1)
		for i := 0; i < exp; i++ {
			div *= 10
		}
		num = fmt.Sprintf("%d%s%0*d", a/div, word(lang, "format.decimal"), exp, a%div)
	}
	sym, ok := currencySymbols[m.Currency]
	if !ok {
		sym = m.Currency
	}
	// A symbol of letters ("CHF") reads apart from the number.
	key := "format.money"
	if utf8.RuneCountInString(sym) > 1 && !strings.ContainsAny(sym, "$") {
		key = "format.money_code"
	}
	return sign + word(lang, key, "Symbol", sym, "Amount", num)
}

// formatDuration renders a session length: "60 min", "1 h 30", "2 h".
func formatDuration(lang string, d time.Duration) string {
	m := int(d / time.Minute)
	if m <= 90 && m%60 != 0 || m < 60 {
		return word(lang, "format.minutes", "Minutes", m)
	}
	if m%60 == 0 {
		return word(lang, "format.hours", "Hours", m/60)
	}
	return word(lang, "format.hours_minutes", "Hours", m/60, "Minutes", fmt.Sprintf("%02d", m%60))
}

// durationText words a policy's span: whole hours as "24 h", else minutes.
func durationText(lang string, d time.Duration) string {
	if d%time.Hour == 0 {
		return word(lang, "format.hours", "Hours", int(d/time.Hour))
	}
	return word(lang, "format.minutes", "Minutes", int(d/time.Minute))
}

// humanLeft words the time until a session: "2 days", "24 h", "1 h 30",
// "45 min".
func humanLeft(lang string, d time.Duration) string {
	d = d.Round(time.Minute)
	if d >= 48*time.Hour && d%(24*time.Hour) == 0 {
		return word(lang, "format.days", "Count", int(d/(24*time.Hour)))
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return word(lang, "format.minutes", "Minutes", m)
	case m == 0:
		return word(lang, "format.hours", "Hours", h)
	}
	return word(lang, "format.hours_minutes", "Hours", h, "Minutes", fmt.Sprintf("%02d", m))
}

// FormatWhen renders an instant in the reader's zone and language as the
// chat does ("Mon 1 Jun, 18:00"), for the pages beside the chat (the
// Mini App) to write dates the same way.
func FormatWhen(lang string, loc *time.Location, t time.Time) string {
	return formatWhen(Language(lang), loc, t)
}

// FormatDate renders a civil day without its weekday in the reader's
// language ("1 Jun" / "1 juin" / "1 июня"): a chart's week labels.
func FormatDate(lang string, t time.Time) string {
	lang = Language(lang)
	return word(lang, "format.date", "Day", t.Day(), "Month", word(lang, "format.month."+monthKeys[t.Month()-1]))
}

// FormatDateYear renders a civil day with its year in the reader's
// language ("1 Jun 2026" / "1 juin 2026" / "1 июня 2026"): a report's
// period.
func FormatDateYear(lang string, t time.Time) string {
	lang = Language(lang)
	return word(lang, "format.date_year", "Day", t.Day(), "Month", word(lang, "format.month."+monthKeys[t.Month()-1]), "Year", t.Year())
}

// FormatMoney renders an amount as the chat does for the reader
// ("€45.00" / "45,00 €"): a report's revenue.
func FormatMoney(lang string, m core.Money) string { return formatMoney(Language(lang), m) }

// FormatPercent renders a share (0.07) as a whole percentage the way the
// reader writes one: "7%" / "7 %".
func FormatPercent(lang string, share float64) string {
	return word(Language(lang), "format.percent", "Percent", strconv.FormatFloat(math.Round(100*share), 'f', 0, 64))
}

// Locale is the BCP 47 locale a page formats dates and numbers in for
// the reader's language ("en-GB", "fr-FR"), so that a browser's Intl
// writes them as the chat does.
func Locale(lang string) string { return word(Language(lang), "format.locale") }

// Weekday names a weekday in short in the reader's language ("Mon" /
// "lun." / "пн"): a chart's rows.
func Weekday(lang string, d time.Weekday) string {
	return word(Language(lang), "format.weekday."+weekdayKeys[d])
}
