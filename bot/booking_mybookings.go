package bot

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// joinEarly is how long before the start the Join button appears.
const joinEarly = 15 * time.Minute

// recentPast is how many past sessions /mybookings shows; /history has
// them all, historyPage at a time.
const (
	recentPast  = 5
	historyPage = 10
	// upcomingShown bounds the upcoming bookings listed, to keep the
	// message and its buttons within what a chat shows well.
	upcomingShown = 20
)

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actBookingCard  = "bv"  // bv:<booking>
	actCalendarFile = "ics" // ics:<booking>
	actHistory      = "hi"  // hi:<page>: past bookings, newest first
)

// registerMyBookings registers /mybookings, /history and a booking's card.
func (b *Bot) registerMyBookings() {
	b.command("mybookings", b.myBookings)
	b.command("history", func(ctx context.Context, t *turn) error { return b.history(ctx, t, 0) })
	b.action(actBookingCard, b.bookingCard)
	b.action(actCalendarFile, b.calendarFile)
	b.action(actSharedFile, b.sendSharedFile)
	b.action(actHistory, func(ctx context.Context, t *turn) error {
		s, err := t.cb.arg(0)
		if err != nil {
			return err
		}
		page, err := strconv.Atoi(s)
		if err != nil || page < 0 {
			return ErrStaleButton
		}
		return b.history(ctx, t, page)
	})
}

// myBookings lists upcoming bookings with their statuses and a button
// each, then the latest past ones.
func (b *Bot) myBookings(ctx context.Context, t *turn) error {
	mine, err := b.svc.Bookings.MyBookings(ctx, t.client().ID)
	if err != nil {
		return err
	}
	var text strings.Builder
	var rows [][]Button
	text.WriteString(b.t(t, "my.bookings.title"))
	if len(mine.Upcoming) == 0 {
		text.WriteString("\n\n" + b.t(t, "my.bookings.none"))
	} else {
		text.WriteString("\n\n" + b.t(t, "my.bookings.upcoming"))
		for i, v := range mine.Upcoming[:min(len(mine.Upcoming), upcomingShown)] {
			fmt.Fprintf(&text, "\n%d. %s\n   %s", i+1, b.acctSessionLine(t, v), b.acctStatus(t, v))
			if w := b.acctWhere(t, v.Session); w != "" {
				text.WriteString(" · " + w)
			}
			label := fmt.Sprintf("%d. %s · %s", i+1, t.when(v.Session.Start), v.Type.Name)
			r := row(btn(label, actBookingCard, id36(v.Booking.ID)))
			if join, ok := b.joinButton(t, v); ok {
				r = append(r, join)
			}
			rows = append(rows, r)
		}
		if n := len(mine.Upcoming) - upcomingShown; n > 0 {
			text.WriteString("\n" + b.t(t, "my.bookings.more_upcoming", "Count", n))
		}
	}
	if len(mine.Cancelled) > 0 {
		text.WriteString("\n\n" + b.t(t, "my.bookings.cancelled"))
		for _, v := range mine.Cancelled[:min(len(mine.Cancelled), recentPast)] {
			fmt.Fprintf(&text, "\n• %s · %s", b.acctSessionLine(t, v), b.acctStatus(t, v))
		}
		if n := len(mine.Cancelled) - recentPast; n > 0 {
			text.WriteString("\n" + b.t(t, "my.bookings.more_past", "Count", n))
		}
	}
	if len(mine.Past) > 0 {
		text.WriteString("\n\n" + b.t(t, "my.bookings.past"))
		for _, v := range mine.Past[:min(len(mine.Past), recentPast)] {
			fmt.Fprintf(&text, "\n• %s · %s", b.acctSessionLine(t, v), b.acctStatus(t, v))
		}
		if len(mine.Past) > recentPast {
			text.WriteString("\n" + b.t(t, "my.bookings.more_past", "Count", len(mine.Past)-recentPast))
		}
	}
	if len(mine.Past)+len(mine.Cancelled) > 0 {
		rows = append(rows, row(btn(b.t(t, "my.btn.history"), actHistory, "0")))
	}
	rows = append(rows, row(btn(b.t(t, "menu.book"), actMenu, "book"), btn(b.t(t, "menu.classes"), actMenu, "classes")))
	t.say(text.String(), rows...)
	return nil
}

