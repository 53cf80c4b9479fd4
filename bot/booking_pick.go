package bot

import (
	"strconv"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Pickers and wording shared by the booking wizard, the class schedule
// and rescheduling: days and times as buttons in the reader's zone, the
// pass that would pay, the coach's cancellation rule in one line.

const (
	daysPerPage  = 9  // three rows of three days
	timesPerPage = 12 // three rows of four times
	// bookAhead is how far ahead day pickers look; the coach's booking
	// horizon narrows it further.
	bookAhead = 90 * 24 * time.Hour
)

// unix36 renders an instant for button data: seconds since 1970 in base 36.
func unix36(at time.Time) string { return strconv.FormatInt(at.Unix(), 36) }

// parseUnix36 reads unix36's output; anything else is stale.
func parseUnix36(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 36, 64)
	if err != nil || n <= 0 || n > 1<<40 {
		return time.Time{}, ErrStaleButton
	}
	return time.Unix(n, 0).UTC(), nil
}

// parseDay reads a day picker's value ("2026-06-03") as local midnight in
// loc and the midnight after it.
func parseDay(s string, loc *time.Location) (time.Time, time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, time.Time{}, ErrStaleButton
	}
	return d, time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc), nil
}

// pageArg renders a page number for button data.
func pageArg(n int) string { return strconv.Itoa(n) }

// pageOf reads a page number argument; a bad one is the first page.
func pageOf(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1000 {
		return 0
	}
	return n
}

// pickRows lays out labels as buttons, perRow a row, one page of perPage
// with "‹ Earlier"/"Later ›" buttons around it. data makes an item's button
// data; page makes a page button's.
func (b *Bot) pickRows(t *turn, n, page, perPage, perRow int, label func(i int) string, data func(i int) string, pageData func(p int) string) [][]Button {
	if page*perPage >= n {
		page = 0
	}
	var rows [][]Button
	var cur []Button
	end := min(n, (page+1)*perPage)
	for i := page * perPage; i < end; i++ {
		cur = append(cur, Button{Label: label(i), Data: data(i)})
		if len(cur) == perRow {
			rows, cur = append(rows, cur), nil
		}
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	var nav []Button
	if page > 0 {
		nav = append(nav, Button{Label: b.t(t, "book.pick_earlier"), Data: pageData(page - 1)})
	}
	if end < n {
		nav = append(nav, Button{Label: b.t(t, "book.pick_later"), Data: pageData(page + 1)})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	return rows
}

// dayLabel renders a picker day ("2026-06-03") for the reader.
func dayLabel(t *turn, day string) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return formatDay(t.lang, d)
}

// dayRows is a page of open days as buttons.
func (b *Bot) dayRows(t *turn, days []string, page int, data func(day string) string, pageData func(p int) string) [][]Button {
	return b.pickRows(t, len(days), page, daysPerPage, 3,
		func(i int) string { return dayLabel(t, days[i]) },
		func(i int) string { return data(days[i]) }, pageData)
}

// timeRows is a page of open times as buttons, in the reader's zone.
func (b *Bot) timeRows(t *turn, slots []time.Time, page int, data func(at time.Time) string, pageData func(p int) string) [][]Button {
	return b.pickRows(t, len(slots), page, timesPerPage, 4,
		func(i int) string { return formatClock(slots[i].In(t.loc)) },
		func(i int) string { return data(slots[i]) }, pageData)
}

// payingPass picks the pass a seat at `at` would be paid with: the client's
// valid pass with the oldest expiry that covers the type and still has
// the credits, as the service would choose it; nil when none.
func payingPass(passes []*core.Pass, now time.Time, typ *core.SessionType, at time.Time) *core.Pass {
	if typ.CreditCost == 0 {
		return nil
	}
	for _, p := range passes {
		if p.Covers(typ.CoachID, typ.ID) && !p.Expired(now) && at.Before(p.Expires) && p.CreditsLeft-p.Reserved >= typ.CreditCost {
			return p
		}
	}
	return nil
}

// creditsLeft is what a pass can still pay.
func creditsLeft(p *core.Pass) int { return max(p.CreditsLeft-p.Reserved, 0) }

// policyLine is the coach's cancellation rule in one line.
func (b *Bot) policyLine(t *turn, p core.Policy) string {
	switch {
	case p.LateOutcome == core.LateNone || p.CancelWindow == 0:
		return b.t(t, "book.policy_none")
	case p.LateOutcome == core.LateFee:
		return b.t(t, "book.policy_fee", "Window", durationText(t.lang, p.CancelWindow), "Fee", t.money(p.LateFee))
	}
	return b.t(t, "book.policy_forfeit", "Window", durationText(t.lang, p.CancelWindow))
}

// priceText words what a type costs: "€50.00 or 1 credit", "Free".
func (b *Bot) priceText(t *turn, price core.Money, credits int) string {
	switch {
	case price.IsZero() && credits == 0:
		return b.t(t, "book.price_free")
	case price.IsZero():
		return b.t(t, "book.price_credits", "Count", credits)
	case credits == 0:
		return t.money(price)
	}
	return b.t(t, "book.price_or", "Price", t.money(price), "Credits", b.t(t, "book.price_credits", "Count", credits))
}

// modeText words how a type is attended: "online", "in person", both.
func (b *Bot) modeText(t *turn, typ *core.SessionType) string {
	switch {
	case typ.Online && typ.InPerson:
		return b.t(t, "book.mode_both")
	case typ.Online:
		return b.t(t, "book.mode_online")
	}
	return b.t(t, "book.mode_in_person")
}

// whereText words where a session happens for a mode.
func (b *Bot) whereText(t *turn, mode core.Mode, place, link string) string {
	if mode == core.ModeOnline {
		if link == "" {
			return b.t(t, "book.where_online")
		}
		return b.t(t, "book.where_online_link", "Link", link)
	}
	if place == "" {
		return b.t(t, "book.where_in_person")
	}
	return b.t(t, "book.where_in_person_at", "Place", place)
}
