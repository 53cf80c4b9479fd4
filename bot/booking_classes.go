package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// /classes: the schedule of group sessions as a list or a week at a
// glance, filtered by period and coach; a class's page with Book or Join
// waitlist. Its buttons carry only what to show: they read the store
// again, and booking re-checks everything, so they need no flow state.

// classesPerPage bounds one page of the list view.
const classesPerPage = 5

// classView is what the schedule shows: list or week, which period
// ("tw" this week, "nw" next week, "up" the coming four weeks), which coach
// (0: all), which class type (0: all) and which page.
type classView struct {
	list    bool
	span    string
	coachID int64
	typeID  int64
	page    int
}

// data renders the view as button data.
func (v classView) data() string {
	mode := "w"
	if v.list {
		mode = "l"
	}
	return encode(actClasses, mode, v.span, id36(v.coachID), id36(v.typeID), pageArg(v.page))
}

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actClasses = "cls" // cls:<l|w>:<span>:<coach36>:<type36>:<page>
)

// registerClasses registers /classes and its buttons.
func (b *Bot) registerClasses() {
	b.command("classes", b.withCalendar(func(ctx context.Context, t *turn) error {
		return b.classList(ctx, t, classView{list: true, span: "up"})
	}))
	b.action(actClasses, b.classButton)
	b.action(actClassDetail, b.classDetailB)
	b.action(actClassBook, b.classBook)
}

// classButton reads a schedule button.
func (b *Bot) classButton(ctx context.Context, t *turn) error {
	if len(t.cb.Args) != 5 {
		return ErrStaleButton
	}
	v := classView{list: t.cb.Args[0] == "l", span: t.cb.Args[1], page: pageOf(t.cb.Args[4])}
	if t.cb.Args[0] != "l" && t.cb.Args[0] != "w" || (v.span != "tw" && v.span != "nw" && v.span != "up") {
		return ErrStaleButton
	}
	var err error
	if v.coachID, err = strconv.ParseInt(t.cb.Args[2], 36, 64); err != nil || v.coachID < 0 {
		return ErrStaleButton
	}
	if v.typeID, err = strconv.ParseInt(t.cb.Args[3], 36, 64); err != nil || v.typeID < 0 {
		return ErrStaleButton
	}
	return b.classList(ctx, t, v)
}

// weekStart is the Monday 00:00, in loc, of the week holding at.
func weekStart(at time.Time, loc *time.Location) time.Time {
	l := at.In(loc)
	back := (int(l.Weekday()) + 6) % 7
	return time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, loc)
}

// period is the span of v in the reader's zone.
func (v classView) period(t *turn) (time.Time, time.Time) {
	mon := weekStart(t.now, t.loc)
	next := mon.AddDate(0, 0, 7)
	switch v.span {
	case "tw":
		return t.now, next
	case "nw":
		return next, next.AddDate(0, 0, 7)
	}
	return t.now, t.now.AddDate(0, 0, 28)
}

// classList shows the schedule.
func (b *Bot) classList(ctx context.Context, t *turn, v classView) error {
	if !v.list && v.span == "up" {
		v.span = "tw" // a week at a glance shows one week
	}
	from, to := v.period(t)
	classes, err := b.svc.Catalog.UpcomingClasses(ctx, core.ClassFilter{CoachID: v.coachID, TypeID: v.typeID, From: from, To: to,
		ClientID: t.client().ID})
	if err != nil {
		return err
	}
	coaches, err := b.svc.Catalog.Coaches(ctx)
	if err != nil {
		return err
	}
	head := b.t(t, "classes.head."+v.span, "Zone", t.loc.String())
	var text string
	var rows [][]Button
	if v.list {
		text, rows = b.classListBody(t, v, classes)
	} else {
		text, rows = b.classWeekBody(t, v, classes)
	}
	t.say(head+"\n\n"+text, append(rows, b.classFilters(t, v, coaches)...)...)
	return nil
}

