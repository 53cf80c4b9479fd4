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

// registerMyBookings registers /mybookings, /history and a booking's card.
func (b *Bot) registerMyBookings() {
	b.command("mybookings", b.myBookings)
	b.command("history", func(ctx context.Context, t *turn) error { return b.history(ctx, t, 0) })
	b.action("bv", b.bookingCard)   // bv:<booking>
	b.action("ics", b.calendarFile) // ics:<booking>
	// dg:<booking>:<index>: a shared file again (attachment.go)
	b.action("dg", b.sendSharedFile)
	b.action("hi", func(ctx context.Context, t *turn) error {
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
	mine, err := b.svc.MyBookings(ctx, t.client().ID)
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
			r := row(btn(label, "bv", id36(v.Booking.ID)))
			if join, ok := b.joinButton(t, v); ok {
				r = append(r, join)
			}
			rows = append(rows, r)
		}
		if n := len(mine.Upcoming) - upcomingShown; n > 0 {
			text.WriteString("\n" + b.t(t, "my.bookings.more_upcoming", n))
		}
	}
	if len(mine.Past) > 0 {
		text.WriteString("\n\n" + b.t(t, "my.bookings.past"))
		for _, v := range mine.Past[:min(len(mine.Past), recentPast)] {
			fmt.Fprintf(&text, "\n• %s · %s", b.acctSessionLine(t, v), b.acctStatus(t, v))
		}
		if len(mine.Past) > recentPast {
			text.WriteString("\n" + b.t(t, "my.bookings.more_past", len(mine.Past)-recentPast))
		}
		rows = append(rows, row(btn(b.t(t, "my.btn.history"), "hi", "0")))
	}
	rows = append(rows, row(btn(b.t(t, "menu.book"), "m", "book"), btn(b.t(t, "menu.classes"), "m", "classes")))
	t.say(text.String(), rows...)
	return nil
}

// history pages through past sessions with their payment status.
func (b *Bot) history(ctx context.Context, t *turn, page int) error {
	mine, err := b.svc.MyBookings(ctx, t.client().ID)
	if err != nil {
		return err
	}
	past := mine.Past
	if len(past) == 0 {
		t.say(b.t(t, "my.history.none"), row(btn(b.t(t, "menu.book"), "m", "book")))
		return nil
	}
	pages := (len(past) + historyPage - 1) / historyPage
	if page >= pages {
		page = pages - 1
	}
	var text strings.Builder
	text.WriteString(b.t(t, "my.history.title", page+1, pages))
	for _, v := range past[page*historyPage : min(len(past), (page+1)*historyPage)] {
		fmt.Fprintf(&text, "\n• %s\n   %s", b.acctSessionLine(t, v), b.acctStatus(t, v))
		if paid := b.acctPaidWith(t, v); paid != "" {
			text.WriteString(" · " + paid)
		}
		if v.Booking.Reason != "" && !v.Booking.Status.Active() && v.Booking.RescheduledTo == 0 {
			text.WriteString(" · " + b.t(t, "my.history.reason", b.cancelReasonLabel(t, v.Booking.Reason)))
		}
	}
	var nav []Button
	if page > 0 {
		nav = append(nav, btn(b.t(t, "my.btn.newer"), "hi", strconv.Itoa(page-1)))
	}
	if page+1 < pages {
		nav = append(nav, btn(b.t(t, "my.btn.older"), "hi", strconv.Itoa(page+1)))
	}
	rows := [][]Button{}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	rows = append(rows, row(btn(b.t(t, "my.btn.receipts"), "m", "payments"), btn(b.t(t, "menu.mybookings"), "m", "mybookings")))
	t.say(text.String(), rows...)
	return nil
}

