package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The calendar Mini App from the chat: a "🗓 Calendar" button under /book
// and /classes (a Telegram Mini App button, or elsewhere a button that
// gives a one-use link), /report (the coach's charts as an image) and
// /export (their rows as CSV files). The app itself is an adapter
// (adapters/webapp); cmd hands it to the bot as Options.WebApp.

// WebApp is the calendar Mini App as the chat offers it.
type WebApp interface {
	// TelegramURL is the address a Telegram Mini App button opens, in
	// lang; "" when Telegram cannot open it (no public https address).
	TelegramURL(lang string) string
	// Link issues a one-use link for the client, valid for
	// core.AppLinkTTL; view "report" opens a coach's report.
	Link(ctx context.Context, clientID int64, lang, view string) (string, time.Time, error)
	// ReportPNG draws a coach's report of the last weeks; nil (and no
	// error) when nothing happened in them (core.Report.Empty).
	ReportPNG(ctx context.Context, coachID int64, weeks int, lang string) ([]byte, error)
	// ExportCSV writes one kind of the coach's rows (bookings, payments,
	// clients) as CSV.
	ExportCSV(ctx context.Context, coachID int64, kind string) ([]byte, error)
}

// exportKinds are the CSV files /export sends, in order.
var exportKinds = []string{"bookings", "payments", "clients"}

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actAppLink = "wapp" // wapp[:report]: a one-use link to the page
	actReport  = "rep"  // rep:<weeks>
)

// registerWebApp adds the calendar button's link, /report and /export.
func (b *Bot) registerWebApp() {
	b.action(actAppLink, b.appLink)
	b.command("report", b.asCoach(b.report))
	b.action(actReport, b.asCoach(b.reportButton))
	b.command("export", b.asCoach(b.export))
}

// calendarButton is the "🗓 Calendar" button for the turn's platform:
// Telegram opens the Mini App over the chat; elsewhere the button asks
// for a one-use link. None without a Mini App.
func (b *Bot) calendarButton(t *turn) (Button, bool) {
	if b.opts.WebApp == nil {
		return Button{}, false
	}
	label := b.t(t, "app.btn.calendar")
	if t.req.Platform == "telegram" && t.req.ChatKind != ChatGroup && t.req.ChatKind != ChatChannel {
		if u := b.opts.WebApp.TelegramURL(t.lang); u != "" {
			return Button{Label: label, WebApp: u}, true
		}
	}
	return btn(label, actAppLink), true
}

// withCalendar adds the calendar button under the last reply h gives.
func (b *Bot) withCalendar(h handler) handler {
	return func(ctx context.Context, t *turn) error {
		if err := h(ctx, t); err != nil {
			return err
		}
		if cal, ok := b.calendarButton(t); ok && len(t.replies) > 0 {
			r := &t.replies[len(t.replies)-1]
			r.Buttons = append(r.Buttons, row(cal))
		}
		return nil
	}
}

// appLink gives the person a link to the page for them only, once, for
// 15 minutes, privately.
func (b *Bot) appLink(ctx context.Context, t *turn) error {
	if b.opts.WebApp == nil {
		return ErrStaleButton
	}
	view := ""
	if len(t.cb.Args) > 0 && t.cb.Args[0] == "report" && t.person.Coach != nil {
		view = "report"
	}
	link, _, err := b.opts.WebApp.Link(ctx, t.client().ID, t.lang, view)
	if err != nil {
		return err
	}
	minutes := int(core.AppLinkTTL / time.Minute)
	t.replies = append(t.replies, Reply{Text: b.t(t, "app.link", "Link", link, "Minutes", minutes),
		Buttons: [][]Button{row(Button{Label: b.t(t, "app.btn.open"), URL: link})}, Private: true})
	return nil
}

// report sends the coach's charts of the last 12 weeks as an image, with
// buttons for 4 and 52 weeks.
func (b *Bot) report(ctx context.Context, t *turn, coach *core.Coach) error {
	weeks := 12
	if arg := strings.TrimSpace(t.req.Args); arg != "" {
		n, err := strconv.Atoi(arg)
		if err != nil {
			return core.NewError(core.EINVALID, "err.report.weeks", "A report covers 4, 12 or 52 weeks.")
		}
		weeks = n
	}
	return b.sendReport(ctx, t, coach, weeks)
}

// reportButton is /report for another period.
func (b *Bot) reportButton(ctx context.Context, t *turn, coach *core.Coach) error {
	if len(t.cb.Args) != 1 {
		return ErrStaleButton
	}
	weeks, err := strconv.Atoi(t.cb.Args[0])
	if err != nil {
		return ErrStaleButton
	}
	return b.sendReport(ctx, t, coach, weeks)
}

func (b *Bot) sendReport(ctx context.Context, t *turn, coach *core.Coach, weeks int) error {
	if b.opts.WebApp == nil {
		t.say(b.t(t, "app.off"), row(b.backToMenu(t)))
		return nil
	}
	png, err := b.opts.WebApp.ReportPNG(ctx, coach.ID, weeks, t.lang)
	if err != nil {
		return err
	}
	var periods []Button
	for _, n := range core.ReportWeeks {
		if n != weeks {
			periods = append(periods, btn(b.t(t, "app.btn.weeks", "Count", n), actReport, strconv.Itoa(n)))
		}
	}
	rows := [][]Button{periods}
	if cal, ok := b.calendarButton(t); ok {
		if cal.Data != "" {
			cal = btn(cal.Label, actAppLink, "report")
		}
		rows = append(rows, row(cal))
	}
	if png == nil {
		t.replies = append(t.replies, Reply{Text: b.t(t, "app.report.empty", "Count", weeks), Buttons: rows, Private: true})
		return nil
	}
	t.replies = append(t.replies, Reply{Text: b.t(t, "app.report", "Count", weeks), Buttons: rows, Private: true,
		Document: &Document{Name: "report-" + strconv.Itoa(weeks) + "w.png", MIMEType: "image/png", Content: png}})
	return nil
}

// export sends the coach's bookings, payments and clients as CSV files.
func (b *Bot) export(ctx context.Context, t *turn, coach *core.Coach) error {
	if b.opts.WebApp == nil {
		t.say(b.t(t, "app.off"), row(b.backToMenu(t)))
		return nil
	}
	for _, kind := range exportKinds {
		data, err := b.opts.WebApp.ExportCSV(ctx, coach.ID, kind)
		if err != nil {
			return err
		}
		t.replies = append(t.replies, Reply{Text: b.t(t, "app.export."+kind), Private: true,
			Document: &Document{Name: "slotbot-" + kind + ".csv", MIMEType: "text/csv", Content: data}})
	}
	return nil
}

// ErrorText words err for a person reading lang, as the chat would (the
// catalog's text for a domain error, an apology for anything else), for
// the Mini App's pages.
func (b *Bot) ErrorText(lang string, err error) string {
	return b.errText(&turn{lang: Language(lang), loc: time.UTC}, err)
}