// classListBody is a page of classes with their details.
func (b *Bot) classListBody(t *turn, v classView, classes []*core.ClassInfo) (string, [][]Button) {
	if len(classes) == 0 {
		return b.t(t, "classes.none"), nil
	}
	if v.page*classesPerPage >= len(classes) {
		v.page = 0
	}
	var blocks []string
	var rows [][]Button
	end := min(len(classes), (v.page+1)*classesPerPage)
	for _, ci := range classes[v.page*classesPerPage : end] {
		blocks = append(blocks, b.classBlock(t, ci))
		rows = append(rows, row(btn(b.classButtonLabel(t, ci), actClassDetail, id36(ci.Session.ID))))
	}
	var nav []Button
	if v.page > 0 {
		p := v
		p.page--
		nav = append(nav, Button{Label: b.t(t, "book.pick_earlier"), Data: p.data()})
	}
	if end < len(classes) {
		p := v
		p.page++
		nav = append(nav, Button{Label: b.t(t, "book.pick_later"), Data: p.data()})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	return strings.Join(blocks, "\n\n"), rows
}

// classBlock is one class in the list: when, what, who, where, seats,
// deadline, passes, and the reader's own place.
func (b *Bot) classBlock(t *turn, ci *core.ClassInfo) string {
	s := ci.Session
	lines := []string{
		b.t(t, "classes.when_what", "When", t.when(s.Start), "Type", ci.Type.Name),
		b.t(t, "classes.who_where", "Coach", ci.Coach.Name, "Where", b.whereText(t, s.Mode, s.Place, s.Link)),
		b.seatsText(t, ci) + " · " + b.t(t, "classes.deadline", "Deadline", t.when(s.BookingDeadline())),
	}
	if l := b.passesLine(t, ci); l != "" {
		lines = append(lines, l)
	}
	if mine := b.mineText(t, ci); mine != "" {
		lines = append(lines, mine)
	}
	return strings.Join(lines, "\n")
}

// passesLine says which passes pay for a class: any of the coach's that
// covers it — bought or given by hand — with the packs on sale to get
// one; "" when the class is not paid with credits.
func (b *Bot) passesLine(t *turn, ci *core.ClassInfo) string {
	if ci.Session.CreditCost == 0 {
		return ""
	}
	if len(ci.Accepts) == 0 {
		return b.t(t, "classes.passes_any", "Coach", ci.Coach.Name)
	}
	return b.t(t, "classes.passes", "Coach", ci.Coach.Name, "Passes", packageNames(ci.Accepts))
}

// classButtonLabel names a class on its button.
func (b *Bot) classButtonLabel(t *turn, ci *core.ClassInfo) string {
	label := t.when(ci.Session.Start) + " · " + ci.Type.Name
	switch {
	case ci.Mine != nil:
		label = "✅ " + label
	case ci.SeatsLeft() == 0:
		label += " · " + b.t(t, "classes.full_short")
	}
	return label
}

// seatsText words how full a class is: "3 of 8 spots left" or full with
// the waitlist's length.
func (b *Bot) seatsText(t *turn, ci *core.ClassInfo) string {
	if left := ci.SeatsLeft(); left > 0 {
		return b.t(t, "classes.left", "Left", left, "Capacity", ci.Session.Capacity)
	}
	return b.t(t, "classes.full", "Waiting", ci.Waiting)
}

// mineText words the reader's own place in a class, if any.
func (b *Bot) mineText(t *turn, ci *core.ClassInfo) string {
	switch {
	case ci.Mine == nil:
		return ""
	case ci.Mine.Status == core.BookingWaitlisted:
		return b.t(t, "classes.mine_waitlist", "Position", ci.Position)
	case ci.Mine.Status == core.BookingPendingPayment:
		return b.t(t, "classes.mine_pending")
	}
	return b.t(t, "classes.mine_booked")
}

// packageNames lists packages by name.
func packageNames(pks []*core.Package) string {
	names := make([]string, len(pks))
	for i, p := range pks {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// classWeekBody is the week at a glance: each day with its classes.
func (b *Bot) classWeekBody(t *turn, v classView, classes []*core.ClassInfo) (string, [][]Button) {
	mon := weekStart(t.now, t.loc)
	if v.span == "nw" {
		mon = mon.AddDate(0, 0, 7)
	}
	var lines []string
	var rows [][]Button
	for d := 0; d < 7; d++ {
		day := mon.AddDate(0, 0, d)
		next := day.AddDate(0, 0, 1)
		var items []string
		for _, ci := range classes {
			if s := ci.Session.Start; !s.Before(day) && s.Before(next) {
				items = append(items, b.t(t, "classes.week_item", "Time", formatClock(s.In(t.loc)), "Type", ci.Type.Name, "Seats", b.seatsShort(t, ci)))
				rows = append(rows, row(btn(b.classButtonLabel(t, ci), actClassDetail, id36(ci.Session.ID))))
			}
		}
		if len(items) == 0 {
			items = []string{"—"}
		}
		lines = append(lines, b.t(t, "classes.week_day", "Day", formatDay(t.lang, day), "Items", strings.Join(items, " · ")))
	}
	return strings.Join(lines, "\n"), rows
}

// seatsShort is the week view's short seat count.
func (b *Bot) seatsShort(t *turn, ci *core.ClassInfo) string {
	if left := ci.SeatsLeft(); left > 0 {
		return b.t(t, "classes.left_short", "Left", left)
	}
	return b.t(t, "classes.full_short")
}

// classFilters are the view's buttons: list or week, the period, the coach.
func (b *Bot) classFilters(t *turn, v classView, coaches []*core.Coach) [][]Button {
	mark := func(on bool, label string) string {
		if on {
			return "• " + label
		}
		return label
	}
	with := func(f func(*classView)) string {
		n := v
		n.page = 0
		f(&n)
		return n.data()
	}
	rows := [][]Button{
		row(Button{Label: mark(v.list, b.t(t, "classes.view_list")), Data: with(func(n *classView) { n.list = true })},
			Button{Label: mark(!v.list, b.t(t, "classes.view_week")), Data: with(func(n *classView) { n.list = false })}),
	}
	var spans []Button
	for _, s := range []string{"tw", "nw", "up"} {
		if s == "up" && !v.list {
			continue
		}
		spans = append(spans, Button{Label: mark(v.span == s, b.t(t, "classes.span."+s)), Data: with(func(n *classView) { n.span = s })})
	}
	rows = append(rows, spans)
	if len(coaches) > 1 {
		cr := []Button{{Label: mark(v.coachID == 0, b.t(t, "classes.all_coaches")), Data: with(func(n *classView) { n.coachID = 0 })}}
		for _, co := range coaches {
			if len(cr) == 3 {
				rows, cr = append(rows, cr), nil
			}
			cr = append(cr, Button{Label: mark(v.coachID == co.ID, co.Name), Data: with(func(n *classView) { n.coachID = co.ID })})
		}
		rows = append(rows, cr)
	}
	return rows
}
