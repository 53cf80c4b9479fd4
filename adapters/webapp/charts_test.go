package webapp

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// TestChartNumbersMatchRows: what each chart draws is the studio's rows
// added up (storetest.ReportStudio's known bookings, attendance,
// payments and credits).
func TestChartNumbersMatchRows(t *testing.T) {
	e := newEnv(t)
	r, err := e.studio.Svc.Admin.CoachReport(e.ctx, e.studio.Coach.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	get := func(chart, key string) []float64 {
		for _, s := range ChartSeries(r, chart) {
			if s.Key == key {
				return s.Values
			}
		}
		t.Fatalf("%s has no series %q", chart, key)
		return nil
	}
	check := func(chart, key string, want ...float64) {
		t.Helper()
		got := get(chart, key)
		if len(got) != len(want) {
			t.Fatalf("%s/%s = %v, want %v", chart, key, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s/%s = %v, want %v", chart, key, got, want)
				return
			}
		}
	}
	check("bookings", "completed", 0, 2, 0, 0)
	check("bookings", "no_show", 0, 1, 0, 0)
	check("bookings", "confirmed", 0, 0, 0, 1) // Dan's class, booked this week
	for _, s := range ChartSeries(r, "bookings") {
		if s.Key == string(core.BookingCancelled) {
			t.Errorf("a status with no bookings is drawn: %v", s)
		}
	}
	check("attendance", "attended", 0, storetest.StudioAttended, 0, 0)
	check("attendance", "no_show", 0, storetest.StudioNoShow, 0, 0)
	check("revenue", core.MethodManual, 0, storetest.StudioCashMinor/100, 0, 0)
	check("revenue", core.MethodStripe, 0, 0, 0, storetest.StudioStripeMinor/100)
	check("credits", "sold", 0, storetest.StudioSoldWeek1, 2, storetest.StudioSoldWeek3)
	check("credits", "used", 0, storetest.StudioUsedWeek1, 0, storetest.StudioUsedWeek3)
	check("credits", "expired", 0, 0, storetest.StudioExpiredWeek2, 0)
	if tue := get("hours", "1"); tue[10] != 3 {
		t.Errorf("Tuesday 10:00 = %v, want 3", tue[10])
	}
	if wed := get("hours", "2"); wed[10] != 1 {
		t.Errorf("Wednesday 10:00 = %v, want 1", wed[10])
	}
}

// TestChartImages: the chat's PNG decodes at its stated size, each SVG
// carries its title in the person's language, and the page's endpoints
// serve them to the coach.
func TestChartImages(t *testing.T) {
	e := newEnv(t)
	for _, lang := range bot.Languages() {
		data, err := e.app.ReportPNG(e.ctx, e.studio.Coach.ID, 52, lang)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != ImageWidthPx || b.Dy() != ImageHeightPx {
			t.Fatalf("%s: PNG is %v, stated %dx%d", lang, b, ImageWidthPx, ImageHeightPx)
		}
	}
	ana := e.pageAuth(e.studio.Coach.ClientID)
	titles := map[string]string{"bookings": "Bookings per week, by status", "attendance": "Attendance (no-show rate 33%)",
		"revenue": "Revenue by method (EUR)", "credits": "Credits: 3 expiring in the next 4 weeks", "hours": "Busiest hours"}
	for _, name := range ChartNames {
		code, res := e.call("GET", "/app/api/report/"+name+".svg?weeks=4", ana, nil)
		svg, _ := res["body"].(string)
		if code != http.StatusOK || res["type"] != "image/svg+xml" || !strings.Contains(svg, "<svg") || !strings.Contains(svg, titles[name]) ||
			strings.Contains(svg, "#-") { // an invalid colour, painted black by browsers
			t.Errorf("%s.svg: %d %v %.200s", name, code, res["type"], svg)
		}
		if !regexp.MustCompile(`fill="#(2e7d32|1565c0|635bff|c62828)"`).MatchString(svg) && name != "hours" {
			t.Errorf("%s.svg draws no bar", name)
		}
		if name == "hours" && !strings.Contains(svg, `fill="#1b5e20"`) { // Tuesday 10:00, the busiest hour
			t.Errorf("hours.svg has no cell of the busiest hour")
		}
	}
	code, res := e.call("GET", "/app/api/report/report.png?weeks=12", ana, nil)
	if code != http.StatusOK || res["type"] != "image/png" {
		t.Fatalf("report.png: %d %v", code, res["type"])
	}
	code, rep := e.call("GET", "/app/api/report?weeks=4", ana, nil)
	weeks, _ := rep["weeks"].([]any)
	if code != http.StatusOK || len(weeks) != 4 || rep["summary"] != "4 bookings · 2 attended · no-show rate 33%" {
		t.Fatalf("report: %d %v", code, rep)
	}
	if this := weeks[3].(map[string]any)["bookings"].(map[string]any); this["confirmed"] != 1.0 {
		t.Fatalf("this week's bookings = %v", this)
	}
	if code, _ := e.call("GET", "/app/api/report?weeks=5", ana, nil); code != http.StatusBadRequest {
		t.Fatalf("5 weeks: %d", code)
	}
}

// TestChartImagePixels: the chat's image, in each language, has every
// chart's colours where a coach looks for them: each status's bars, both
// payment methods', the credits' lines, the busiest hour's dark green,
// and dark text in every tile's title band and the totals tile.
func TestChartImagePixels(t *testing.T) {
	e := newEnv(t)
	for _, lang := range bot.Languages() {
		data, err := e.app.ReportPNG(e.ctx, e.studio.Coach.ID, 4, lang)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		count := func(r image.Rectangle, c color.RGBA) int {
			n := 0
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					if color.RGBAModel.Convert(img.At(x, y)) == c {
						n++
					}
				}
			}
			return n
		}
		w, h := ImageWidthPx/imageCols, ImageHeightPx/imageRows
		tile := func(i int) image.Rectangle {
			return image.Rect(i%imageCols*w, i/imageCols*h, (i%imageCols+1)*w, (i/imageCols+1)*h)
		}
		want := []struct {
			tile int
			what string
			c    color.RGBA
			min  int
		}{
			{0, "confirmed bars", statusColors[core.BookingConfirmed], 50},
			{0, "completed bars", statusColors[core.BookingCompleted], 50},
			{0, "no-show bars", statusColors[core.BookingNoShow], 50},
			{1, "attended bars", seriesColors["attended"], 50},
			{2, "Stripe bars", seriesColors["stripe"], 50},
			{2, "cash bars", seriesColors["manual"], 50},
			{3, "credits sold", seriesColors["sold"], 20},
			{3, "credits used", seriesColors["used"], 20},
			{3, "credits expired", seriesColors["expired"], 20},
			{4, "the busiest hour", color.RGBA{27, 94, 32, 0xff}, 200},
		}
		for _, c := range want {
			if n := count(tile(c.tile), c.c); n < c.min {
				t.Errorf("%s: %s: %d pixels of %v, want %d or more", lang, c.what, n, c.c, c.min)
			}
		}
		text := themeFor(false).fg
		for i := range ChartNames {
			band := tile(i)
			band.Max.Y = band.Min.Y + 28
			if n := count(band, text); n < 30 {
				t.Errorf("%s: tile %d has %d pixels of title text", lang, i, n)
			}
		}
		if n := count(tile(len(ChartNames)), text); n < 300 {
			t.Errorf("%s: the totals tile has %d pixels of text", lang, n)
		}
	}
}

