package webapp

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The coach's report: the numbers as JSON, each chart as SVG for the page,
// all of them as one PNG (what /report sends in chat), and CSV exports.

func (a *App) coachRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/api/report", a.authed(a.coachOnly(a.reportJSON)))
	mux.HandleFunc("GET /app/api/report/{file}", a.authed(a.coachOnly(a.reportFile)))
	mux.HandleFunc("GET /app/api/export/{file}", a.authed(a.coachOnly(a.export)))
}

// coachOnly refuses people who coach no one: 403.
func (a *App) coachOnly(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, me *who) error {
		if me.coach == nil {
			return core.NewError(core.EUNAUTHORIZED, "err.app.not_coach", "The report is for coaches.")
		}
		return h(w, r, me)
	}
}

// weeksOf reads ?weeks=, 12 by default.
func weeksOf(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("weeks"))
	if err != nil {
		return 12
	}
	return n
}

type reportWeekJSON struct {
	Start          string           `json:"start"`
	Bookings       map[string]int   `json:"bookings"`
	Attended       int              `json:"attended"`
	NoShow         int              `json:"no_show"`
	Revenue        map[string]int64 `json:"revenue"`
	CreditsSold    int              `json:"credits_sold"`
	CreditsUsed    int              `json:"credits_used"`
	CreditsExpired int              `json:"credits_expired"`
}

// chartJSON is one chart of the report: its name, its title (the
// image's text alternative) and its SVG.
type chartJSON struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	SVG   string `json:"svg"`
}

func (a *App) reportJSON(w http.ResponseWriter, r *http.Request, me *who) error {
	rep, err := a.svc.Admin.CoachReport(r.Context(), me.coach.ID, weeksOf(r))
	if err != nil {
		return err
	}
	weeks := make([]reportWeekJSON, len(rep.Weeks))
	for i, wk := range rep.Weeks {
		b := map[string]int{}
		for st, n := range wk.Bookings {
			b[string(st)] = n
		}
		weeks[i] = reportWeekJSON{Start: wk.Start.Format("2006-01-02"), Bookings: b, Attended: wk.Attended, NoShow: wk.NoShow,
			Revenue: wk.Revenue, CreditsSold: wk.CreditsSold, CreditsUsed: wk.CreditsUsed, CreditsExpired: wk.CreditsExpired}
	}
	revenue := []string{}
	for _, m := range rep.Revenue {
		revenue = append(revenue, a.revenueLine(me.lang, m))
	}
	// The charts come with the numbers, drawn for the page's theme: one
	// request and one reading of the rows for the whole report.
	charts := []chartJSON{}
	summary := a.summary(me.lang, rep)
	names := ChartNames
	if rep.Empty() {
		summary, names = a.t(me.lang, "web.report.empty"), nil // words, not blank charts
	}
	for _, name := range names {
		svg, err := a.SVG(rep, name, me.lang, r.URL.Query().Get("theme") == "dark")
		if err != nil {
			return err
		}
		charts = append(charts, chartJSON{Name: name, Title: a.chartTitle(rep, name, me.lang), SVG: string(svg)})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"coach": rep.Coach, "weeks": weeks, "currency": rep.Currency, "total": rep.Total,
		"attended": rep.Attended, "no_show": rep.NoShow, "no_show_rate": rep.NoShowRate,
		"credits_expiring": rep.CreditsExpiring, "hours": rep.Hours, "charts": charts,
		"summary": summary, "empty": rep.Empty(), "revenue": revenue,
	})
	return nil
}

// reportFile serves <chart>.svg (?theme=dark for a dark page) or
// report.png.
func (a *App) reportFile(w http.ResponseWriter, r *http.Request, me *who) error {
	file := r.PathValue("file")
	rep, err := a.svc.Admin.CoachReport(r.Context(), me.coach.ID, weeksOf(r))
	if err != nil {
		return err
	}
	if file == "report.png" {
		png, err := a.PNG(rep, me.lang)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png)
		return nil
	}
	chart, ok := strings.CutSuffix(file, ".svg")
	if !ok || !slices.Contains(ChartNames, chart) {
		return core.NewError(core.ENOTFOUND, "err.app.chart", "There is no such chart.")
	}
	svg, err := a.SVG(rep, chart, me.lang, r.URL.Query().Get("theme") == "dark")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(svg)
	return nil
}

// ReportPNG draws a coach's report of the last weeks as the chat's image;
// nil when nothing happened in them, which the chat says in words.
// Errors: those of core.Admin.CoachReport.
func (a *App) ReportPNG(ctx context.Context, coachID int64, weeks int, lang string) ([]byte, error) {
	rep, err := a.svc.Admin.CoachReport(ctx, coachID, weeks)
	if err != nil || rep.Empty() {
		return nil, err
	}
	return a.PNG(rep, lang)
}

// ExportKinds are the CSV files a coach can export.
var ExportKinds = []string{"bookings", "payments", "clients"}

func (a *App) export(w http.ResponseWriter, r *http.Request, me *who) error {
	kind, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok || !slices.Contains(ExportKinds, kind) {
		return core.NewError(core.ENOTFOUND, "err.app.export", "There is no such export.")
	}
	data, err := a.ExportCSV(r.Context(), me.coach.ID, kind)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="slotbot-`+kind+`.csv"`)
	_, _ = w.Write(data)
	return nil
}

// ExportCSV writes one of ExportKinds of the coach's rows as CSV (UTC
// times, RFC 3339; money in major units with its currency). Errors:
// those of core.Admin.CoachExport, ENOTFOUND for another kind.
func (a *App) ExportCSV(ctx context.Context, coachID int64, kind string) ([]byte, error) {
	x, err := a.svc.Admin.CoachExport(ctx, coachID)
	if err != nil {
		return nil, err
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	var rows [][]string
	switch kind {
	case "bookings":
		rows = append(rows, []string{"booking_id", "session_id", "session_start", "session_type", "capacity", "client_id", "client", "status", "credits", "payment_id", "booked_at"})
		for _, b := range x.Bookings {
			rows = append(rows, []string{id(b.BookingID), id(b.SessionID), ts(b.SessionStart), b.TypeName, strconv.Itoa(b.Capacity),
				id(b.ClientID), b.ClientName, string(b.Status), strconv.Itoa(b.Credits), id(b.PaymentID), ts(b.Created)})
		}
	case "payments":
		rows = append(rows, []string{"payment_id", "client_id", "purpose", "amount", "currency", "method", "status", "booking_id", "package_id", "created_at", "paid_at"})
		for _, p := range x.Payments {
			amount := strings.TrimSpace(strings.TrimPrefix(p.Amount.String(), p.Amount.Currency))
			if p.Amount.IsZero() {
				amount = "0"
			}
			rows = append(rows, []string{id(p.ID), id(p.ClientID), p.Purpose, amount, p.Amount.Currency, p.Method, string(p.Status),
				id(p.BookingID), id(p.PackageID), ts(p.Created), ts(p.PaidAt)})
		}
	case "clients":
		rows = append(rows, []string{"client_id", "name", "email", "phone", "zone", "language", "since"})
		for _, c := range x.Clients {
			rows = append(rows, []string{id(c.ID), c.Name, c.Email, c.Phone, c.Zone, c.Language, ts(c.Created)})
		}
	default:
		return nil, core.NewError(core.ENOTFOUND, "err.app.export", "There is no such export.")
	}
	for _, row := range rows {
		for i, cell := range row {
			row[i] = defuse(cell)
		}
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// defuse keeps a spreadsheet from running a cell as a formula (a client
// named "=HYPERLINK(…)").
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}