// acctPaidWith says how a booking was paid: credits, or the payment's
// state.
func (b *Bot) acctPaidWith(t *turn, v *core.BookingView) string {
	switch {
	case v.Payment != nil:
		return b.t(t, "my.paid."+string(v.Payment.Status), t.money(v.Payment.Amount))
	case v.Pass != nil && v.Booking.Credits > 0:
		return b.cat.plural(t.lang, "my.paid.credits", v.Booking.Credits, v.Pass.Name)
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
	return b.svc.MyBooking(ctx, t.client().ID, id)
}

// bookingCardView renders a booking's card: when, what, where, status,
// notes and shared links; Join, Pay, Reschedule, Cancel, Add to calendar.
func (b *Bot) bookingCardView(t *turn, v *core.BookingView) (string, [][]Button) {
	s := v.Session
	var text strings.Builder
	text.WriteString(b.t(t, "my.card.when", t.when(s.Start), formatClock(s.End.In(t.loc)), formatDuration(s.End.Sub(s.Start))))
	text.WriteString("\n" + b.t(t, "my.card.what", v.Type.Name, v.Coach.Name))
	upcoming := v.Upcoming(t.now)
	if s.Mode == core.ModeOnline {
		switch {
		case s.Link == "":
			text.WriteString("\n" + b.t(t, "my.card.online_nolink"))
		case upcoming && t.now.Before(s.Start.Add(-joinEarly)):
			text.WriteString("\n" + b.t(t, "my.card.online_later", int(joinEarly/time.Minute)))
		default:
			text.WriteString("\n" + b.t(t, "my.online"))
		}
	} else if w := b.acctWhere(t, s); w != "" {
		text.WriteString("\n" + w)
	}
	text.WriteString("\n" + b.t(t, "my.card.status", b.acctStatus(t, v)))
	if paid := b.acctPaidWith(t, v); paid != "" && v.Booking.Status != core.BookingPendingPayment {
		text.WriteString(" · " + paid)
	}
	if s.Notes != "" {
		text.WriteString("\n" + b.t(t, "my.card.notes", s.Notes))
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
	if v.Payment != nil && v.Booking.Status == core.BookingPendingPayment && b.opts.Checkout != nil {
		rows = append(rows, row(b.payNowButton(t, v.Payment)))
	}
	if upcoming {
		var r []Button
		if v.Booking.Status != core.BookingWaitlisted {
			r = append(r, btn(b.t(t, "my.btn.reschedule"), "rs", id36(v.Booking.ID)))
		}
		r = append(r, btn(b.t(t, "my.btn.cancel"), "cx", id36(v.Booking.ID)))
		rows = append(rows, r, row(btn(b.t(t, "my.btn.calendar"), "ics", id36(v.Booking.ID))))
	}
	for _, l := range links {
		rows = append(rows, row(Button{Label: "📎 " + l.label, URL: l.url}))
	}
	rows = append(rows, b.fileButtons(v)...)
	rows = append(rows, row(btn(b.t(t, "my.btn.back"), "m", "mybookings")))
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
		t.say(b.t(t, "my.ics.over"), row(btn(b.t(t, "my.btn.back"), "m", "mybookings")))
		return nil
	}
	t.replies = append(t.replies, Reply{
		Text:     b.t(t, "my.ics.sent", b.acctSessionLine(t, v)),
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
		Summary: b.t(t, "my.ics.summary", v.Type.Name, v.Coach.Name),
	}
	var desc []string
	if s.Mode == core.ModeOnline {
		ev.Location = b.t(t, "my.ics.online")
		ev.URL = acctURL(s.Link)
		if ev.URL != "" {
			desc = append(desc, b.t(t, "my.ics.join", ev.URL))
		}
	} else {
		ev.Location = s.Place
	}
	if s.Notes != "" {
		desc = append(desc, s.Notes)
	}
	for _, l := range s.Links {
		desc = append(desc, linkLabel(l)) // a shared file by name (attachment.go)
	}
	if v.Booking.Status == core.BookingWaitlisted {
		ev.Tentative = true
		desc = append([]string{b.t(t, "my.status.waitlisted", v.Position)}, desc...)
	}
	ev.Description = strings.Join(desc, "\n")
	return writeICS(ev)
}

// myBookingsTexts are the texts of /mybookings, /history and the card.
func myBookingsTexts() map[string][2]string {
	return map[string][2]string{
		"my.bookings.title":         {"🗂 Your bookings", "🗂 Vos réservations"},
		"my.bookings.none":          {"You have no upcoming sessions. Book one?", "Vous n'avez aucune séance à venir. En réserver une ?"},
		"my.bookings.upcoming":      {"Upcoming — tap one to reschedule, cancel, join or add it to your calendar:", "À venir — touchez-en une pour la déplacer, l'annuler, la rejoindre ou l'ajouter à votre agenda :"},
		"my.bookings.past":          {"Past", "Passées"},
		"my.bookings.more_upcoming": {"…and %[1]d more later.", "…et %[1]d de plus ensuite."},
		"my.bookings.more_past":     {"…and %[1]d more in /history.", "…et %[1]d de plus dans /history."},
		"my.session_line":           {"%[1]s — %[2]s with %[3]s", "%[1]s — %[2]s avec %[3]s"},
		"my.online":                 {"💻 Online", "💻 En ligne"},
		"my.status.confirmed":       {"✅ Confirmed", "✅ Confirmée"},
		"my.status.waitlisted":      {"⏳ Waitlist, position %[1]d", "⏳ Liste d'attente, position %[1]d"},
		"my.status.pending":         {"💳 Awaiting payment of %[1]s", "💳 En attente du paiement de %[1]s"},
		"my.status.pending_until": {"💳 Awaiting payment of %[1]s — held until %[2]s",
			"💳 En attente du paiement de %[1]s — place gardée jusqu'au %[2]s"},
		"my.status.completed":         {"✔️ Completed", "✔️ Effectuée"},
		"my.status.cancelled":         {"❌ Cancelled", "❌ Annulée"},
		"my.status.late_cancelled":    {"❌ Cancelled late", "❌ Annulée tardivement"},
		"my.status.no_show":           {"🚫 No-show", "🚫 Absence"},
		"my.status.moved":             {"↪️ Moved to another time", "↪️ Déplacée à un autre horaire"},
		"my.status.session_cancelled": {"❌ Cancelled by the coach", "❌ Annulée par le coach"},
		"my.status.ended":             {"⌛ Ended", "⌛ Terminée"},
		"my.paid.pending":             {"💳 %[1]s due", "💳 %[1]s à régler"},
		"my.paid.paid":                {"💳 %[1]s paid", "💳 %[1]s payé"},
		"my.paid.refunded":            {"↩️ %[1]s refunded", "↩️ %[1]s remboursé"},
		"my.paid.cancelled":           {"💳 payment dropped", "💳 paiement annulé"},
		"my.paid.credits.one":         {"🎟 %[1]d credit from “%[2]s”", "🎟 %[1]d crédit de « %[2]s »"},
		"my.paid.credits.other":       {"🎟 %[1]d credits from “%[2]s”", "🎟 %[1]d crédits de « %[2]s »"},
		"my.history.title":            {"📜 Your past sessions (page %[1]d of %[2]d)", "📜 Vos séances passées (page %[1]d sur %[2]d)"},
		"my.history.none":             {"You have no past sessions yet.", "Vous n'avez pas encore de séance passée."},
		"my.history.reason":           {"reason: %[1]s", "motif : %[1]s"},
		"my.card.when":                {"📅 %[1]s–%[2]s (%[3]s)", "📅 %[1]s–%[2]s (%[3]s)"},
		"my.card.what":                {"%[1]s with %[2]s", "%[1]s avec %[2]s"},
		"my.card.online_nolink":       {"💻 Online — your coach will share the link.", "💻 En ligne — votre coach partagera le lien."},
		"my.card.online_later": {"💻 Online — the Join button appears %[1]d minutes before the start.",
			"💻 En ligne — le bouton Rejoindre apparaît %[1]d minutes avant le début."},
		"my.card.status":    {"Status: %[1]s", "Statut : %[1]s"},
		"my.card.notes":     {"📝 %[1]s", "📝 %[1]s"},
		"my.card.links":     {"📎 Documents and links from your coach:", "📎 Documents et liens de votre coach :"},
		"my.btn.join":       {"🔗 Join now", "🔗 Rejoindre"},
		"my.btn.reschedule": {"🔁 Reschedule", "🔁 Déplacer"},
		"my.btn.cancel":     {"❌ Cancel", "❌ Annuler"},
		"my.btn.calendar":   {"📅 Add to calendar", "📅 Ajouter à l'agenda"},
		"my.btn.back":       {"« My bookings", "« Mes réservations"},
		"my.btn.history":    {"📜 History", "📜 Historique"},
		"my.btn.newer":      {"‹ Newer", "‹ Plus récentes"},
		"my.btn.older":      {"Older ›", "Plus anciennes ›"},
		"my.btn.receipts":   {"💳 Receipts", "💳 Reçus"},
		"my.ics.sent": {"Here is %[1]s as a calendar file: open it to add it to your calendar.",
			"Voici %[1]s en fichier agenda : ouvrez-le pour l'ajouter à votre agenda."},
		"my.ics.toast":   {"Calendar file sent.", "Fichier agenda envoyé."},
		"my.ics.over":    {"This session is no longer upcoming.", "Cette séance n'est plus à venir."},
		"my.ics.summary": {"%[1]s with %[2]s", "%[1]s avec %[2]s"},
		"my.ics.online":  {"Online", "En ligne"},
		"my.ics.join":    {"Join: %[1]s", "Rejoindre : %[1]s"},
	}
}
