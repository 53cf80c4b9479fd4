package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The coach's agenda (today, the next seven days, in the coach's zone) and
// a session's card: its terms, who holds a seat with their status and
// payment, the waitlist, attendance buttons once it has started, and the
// actions on it (edit, move, share a link, book a client in, cancel).

// maxAgendaButtons bounds the session buttons of one agenda page.
const maxAgendaButtons = 30

// maxAgendaPages bounds how many days (or weeks) away from today the
// agenda's arrows go: a year.
const maxAgendaPages = 366

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actAgenda      = "cag" // cag:<d|w>[:<days or weeks from today>]
	actSessionCard = "cs"  // cs:<session>
	actAttendance  = "cat" // cat:<booking>:<1|0>
)

// registerCoachAgenda registers the agenda and session cards.
func (b *Bot) registerCoachAgenda() {
	b.action(actAgenda, b.asCoach(b.agendaButton))
	b.action(actSessionCard, b.asCoach(b.sessionCard))
	b.action(actAttendance, b.asCoach(b.markAttendance))
}

// agendaCommand shows today, or the week with "/agenda week".
func (b *Bot) agendaCommand(ctx context.Context, t *turn, coach *core.Coach) error {
	arg := strings.ToLower(strings.TrimSpace(t.req.Args))
	week := arg == "week" || arg == "w" || arg == "semaine"
	return b.agenda(ctx, t, coach, week, 0)
}

// agendaButton shows the day or the week.
func (b *Bot) agendaButton(ctx context.Context, t *turn, coach *core.Coach) error {
	span, err := t.cb.arg(0)
	if err != nil {
		return err
	}
	if span != "d" && span != "w" {
		return ErrStaleButton
	}
	page := 0
	if len(t.cb.Args) > 1 { // buttons posted before the arrows have none
		if page, err = strconv.Atoi(t.cb.Args[1]); err != nil || page < -maxAgendaPages || page > maxAgendaPages {
			return ErrStaleButton
		}
	}
	return b.agenda(ctx, t, coach, span == "w", page)
}

// agenda lists the coach's sessions of one day or of seven, page days
// (or weeks) from today, with arrows to the ones before and after.
func (b *Bot) agenda(ctx context.Context, t *turn, coach *core.Coach, week bool, page int) error {
	loc := coachLoc(coach)
	local := t.now.In(loc)
	days, span := 1, "d"
	if week {
		days, span = 7, "w"
	}
	from := time.Date(local.Year(), local.Month(), local.Day()+page*days, 0, 0, 0, 0, loc)
	title := b.t(t, "agenda.today", "Day", formatDay(t.lang, from), "Zone", coach.Zone)
	switch {
	case week:
		title = b.t(t, "agenda.week", "From", formatDay(t.lang, from), "To", formatDay(t.lang, from.AddDate(0, 0, 6)), "Zone", coach.Zone)
	case page != 0:
		title = b.t(t, "agenda.day", "Day", formatDay(t.lang, from), "Zone", coach.Zone)
	}
	entries, err := b.svc.Coaching.Agenda(ctx, coach.ID, from, from.AddDate(0, 0, days))
	if err != nil {
		return err
	}
	text := []string{title}
	var rows [][]Button
	if len(entries) == 0 {
		text = append(text, b.t(t, "agenda.none"))
	}
	for _, e := range entries {
		s := e.Session
		at := formatClock(s.Start.In(loc))
		if week {
			at = t.coachWhen(coach, s.Start)
		}
		line := fmt.Sprintf("%s %s %s — %s", number(t.lang, s.ID), at, e.Type.Name, b.agendaWho(t, e))
		if s.Status == core.SessionCancelled {
			line = "❌ " + line
		} else if s.Status == core.SessionCompleted {
			line = "✔️ " + line
		}
		text = append(text, line)
		if len(rows) < maxAgendaButtons {
			rows = append(rows, row(btn(at+" · "+e.Type.Name, actSessionCard, id36(s.ID))))
		}
	}
	var arrows []Button
	if page > -maxAgendaPages {
		arrows = append(arrows, btn(b.t(t, "agenda.btn.earlier_"+span), actAgenda, span, strconv.Itoa(page-1)))
	}
	if page < maxAgendaPages {
		arrows = append(arrows, btn(b.t(t, "agenda.btn.later_"+span), actAgenda, span, strconv.Itoa(page+1)))
	}
	rows = append(rows, arrows, row(btn(b.t(t, "coach.btn.today"), actAgenda, "d"), btn(b.t(t, "coach.btn.week"), actAgenda, "w")),
		row(b.backToMenu(t)))
	t.say(strings.Join(text, "\n"), rows...)
	return nil
}