// history pages through cancelled and past sessions, latest first, with
// their payment status and the reason given for a cancellation.
func (b *Bot) history(ctx context.Context, t *turn, page int) error {
	mine, err := b.svc.Bookings.MyBookings(ctx, t.client().ID)
	if err != nil {
		return err
	}
	past := make([]*core.BookingView, 0, len(mine.Cancelled)+len(mine.Past))
	for i := len(mine.Cancelled) - 1; i >= 0; i-- {
		past = append(past, mine.Cancelled[i])
	}
	past = append(past, mine.Past...)
	if len(past) == 0 {
		t.say(b.t(t, "my.history.none"), row(btn(b.t(t, "menu.book"), actMenu, "book")))
		return nil
	}
	pages := (len(past) + historyPage - 1) / historyPage
	if page >= pages {
		page = pages - 1
	}
	var text strings.Builder
	text.WriteString(b.t(t, "my.history.title", "Page", page+1, "Pages", pages))
	for _, v := range past[page*historyPage : min(len(past), (page+1)*historyPage)] {
		fmt.Fprintf(&text, "\n• %s\n   %s", b.acctSessionLine(t, v), b.acctStatus(t, v))
		if paid := b.acctPaidWith(t, v); paid != "" {
			text.WriteString(" · " + paid)
		}
		if v.Booking.Reason != "" && !v.Booking.Status.Active() && v.Booking.RescheduledTo == 0 {
			text.WriteString(" · " + b.t(t, "my.history.reason", "Reason", b.cancelReasonLabel(t, v.Booking.Reason)))
		}
	}
	var nav []Button
	if page > 0 {
		nav = append(nav, btn(b.t(t, "my.btn.newer"), actHistory, strconv.Itoa(page-1)))
	}
	if page+1 < pages {
		nav = append(nav, btn(b.t(t, "my.btn.older"), actHistory, strconv.Itoa(page+1)))
	}
	rows := [][]Button{}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	rows = append(rows, row(btn(b.t(t, "my.btn.receipts"), actMenu, "payments"), btn(b.t(t, "menu.mybookings"), actMenu, "mybookings")))
	t.say(text.String(), rows...)
	return nil
}

// acctPaidWith says how a booking was paid: credits, or the payment's
// state.
func (b *Bot) acctPaidWith(t *turn, v *core.BookingView) string {
	switch {
	case v.Payment != nil && v.Payment.Status == core.PaymentPending && v.Booking.Status == core.BookingConfirmed:
		return b.t(t, "my.paid.due_at_session", "Amount", t.money(v.Payment.Amount))
	case v.Payment != nil:
		return b.t(t, "my.paid."+string(v.Payment.Status), "Amount", t.money(v.Payment.Amount))
	case v.Pass != nil && v.Booking.Credits > 0:
		return b.t(t, "my.paid.credits", "Count", v.Booking.Credits, "Pass", v.Pass.Name)
	}
	return ""
}

// bookingCard shows one booking with what can be done with it.
func (b *Bot) bookingCard(ctx context.Context, t *turn) error {
	v, err := b.buttonBooking(ctx, t)
	if err != nil {
		return err
	}
	text, rows := b.bookingCardView(t, v)
	t.say(text, rows...)
	return nil
}

// buttonBooking reads the client's booking named by the button's first
// argument, the start of both the card and the calendar file.
func (b *Bot) buttonBooking(ctx context.Context, t *turn) (*core.BookingView, error) {
	id, err := t.cb.argID(0)
	if err != nil {
		return nil, err
	}
	return b.svc.Bookings.MyBooking(ctx, t.client().ID, id)
}

// bookingCardView renders a booking's card: when, what, where, status,
// notes and shared links; Join, Pay, Reschedule, Cancel, Add to calendar.
func (b *Bot) bookingCardView(t *turn, v *core.BookingView) (string, [][]Button) {
	s := v.Session
	var text strings.Builder
	text.WriteString(b.t(t, "my.card.when", "Start", t.when(s.Start), "End", formatClock(s.End.In(t.loc)), "Duration", formatDuration(t.lang, s.End.Sub(s.Start))))
	text.WriteString("\n" + b.t(t, "my.card.what", "Type", v.Type.Name, "Coach", v.Coach.Name))
	upcoming := v.Upcoming(t.now)
	if s.Mode == core.ModeOnline {
		switch {
		case s.Link == "":
			text.WriteString("\n" + b.t(t, "my.card.online_nolink"))
		case upcoming && t.now.Before(s.Start.Add(-joinEarly)):
			text.WriteString("\n" + b.t(t, "my.card.online_later", "Minutes", int(joinEarly/time.Minute)))
		default:
			text.WriteString("\n" + b.t(t, "my.online"))
		}
	} else if w := b.acctWhere(t, s); w != "" {
		text.WriteString("\n" + w)
	}
	text.WriteString("\n" + b.t(t, "my.card.status", "Status", b.acctStatus(t, v)))
	if paid := b.acctPaidWith(t, v); paid != "" && v.Booking.Status != core.BookingPendingPayment && !owesAtSession(v) {
		text.WriteString(" · " + paid)
	}
	if s.Notes != "" {
		text.WriteString("\n" + b.t(t, "my.card.notes", "Notes", s.Notes))
	}
	links := acctLinks(s.Links)
	if len(s.Links) > 0 {
		text.WriteString("\n" + b.t(t, "my.card.links"))
		for _, l := range s.Links {
			text.WriteString("\n• " + linkLabel(l))
		}
	}
	var rows [][]Button
	if join, ok := b.joinButton(t, v); ok {
		rows = append(rows, row(join))
	}
	if v.Payment != nil && v.Payment.Status == core.PaymentPending && b.opts.Checkout != nil &&
		(v.Booking.Status == core.BookingPendingPayment || v.Booking.Status == core.BookingConfirmed) {
		rows = append(rows, row(b.payNowButton(t, v.Payment)))
	}
	if upcoming {
		var r []Button
		if v.Booking.Status != core.BookingWaitlisted {
			r = append(r, btn(b.t(t, "my.btn.reschedule"), actReschedule, id36(v.Booking.ID)))
		}
		r = append(r, btn(b.t(t, "my.btn.cancel"), actCancel, id36(v.Booking.ID)))
		rows = append(rows, r, row(btn(b.t(t, "my.btn.calendar"), actCalendarFile, id36(v.Booking.ID))))
	}
	for _, l := range links {
		rows = append(rows, row(Button{Label: "📎 " + l.label, URL: l.url}))
	}
	rows = append(rows, b.fileButtons(v)...)
	rows = append(rows, row(btn(b.t(t, "my.btn.back"), actMenu, "mybookings")))
	return text.String(), rows
}

