package webapp

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// The report's charts have one rendering path: each chart is built from
// a Report's numbers (series) in the reader's language, laid out once
// (chartdraw.go), and drawn as SVG for the page or, all of them tiled,
// into one PNG for the chat's /report. Nothing here touches a font until
// a chart is drawn (chartfont.go).

// ChartNames are the report's charts, in the order pages and the chat
// image show them.
var ChartNames = []string{"bookings", "attendance", "revenue", "credits", "hours"}

// Chart sizes: one chart on the page, and the chat image of all of them.
const (
	chartW, chartH   = 480, 260 // points, one chart of the chat's image
	svgW, svgH       = 270, 170 // points, one chart on a phone's page: 360 by 227 pixels, so its 10-point text reads at 12–13 pixels on a 360-pixel phone
	imageCols        = 2
	imageRows        = 3
	imageDPI         = 96
	ImageWidthPx     = imageCols * chartW * imageDPI / 72 // the chat image's width in pixels
	ImageHeightPx    = imageRows * chartH * imageDPI / 72 // and height
	chartFontSize    = 10
	chartTitleSize   = 12
	chartBarWidthPts = 0.7 // a bar's share of its week's width
)

// Series is one named row of numbers a chart draws, one value per week
// (or per hour for the heatmap's rows).
type Series struct {
	Key    string // what it counts: a status, a method, "sold", ...
	Values []float64
}

// statusColors colour bookings by status: the calendar's green for
// confirmed, grey for cancelled.
var statusColors = map[core.BookingStatus]color.RGBA{
	core.BookingConfirmed:      {0x2e, 0x7d, 0x32, 0xff},
	core.BookingCompleted:      {0x15, 0x65, 0xc0, 0xff},
	core.BookingNoShow:         {0xc6, 0x28, 0x28, 0xff},
	core.BookingPendingPayment: {0xf9, 0xa8, 0x25, 0xff},
	core.BookingWaitlisted:     {0x8e, 0x24, 0xaa, 0xff},
	core.BookingCancelled:      {0x9e, 0x9e, 0x9e, 0xff},
	core.BookingLateCancelled:  {0x61, 0x61, 0x61, 0xff},
}

// seriesColors colour the other charts' series.
var seriesColors = map[string]color.RGBA{
	"attended": {0x15, 0x65, 0xc0, 0xff}, "no_show": {0xc6, 0x28, 0x28, 0xff},
	"stripe": {0x63, 0x5b, 0xff, 0xff}, "manual": {0x2e, 0x7d, 0x32, 0xff},
	"sold": {0x2e, 0x7d, 0x32, 0xff}, "used": {0x15, 0x65, 0xc0, 0xff}, "expired": {0x9e, 0x9e, 0x9e, 0xff},
}

// ChartSeries returns the numbers chart draws from r, by week: what the
// tests compare with the rows.
func ChartSeries(r *core.Report, chart string) []Series {
	n := len(r.Weeks)
	col := func(f func(w core.ReportWeek) float64) []float64 {
		out := make([]float64, n)
		for i, w := range r.Weeks {
			out[i] = f(w)
		}
		return out
	}
	var out []Series
	switch chart {
	case "bookings":
		for _, st := range core.ReportStatuses {
			s := Series{Key: string(st), Values: col(func(w core.ReportWeek) float64 { return float64(w.Bookings[st]) })}
			if sum(s.Values) > 0 {
				out = append(out, s)
			}
		}
	case "attendance":
		out = []Series{{"attended", col(func(w core.ReportWeek) float64 { return float64(w.Attended) })},
			{"no_show", col(func(w core.ReportWeek) float64 { return float64(w.NoShow) })}}
	case "revenue":
		scale := math.Pow10(core.CurrencyExponent(r.Currency))
		for _, m := range []string{core.MethodStripe, core.MethodManual} {
			out = append(out, Series{Key: m, Values: col(func(w core.ReportWeek) float64 { return float64(w.Revenue[m]) / scale })})
		}
	case "credits":
		out = []Series{{"sold", col(func(w core.ReportWeek) float64 { return float64(w.CreditsSold) })},
			{"used", col(func(w core.ReportWeek) float64 { return float64(w.CreditsUsed) })},
			{"expired", col(func(w core.ReportWeek) float64 { return float64(w.CreditsExpired) })}}
	case "hours":
		for d := range 7 {
			row := make([]float64, 24)
			for h := range 24 {
				row[h] = float64(r.Hours[d][h])
			}
			out = append(out, Series{Key: strconv.Itoa(d), Values: row})
		}
	}
	return out
}

