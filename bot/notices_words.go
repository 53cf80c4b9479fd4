package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The small words of notices: names, times and amounts as the recipient
// reads them.

// t renders a text in the recipient's language.
func (nc *noticeCtx) t(key string, args ...any) string { return nc.cat.t(nc.lang, key, args...) }

// what names the session: its type.
func (nc *noticeCtx) what() string {
	if nc.typ == nil {
		return ""
	}
	return nc.typ.Name
}

// when is the session's start in the recipient's zone and language.
func (nc *noticeCtx) when() string { return nc.at(nc.sess.Start) }

// at renders an instant for the recipient; "?" for a missing one.
func (nc *noticeCtx) at(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return formatWhen(nc.lang, nc.loc, t)
}

// day renders the civil day of an instant for the recipient.
func (nc *noticeCtx) day(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return formatDay(nc.lang, t.In(nc.loc))
}

// coachName is the name of the coach the notice concerns.
func (nc *noticeCtx) coachName() string {
	if nc.coach == nil {
		return ""
	}
	return nc.coach.Name
}

// who is the client a coach notice is about.
func (nc *noticeCtx) who() string {
	if nc.subject == nil {
		return nc.t("notice.someone")
	}
	return nc.subject.Name
}

// price is what the session costs, formatted for the recipient.
func (nc *noticeCtx) price() string {
	if nc.payment != nil {
		return formatMoney(nc.lang, nc.payment.Amount)
	}
	return formatMoney(nc.lang, nc.sess.Price)
}

// money renders an amount core wrote as Money.String().
func (nc *noticeCtx) money(s string) string {
	if m, ok := parseMoney(s); ok {
		return formatMoney(nc.lang, m)
	}
	return s
}

// dataTime reads an RFC 3339 instant from the notice's data.
func (nc *noticeCtx) dataTime(key string) time.Time {
	t, err := time.Parse(time.RFC3339, nc.n.Data[key])
	if err != nil {
		return time.Time{}
	}
	return t
}

// kindName names a notice kind for a coach ("reminder").
func (nc *noticeCtx) kindName(k core.NoticeKind) string {
	key := "notice.kind." + string(k)
	if s := nc.t(key); s != key {
		return s
	}
	return string(k)
}

// lines joins non-empty lines.
func (nc *noticeCtx) lines(ls ...string) string {
	out := ls[:0:0]
	for _, l := range ls {
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// orDash shows an emptied field as a dash.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// platformName is how people call a platform.
func platformName(p string) string {
	switch p {
	case "telegram":
		return "Telegram"
	case "discord":
		return "Discord"
	}
	return p
}

// parseMoney reads Money.String() back ("EUR 45.00", "JPY 500", "free").
func parseMoney(s string) (core.Money, bool) {
	if s == "free" {
		return core.Money{}, true
	}
	cur, num, ok := strings.Cut(s, " ")
	if !ok || len(cur) != 3 || num == "" || len(num) > 24 {
		return core.Money{}, false
	}
	for _, r := range cur {
		if r < 'A' || r > 'Z' {
			return core.Money{}, false
		}
	}
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	whole, frac, dot := strings.Cut(num, ".")
	exp := core.CurrencyExponent(cur)
	if len(frac) != exp || dot != (exp > 0) || whole == "" || len(whole) > 1 && whole[0] == '0' {
		return core.Money{}, false
	}
	digits := whole + frac
	for _, r := range digits {
		if r < '0' || r > '9' {
			return core.Money{}, false
		}
	}
	a, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || a == 0 {
		return core.Money{}, false // core writes nothing as "free"
	}
	if neg {
		a = -a
	}
	return core.Money{Amount: a, Currency: cur}, true
}