// agendaWho says who comes: names for a 1:1, seats taken for a group.
func (b *Bot) agendaWho(t *turn, e *core.AgendaEntry) string {
	if e.Session.Capacity == 1 {
		if len(e.Names) == 0 {
			return b.t(t, "agenda.open")
		}
		return strings.Join(e.Names, ", ")
	}
	who := b.t(t, "agenda.seats", "Seated", e.Seated, "Capacity", e.Session.Capacity)
	if e.Waiting > 0 {
		who += " · " + b.t(t, "agenda.waiting", "Waiting", e.Waiting)
	}
	return who
}

// sessionCard shows one of the coach's sessions with its roster.
func (b *Bot) sessionCard(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	return b.showSession(ctx, t, coach, id, "")
}

// showSession draws a session's card, after an optional lead line.
func (b *Bot) showSession(ctx context.Context, t *turn, coach *core.Coach, id int64, lead string) error {
	r, err := b.svc.Coaching.Roster(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	s := r.Session
	loc := coachLoc(coach)
	var lines []string
	if lead != "" {
		lines = append(lines, lead, "")
	}
	lines = append(lines, number(t.lang, s.ID)+" "+r.Type.Name,
		b.t(t, "cs.when", "Start", t.coachWhen(coach, s.Start), "End", formatClock(s.End.In(loc)), "Zone", coach.Zone))
	if s.Mode == core.ModeOnline {
		lines = append(lines, b.t(t, "cs.online", "Link", orDash(s.Link)))
	} else {
		lines = append(lines, b.t(t, "cs.place", "Place", orDash(s.Place)))
	}
	lines = append(lines, b.t(t, "cs.seats", "Seated", len(r.Seated), "Capacity", s.Capacity, "Price", b.sessionPrice(t, s)))
	if !s.Deadline.IsZero() && s.Deadline.Before(s.Start) {
		lines = append(lines, b.t(t, "cs.deadline", "Deadline", t.coachWhen(coach, s.Deadline)))
	}
	lines = append(lines, b.t(t, "cs.status", "Status", b.t(t, "cs.status."+string(s.Status))))
	if s.Notes != "" {
		lines = append(lines, b.t(t, "cs.notes", "Notes", s.Notes))
	}
	for _, l := range s.Links {
		lines = append(lines, "📎 "+linkLabel(l))
	}
	started := !t.now.Before(s.Start) && s.Status != core.SessionCancelled
	var rows [][]Button
	if len(r.Seated) > 0 {
		lines = append(lines, "", b.t(t, "cs.booked"))
	}
	var due []core.Money // what the seated owe at the session, by currency
	for i, l := range r.Seated {
		lines = append(lines, fmt.Sprintf("%d. %s — %s", i+1, l.Client.Name, b.rosterStatus(t, l)))
		if started && (l.Booking.Status == core.BookingConfirmed || l.Booking.Status == core.BookingCompleted || l.Booking.Status == core.BookingNoShow) {
			rows = append(rows, row(btn(b.t(t, "cs.came", "Client", l.Client.Name), actAttendance, id36(l.Booking.ID), "1"),
				btn(b.t(t, "cs.noshow", "Client", l.Client.Name), actAttendance, id36(l.Booking.ID), "0")))
		}
		if l.Payment != nil && l.Payment.Status == core.PaymentPending {
			rows = append(rows, row(btn(b.t(t, "cs.btn.paid", "Client", l.Client.Name, "Amount", t.money(l.Payment.Amount)),
				actMarkPaid, id36(l.Payment.ID), "s")))
			if l.Booking.Status != core.BookingPendingPayment {
				due = addMoney(due, l.Payment.Amount)
			}
		}
	}
	if len(due) > 0 {
		lines = append(lines, b.t(t, "cs.due_total", "Total", acctMoneyList(t, due)))
	}
	if len(r.Waitlist) > 0 {
		lines = append(lines, "", b.t(t, "cs.waitlist"))
		for _, l := range r.Waitlist {
			lines = append(lines, fmt.Sprintf("%d. %s", l.Position, l.Client.Name))
		}
	}
	if n := len(r.Cancelled); n > 0 {
		lines = append(lines, "", b.t(t, "cs.cancelled", "Number", n))
	}
	if s.Status == core.SessionScheduled {
		sid := id36(s.ID)
		rows = append(rows,
			row(btn(b.t(t, "cs.btn.edit"), actSessionEdit, sid), btn(b.t(t, "cs.btn.move"), actSessionMove, sid)),
			row(btn(b.t(t, "cs.btn.share"), actSessionShare, sid), btn(b.t(t, "cs.btn.bookin"), actSessionBookIn, sid)),
			row(btn(b.t(t, "cs.btn.cancel"), actSessionCancel, sid)))
	} else if s.Status == core.SessionCompleted {
		rows = append(rows, row(btn(b.t(t, "cs.btn.share"), actSessionShare, id36(s.ID))))
	}
	rows = append(rows, row(btn(b.t(t, "cs.btn.agenda"), actAgenda, "w"), b.backToMenu(t)))
	t.say(strings.Join(lines, "\n"), rows...)
	return nil
}

// sessionPrice words what a seat costs: money, credits or free.
func (b *Bot) sessionPrice(t *turn, s *core.Session) string {
	switch {
	case !s.Price.IsZero() && s.CreditCost > 0:
		return b.t(t, "cs.price_or_credits", "Price", t.money(s.Price), "Count", s.CreditCost)
	case !s.Price.IsZero():
		return t.money(s.Price)
	case s.CreditCost > 0:
		return b.t(t, "cs.credits", "Count", s.CreditCost)
	}
	return b.t(t, "cs.free")
}

// rosterStatus words one booking's status and how it is paid.
func (b *Bot) rosterStatus(t *turn, l *core.RosterLine) string {
	out := b.t(t, "cs.booking."+string(l.Booking.Status))
	switch {
	case l.Pass != nil:
		out += " · " + b.t(t, "cs.by_pass", "Pass", l.Pass.Name)
	case l.Payment != nil && l.Payment.Status == core.PaymentPending && l.Booking.Status != core.BookingPendingPayment:
		out += " · " + b.t(t, "cs.due", "Amount", t.money(l.Payment.Amount), "ID", l.Payment.ID)
	case l.Payment != nil:
		out += " · " + b.t(t, "cs.payment", "Amount", t.money(l.Payment.Amount), "Status", b.t(t, "cpay."+string(l.Payment.Status)), "ID", l.Payment.ID)
	}
	return out
}

// addMoney adds m to the per-currency sums in list.
func addMoney(list []core.Money, m core.Money) []core.Money {
	for i := range list {
		if list[i].Currency == m.Currency {
			list[i].Amount += m.Amount
			return list
		}
	}
	return append(list, m)
}

// markAttendance records that a client came or did not; the core checks
// the booking is in one of the coach's sessions and that it has started.
func (b *Bot) markAttendance(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	came, err := t.cb.arg(1)
	if err != nil || (came != "1" && came != "0") {
		return ErrStaleButton
	}
	bk, err := b.svc.Bookings.MarkAttendance(ctx, coach.ID, id, came == "1")
	if err != nil {
		return err
	}
	return b.showSession(ctx, t, coach, bk.SessionID, b.t(t, "cs.marked."+came))
}