func sum(vs []float64) float64 {
	t := 0.0
	for _, v := range vs {
		t += v
	}
	return t
}

// theme is the colours of a chart's text and lines.
type theme struct{ fg, grid color.RGBA }

func themeFor(dark bool) theme {
	if dark {
		return theme{fg: color.RGBA{0xe6, 0xe6, 0xe6, 0xff}, grid: color.RGBA{0x55, 0x55, 0x55, 0xff}}
	}
	return theme{fg: color.RGBA{0x22, 0x22, 0x22, 0xff}, grid: color.RGBA{0xcc, 0xcc, 0xcc, 0xff}}
}

// weekLabels names the weeks on the x axis, leaving some out when there
// are many so the labels do not overlap.
func (a *App) weekLabels(r *core.Report, lang string) []string {
	every := max(1, (len(r.Weeks)+5)/6) // six labels at most: a phone is narrow
	out := make([]string, len(r.Weeks))
	for i, w := range r.Weeks {
		if (len(r.Weeks)-1-i)%every != 0 {
			continue
		}
		out[i] = bot.FormatDate(lang, w.Start)
	}
	return out
}

// seriesName is the legend's word for a series.
func (a *App) seriesName(lang, chart, key string) string {
	switch chart {
	case "bookings":
		if key == string(core.BookingWaitlisted) {
			return a.t(lang, "web.legend.waitlist")
		}
		return a.t(lang, "web.status."+key)
	case "revenue":
		return a.t(lang, "web.method."+key)
	}
	return a.t(lang, "web.series."+key)
}

// chartTitle is a chart's title in lang: what it shows, and its headline
// figure. "" for no such chart.
func (a *App) chartTitle(r *core.Report, chart, lang string) string {
	switch chart {
	case "bookings":
		return a.t(lang, "web.chart.bookings")
	case "attendance":
		return a.t(lang, "web.chart.attendance", "Rate", bot.FormatPercent(lang, r.NoShowRate))
	case "revenue":
		if r.Currency != "" {
			return a.t(lang, "web.chart.revenue", "Currency", r.Currency)
		}
		return a.t(lang, "web.chart.revenue_none")
	case "credits":
		return a.t(lang, "web.chart.credits", "Expiring", r.CreditsExpiring)
	case "hours":
		return a.t(lang, "web.chart.hours")
	}
	return ""
}

// chart builds one chart of r in lang. An unknown name is an error.
func (a *App) chart(r *core.Report, name, lang string) (*chart, error) {
	c := &chart{title: a.chartTitle(r, name, lang)}
	switch {
	case c.title == "":
		return nil, fmt.Errorf("webapp: no chart %q", name)
	case name == "hours":
		c.heat = a.hours(r, lang)
		return c, nil
	}
	// Parts of a whole are stacked: bookings by status, sessions held as
	// attended and no-shows, revenue by method. Credits sold, used and
	// expired are lines: side by side bars of 52 weeks read as a barcode.
	c.lines = name == "credits"
	c.xLabels = a.weekLabels(r, lang)
	tops := make([]float64, len(r.Weeks))
	for _, s := range ChartSeries(r, name) {
		col := seriesColors[s.Key]
		if name == "bookings" {
			col = statusColors[core.BookingStatus(s.Key)]
		}
		c.series = append(c.series, drawn{name: a.seriesName(lang, name, s.Key), color: col, values: s.Values})
		for i, v := range s.Values {
			if c.lines {
				tops[i] = math.Max(tops[i], v)
			} else {
				tops[i] += v
			}
		}
	}
	top := 1.0
	for _, v := range tops {
		top = math.Max(top, v)
	}
	// Room above the highest for the legend, a row a series.
	c.yMax = top * (1 + 0.14*float64(len(c.series)))
	c.yTicks = valueTicks(c.yMax)
	return c, nil
}

