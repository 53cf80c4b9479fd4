package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slotbot/slotbot/core"
)

// Day and month names per language; Go's time package speaks English only.
var (
	weekdaysShort = map[string][7]string{
		"en": {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		"fr": {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
	}
	monthsShort = map[string][12]string{
		"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	}
	currencySymbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$", "AUD": "A$"}
)

// formatDay renders a civil day in the reader's language: "Mon 1 Jun" /
// "lun. 1 juin".
func formatDay(lang string, t time.Time) string {
	lang = Language(lang)
	return fmt.Sprintf("%s %d %s", weekdaysShort[lang][t.Weekday()], t.Day(), monthsShort[lang][t.Month()-1])
}

// formatClock renders a wall-clock time, 24-hour in both languages.
func formatClock(t time.Time) string { return t.Format("15:04") }

// formatWhen renders an instant in the reader's zone and language:
// "Mon 1 Jun, 18:00".
func formatWhen(lang string, loc *time.Location, t time.Time) string {
	local := t.In(loc)
	return formatDay(lang, local) + ", " + formatClock(local)
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
		sep := "."
		if Language(lang) == "fr" {
			sep = ","
		}
		num = fmt.Sprintf("%d%s%0*d", a/div, sep, exp, a%div)
	}
	sym, ok := currencySymbols[m.Currency]
	if !ok {
		sym = m.Currency
	}
	if Language(lang) == "fr" {
		return sign + num + "\u00a0" + sym
	}
	if utf8.RuneCountInString(sym) > 1 && !strings.ContainsAny(sym, "$") {
		return sign + sym + "\u00a0" + num
	}
	return sign + sym + num
}

// formatDuration renders a session length: "60 min", "1 h 30".
func formatDuration(d time.Duration) string {
	m := int(d / time.Minute)
	if m <= 90 && m%60 != 0 || m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	if m%60 == 0 {
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %02d", m/60, m%60)
}