// textCanvas keeps the texts a chart writes, measured as the page's SVG
// measures them.
type textCanvas struct {
	svgCanvas
	texts []string
}

func (c *textCanvas) text(x, y float64, s string, size float64, col color.RGBA, a anchor) {
	c.texts = append(c.texts, s)
}

// TestChartWordsHaveGlyphs: every word the charts and the chat image's
// totals write, in every language, is in the charts' font, so French
// accents, the narrow space before % and Russian's Cyrillic show as
// letters, not boxes.
func TestChartWordsHaveGlyphs(t *testing.T) {
	e := newEnv(t)
	r, err := e.studio.Svc.Admin.CoachReport(e.ctx, e.studio.Coach.ID, 12)
	if err != nil {
		t.Fatal(err)
	}
	f, err := e.app.font.load()
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, lang := range bot.Languages() {
		cv := &textCanvas{svgCanvas: svgCanvas{font: f}}
		for _, name := range ChartNames {
			c, err := e.app.chart(r, name, lang)
			if err != nil {
				t.Fatal(err)
			}
			c.draw(cv, box{0, 0, chartW, chartH}, themeFor(false), c.labelWidth(cv))
		}
		texts := append(cv.texts, e.app.totals(r, lang)...)
		if len(texts) < 40 {
			t.Fatalf("%s: only %d texts drawn: %q", lang, len(texts), texts)
		}
		for _, s := range texts {
			for _, ch := range s {
				if g, err := f.GlyphIndex(&buf, ch); err != nil || g == 0 {
					t.Errorf("%s: %q has no glyph for %q", lang, s, ch)
				}
			}
		}
		if lang == "ru" && !slices.Contains(texts, "вт") {
			t.Errorf("ru: no Tuesday row in %q", texts)
		}
	}
}