// hours is the heatmap of seats by weekday and hour, over the hours that
// have any (at least 8:00 to 20:00).
func (a *App) hours(r *core.Report, lang string) *heat {
	h := &heat{from: 8, to: 20, busiest: 1}
	for d := range 7 { // r.Hours is Monday first, as the rows
		h.days[d] = bot.Weekday(lang, time.Weekday((d+1)%7))
		for hour := range 24 {
			v := float64(r.Hours[d][hour])
			h.seats[d][hour] = v
			if v > 0 {
				h.from, h.to = min(h.from, hour), max(h.to, hour+1)
			}
			h.busiest = math.Max(h.busiest, v)
		}
	}
	return h
}

// SVG draws one chart of r as an SVG document for the page (chartsvg.go).
func (a *App) SVG(r *core.Report, name, lang string, dark bool) ([]byte, error) {
	c, err := a.chart(r, name, lang)
	if err != nil {
		return nil, err
	}
	f, err := a.font.load()
	if err != nil {
		return nil, err
	}
	cv := newSVGCanvas(f, svgW, svgH)
	c.draw(cv, box{0, 0, svgW, svgH}, themeFor(dark), c.labelWidth(cv))
	return cv.bytes(), nil
}

// PNG draws every chart of r, tiled, into one image of ImageWidthPx by
// ImageHeightPx for the chat, with the period's totals in the last tile
// (chartpng.go).
func (a *App) PNG(r *core.Report, lang string) ([]byte, error) {
	charts := make([]*chart, len(ChartNames))
	for i, name := range ChartNames {
		c, err := a.chart(r, name, lang)
		if err != nil {
			return nil, err
		}
		charts[i] = c
	}
	f, err := a.font.load()
	if err != nil {
		return nil, err
	}
	cv := newRasterCanvas(f, ImageWidthPx, ImageHeightPx, imageDPI/72.0)
	th := themeFor(false)
	const padL, padR, padT, padB, padX, padY = 8, 12, 8, 8, 16, 12
	tileW := (imageCols*chartW - padL - padR - (imageCols-1)*padX) / float64(imageCols)
	tileH := (imageRows*chartH - padT - padB - (imageRows-1)*padY) / float64(imageRows)
	tile := func(i int) box {
		x := padL + float64(i%imageCols)*(tileW+padX)
		y := padT + float64(i/imageCols)*(tileH+padY)
		return box{x, y, x + tileW, y + tileH}
	}
	// A column's plots line up: each leaves its widest label's room.
	var left [imageCols]float64
	for i, c := range charts {
		left[i%imageCols] = math.Max(left[i%imageCols], c.labelWidth(cv))
	}
	for i, c := range charts {
		c.draw(cv, tile(i), th, left[i%imageCols])
	}
	drawLines(cv, tile(len(charts)), a.totals(r, lang), th)
	var buf bytes.Buffer
	if err := encodePNG(&buf, cv.img); err != nil { // pngenc.go
		return nil, err
	}
	return buf.Bytes(), nil
}

// summary is the period's bookings, attendance and no-show rate in one
// line, each count in its plural form: the page's and the image's words.
func (a *App) summary(lang string, r *core.Report) string {
	return a.t(lang, "web.report.summary",
		"Bookings", a.t(lang, "web.report.bookings", "Count", r.Total),
		"Attended", a.t(lang, "web.report.attended", "Count", r.Attended),
		"Rate", bot.FormatPercent(lang, r.NoShowRate))
}

// totals are the period's headline numbers, the chat image's last tile:
// whose business, the period, bookings and attendance, revenue by method.
func (a *App) totals(r *core.Report, lang string) []string {
	lines := []string{
		a.t(lang, "web.report.title") + " — " + r.Coach,
		a.t(lang, "web.report.span", "Weeks", a.t(lang, "app.btn.weeks", "Count", len(r.Weeks)), "From", bot.FormatDateYear(lang, r.Weeks[0].Start),
			"To", bot.FormatDateYear(lang, r.To.Add(-1).In(r.Weeks[0].Start.Location()))),
		a.summary(lang, r),
	}
	for _, m := range r.Revenue {
		lines = append(lines, a.revenueLine(lang, m))
	}
	return lines
}

// revenueLine words one method's revenue: "Stripe: €120.00".
func (a *App) revenueLine(lang string, m core.MethodRevenue) string {
	return a.t(lang, "web.report.revenue", "Method", a.t(lang, "web.method."+m.Method), "Amount", bot.FormatMoney(lang, m.Amount))
}