// joinButton is the URL button to an online session's video link, from
// joinEarly before the start until its end.
func (b *Bot) joinButton(t *turn, v *core.BookingView) (Button, bool) {
	s := v.Session
	link := acctURL(s.Link)
	if s.Mode != core.ModeOnline || link == "" || v.Booking.Status != core.BookingConfirmed || s.Status != core.SessionScheduled ||
		t.now.Before(s.Start.Add(-joinEarly)) || !t.now.Before(s.End) {
		return Button{}, false
	}
	return Button{Label: b.t(t, "my.btn.join"), URL: link}, true
}

// acctLink is a shared document or link that can be a URL button.
type acctLink struct{ label, url string }

// acctLinks keeps the http(s) links of a session, labelled by their last
// path element or host.
func acctLinks(list []string) []acctLink {
	var out []acctLink
	for _, l := range list {
		l, title := core.SplitNote(l)
		u := acctURL(l)
		if u == "" {
			continue
		}
		p, _ := url.Parse(u)
		label := p.Host
		if base := p.Path[strings.LastIndexByte(p.Path, '/')+1:]; base != "" {
			label = base
			if un, err := url.PathUnescape(base); err == nil {
				label = un
			}
		}
		if title != "" {
			label = title // the coach's own words name it best
		}
		out = append(out, acctLink{label: label, url: u})
	}
	return out
}

// acctURL returns s if it is an absolute http(s) URL, else "".
func acctURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}

// calendarFile sends a booking as an .ics file.
func (b *Bot) calendarFile(ctx context.Context, t *turn) error {
	v, err := b.buttonBooking(ctx, t)
	if err != nil {
		return err
	}
	if !v.Upcoming(t.now) {
		t.say(b.t(t, "my.ics.over"), row(btn(b.t(t, "my.btn.back"), actMenu, "mybookings")))
		return nil
	}
	t.replies = append(t.replies, Reply{
		Text:     b.t(t, "my.ics.sent", "Session", b.acctSessionLine(t, v)),
		Document: &Document{Name: fmt.Sprintf("session-%d.ics", v.Booking.ID), MIMEType: icsMIMEType, Content: b.bookingICS(t, v)},
		Private:  t.req.ChatKind == ChatGroup || t.req.ChatKind == ChatChannel,
		Toast:    b.t(t, "my.ics.toast"),
	})
	return nil
}

// bookingICS is the iCalendar file of a booking, worded in the reader's
// language.
func (b *Bot) bookingICS(t *turn, v *core.BookingView) []byte {
	s := v.Session
	ev := icsEvent{
		UID:     fmt.Sprintf("booking-%d-session-%d@slotbot", v.Booking.ID, s.ID),
		Stamp:   t.now,
		Start:   s.Start,
		End:     s.End,
		Summary: b.t(t, "my.ics.summary", "Type", v.Type.Name, "Coach", v.Coach.Name),
	}
	var desc []string
	if s.Mode == core.ModeOnline {
		ev.Location = b.t(t, "my.ics.online")
		ev.URL = acctURL(s.Link)
		if ev.URL != "" {
			desc = append(desc, b.t(t, "my.ics.join", "Link", ev.URL))
		}
	} else {
		ev.Location = s.Place
	}
	if s.Notes != "" {
		desc = append(desc, s.Notes)
	}
	for _, l := range s.Links {
		desc = append(desc, linkLabel(l)) // a shared file by name (booking_attachment.go)
	}
	if v.Booking.Status == core.BookingWaitlisted {
		ev.Tentative = true
		desc = append([]string{b.t(t, "my.status.waitlisted", "Position", v.Position)}, desc...)
	}
	ev.Description = strings.Join(desc, "\n")
	return writeICS(ev)
}