// TestFontParsedOnFirstChart: a server that draws no chart, serving the
// report's page among others, never parses the charts' font; the first
// chart does.
func TestFontParsedOnFirstChart(t *testing.T) {
	e := newEnv(t)
	res, err := http.Get(e.srv.URL + "/app/report?lang=ru")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the report's page: %v %v", err, res)
	}
	res.Body.Close()
	if e.app.font.font != nil {
		t.Fatal("the font was parsed before any chart was drawn")
	}
	if code, _ := e.call("GET", "/app/api/report/hours.svg?weeks=4", e.pageAuth(e.studio.Coach.ClientID), nil); code != http.StatusOK {
		t.Fatalf("hours.svg: %d", code)
	}
	if e.app.font.font == nil {
		t.Fatal("a chart was drawn without the font")
	}
}

// TestReportOfANewCoach: a coach with nothing in the period gets words,
// in their language, not blank charts: the page's summary says so and
// draws none, and the chat's image is not drawn.
func TestReportOfANewCoach(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ lang, want string }{
		{"en", "No bookings in this period yet. Your charts fill in as clients book."},
		{"fr", "Aucune réservation sur cette période pour l’instant. Vos graphiques se rempliront au fil des réservations."},
		{"ru", "За этот период записей пока нет. Графики заполнятся, когда клиенты начнут записываться."},
	} {
		me := &core.Client{Name: "Léa " + c.lang, Zone: "Europe/Paris", Language: c.lang}
		if err := e.studio.Svc.Accounts.CreateClient(e.ctx, me); err != nil {
			t.Fatal(err)
		}
		coach := &core.Coach{Name: "Léa " + c.lang, Zone: "Europe/Paris", ClientID: me.ID, Policy: core.DefaultPolicy()}
		if err := e.studio.Svc.Accounts.CreateCoach(e.ctx, coach); err != nil {
			t.Fatal(err)
		}
		code, rep := e.call("GET", "/app/api/report?weeks=12", e.pageAuth(me.ID), nil)
		charts, _ := rep["charts"].([]any)
		if code != http.StatusOK || rep["summary"] != c.want || rep["empty"] != true || len(charts) != 0 {
			t.Fatalf("%s: %d %v", c.lang, code, rep)
		}
		if png, err := e.app.ReportPNG(e.ctx, coach.ID, 12, c.lang); err != nil || png != nil {
			t.Fatalf("%s: chat image of nothing: %d bytes, %v", c.lang, len(png), err)
		}
	}
	code, rep := e.call("GET", "/app/api/report?weeks=12", e.pageAuth(e.studio.Coach.ClientID), nil)
	if charts, _ := rep["charts"].([]any); code != http.StatusOK || rep["empty"] != false || len(charts) != len(ChartNames) {
		t.Fatalf("a coach with bookings: %d %v", code, rep)
	}
}

// TestExportCSV: the coach's rows as CSV, one line per row.
func TestExportCSV(t *testing.T) {
	e := newEnv(t)
	ana := e.pageAuth(e.studio.Coach.ClientID)
	want := map[string]struct {
		header string
		rows   int
		has    string
	}{
		"bookings": {"booking_id,session_id,session_start,session_type,capacity,client_id,client,status,credits,payment_id,booked_at", 4, ",Dan,confirmed,1,,2026-06-01T08:00:00Z"},
		"payments": {"payment_id,client_id,purpose,amount,currency,method,status,booking_id,package_id,created_at,paid_at", 2, ",package,400.00,EUR,stripe,paid,"},
		"clients":  {"client_id,name,email,phone,zone,language,since", 5, ",Eve,,,Europe/Paris,en,"},
	}
	for kind, w := range want {
		code, res := e.call("GET", "/app/api/export/"+kind+".csv", ana, nil)
		body, _ := res["body"].(string)
		lines := strings.Split(strings.TrimSpace(body), "\n")
		if code != http.StatusOK || lines[0] != w.header || len(lines) != w.rows+1 || !strings.Contains(body, w.has) {
			t.Errorf("%s.csv: %d\n%s", kind, code, body)
		}
	}
	if got := defuse("=HYPERLINK(\"x\")"); got != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula not defused: %q", got)
	}
	if got := defuse("-12.50"); got != "-12.50" {
		t.Errorf("number defused: %q", got)
	}
}

// TestPageTextsFromTheCatalog: the page's texts are the chat's catalog's
// (bot/locales), in the person's language with its plural forms, for the
// template and the script alike.
func TestPageTextsFromTheCatalog(t *testing.T) {
	e := newEnv(t)
	res, err := http.Get(e.srv.URL + "/app/?lang=ru")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(res.Body)
	res.Body.Close()
	page := buf.String()
	if want := ">" + bot.Text("ru", "web.tab.bookings") + "</button>"; !strings.Contains(page, want) || !strings.Contains(want, "Мои записи") {
		t.Errorf("the Russian page lacks %q", want)
	}
	m := regexp.MustCompile(`<script type="application/json" id="texts">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no texts for the script")
	}
	var texts map[string]any
	if err := json.Unmarshal([]byte(m[1]), &texts); err != nil {
		t.Fatal(err)
	}
	forms, _ := texts["web.day.open"].(map[string]any)
	for form, want := range map[string]string{"one": "{{.Count}} свободное окно", "few": "{{.Count}} свободных окна", "many": "{{.Count}} свободных окон"} {
		if forms[form] != want {
			t.Errorf("web.day.open %s = %v, want %q", form, forms[form], want)
		}
	}
	if texts["web.summary.back"] != bot.Text("ru", "web.summary.back") {
		t.Errorf("web.summary.back = %v", texts["web.summary.back"])
	}
	for k := range texts {
		if !strings.HasPrefix(k, "web.") {
			t.Errorf("the page carries %q, not one of its own texts", k)
		}
	}
}

// TestPage: the page is in the language asked, loads Telegram's script as
// documented and its own assets by content hash, and carries its texts.
func TestPage(t *testing.T) {
	e := newEnv(t)
	for lang, title := range map[string]string{"en": "Calendar", "fr": "Calendrier", "ru": "Календарь", "de": "Calendar"} {
		res, err := http.Get(e.srv.URL + "/app/?lang=" + lang)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(res.Body)
		res.Body.Close()
		page := buf.String()
		for _, want := range []string{"<title>" + title + "</title>", `<script src="https://telegram.org/js/telegram-web-app.js"></script>`,
			`/app/static/app.js?v=` + e.app.assets["app.js"].hash, `id="texts"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", lang, want)
			}
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' https://telegram.org") {
			t.Errorf("CSP = %q", csp)
		}
	}
	res, err := http.Get(e.srv.URL + "/app/static/app.js?v=" + e.app.assets["app.js"].hash)
	if err != nil || res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: %v %v", err, res.Header)
	}
	res.Body.Close()
}

// TestChartDatesInThePersonsLanguage: the weeks on a chart's axis are
// written as the chat writes dates in the coach's language ("1 Jun",
// "1 juin", "1 июня"), never the US "6/1", and the chat image's period
// too.
func TestChartDatesInThePersonsLanguage(t *testing.T) {
	e := newEnv(t)
	r, err := e.studio.Svc.Admin.CoachReport(e.ctx, e.studio.Coach.ID, 12)
	if err != nil {
		t.Fatal(err)
	}
	us := regexp.MustCompile(`>\s*\d{1,2}/\d{1,2}\s*<`)
	for lang, want := range map[string][]string{"en": {"1 Jun", "23 Mar"}, "fr": {"1 juin", "23 mars"}, "ru": {"1 июня", "23 марта"}} {
		svg, err := e.app.SVG(r, "bookings", lang, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(svg), ">"+w+"<") {
				t.Errorf("%s: no week labelled %q", lang, w)
			}
		}
		if m := us.Find(svg); m != nil {
			t.Errorf("%s: a US-style date %s", lang, m)
		}
		labels := e.app.weekLabels(r, lang)
		if got := labels[len(labels)-1]; got != want[0] {
			t.Errorf("%s: this week is labelled %q", lang, got)
		}
	}
	// A percentage as French writes it: a narrow space before %.
	svg, err := e.app.SVG(r, "attendance", "fr", false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "taux d’absence 33\u202f%") {
		t.Errorf("French attendance title: %.300s", svg[strings.Index(string(svg), "<text"):])
	}
}

// TestEncodePNGRoundTrip: the report's own PNG writer gives back every
// pixel of an opaque image, and a translucent one still decodes.
func TestEncodePNGRoundTrip(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for y := range 23 {
		for x := range 37 {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 11), uint8(x*y + 3), 0xff})
		}
	}
	var buf bytes.Buffer
	if err := encodePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for y := range 23 {
		for x := range 37 {
			if r1, g1, b1, _ := got.At(x, y).RGBA(); color.RGBAModel.Convert(got.At(x, y)) != img.At(x, y) {
				t.Fatalf("pixel %d,%d = %d %d %d, want %v", x, y, r1>>8, g1>>8, b1>>8, img.At(x, y))
			}
		}
	}
	img.Set(0, 0, color.RGBA{1, 2, 3, 4})
	buf.Reset()
	if err := encodePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&buf); err != nil {
		t.Fatalf("a translucent image: %v", err)
	}
}

// TestReportSummaryCountsInEachLanguage reads the report's headline line
// as a coach would in each language: one booking is "1 booking", never
// "1 bookings", and Russian takes its few and many forms.
func TestReportSummaryCountsInEachLanguage(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		lang            string
		total, attended int
		want            string
	}{
		{"en", 1, 1, "1 booking · 1 attended · no-show rate 0%"},
		{"en", 5, 0, "5 bookings · 0 attended · no-show rate 0%"},
		{"fr", 1, 1, "1 réservation · 1 présence · taux d’absence 0\u202f%"},
		{"fr", 3, 2, "3 réservations · 2 présences · taux d’absence 0\u202f%"},
		{"ru", 1, 1, "1 запись · пришли: 1 · неявки: 0\u00a0%"},
		{"ru", 3, 2, "3 записи · пришли: 2 · неявки: 0\u00a0%"},
		{"ru", 5, 5, "5 записей · пришли: 5 · неявки: 0\u00a0%"},
	} {
		got := e.app.summary(c.lang, &core.Report{Total: c.total, Attended: c.attended})
		if got != c.want {
			t.Errorf("%s %d/%d: %q, want %q", c.lang, c.total, c.attended, got, c.want)
		}
	}
}
