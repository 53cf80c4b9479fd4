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
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The report's charts have one rendering path: each chart is a
// gonum.org/v1/plot Plot built from a Report's numbers (series), drawn to
// SVG for the page, or all of them tiled into one PNG for the chat's
// /report.

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
type theme struct{ fg, grid color.Color }

func themeFor(dark bool) theme {
	if dark {
		return theme{fg: color.RGBA{0xe6, 0xe6, 0xe6, 0xff}, grid: color.RGBA{0x55, 0x55, 0x55, 0xff}}
	}
	return theme{fg: color.RGBA{0x22, 0x22, 0x22, 0xff}, grid: color.RGBA{0xcc, 0xcc, 0xcc, 0xff}}
}

// newPlot is a plot with the theme's colours and no background, so the
// page's card colour shows through. (Not color.Transparent: the SVG
// writer turns a zero alpha into an invalid colour that browsers paint
// black.)
func newPlot(title string, th theme) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	p.Title.Text = title
	p.Title.TextStyle.Color = th.fg
	p.Title.TextStyle.Font.Size = chartTitleSize
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = th.fg
		a.Tick.Color = th.fg
		a.Tick.Label.Color = th.fg
		a.Tick.Label.Font.Size = chartFontSize
		a.Label.TextStyle.Color = th.fg
		a.Label.TextStyle.Font.Size = chartFontSize
	}
	p.Legend.TextStyle.Color = th.fg
	p.Legend.TextStyle.Font.Size = chartFontSize
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Tick.Label.Font, &p.Y.Tick.Label.Font,
		&p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans"
	}
	p.Y.Tick.Marker = wholeTicks{}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.Padding = vg.Points(1.5) // rows apart, not touching
	p.Legend.XOffs = vg.Points(6)
	return p
}

// wholeTicks labels the value axis without needless decimals.
type wholeTicks struct{}

func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	if hi <= 6 { // small counts: one tick per whole number
		var ts []plot.Tick
		for v := math.Ceil(lo); v <= hi; v++ {
			ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		}
		return ts
	}
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(math.Round(ts[i].Value*100)/100, 'f', -1, 64)
		}
	}
	return ts
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

// Plot builds one chart of r in lang, for a canvas width points wide.
func (a *App) Plot(r *core.Report, chart, lang string, dark bool, width float64) (*plot.Plot, error) {
	th := themeFor(dark)
	title := a.chartTitle(r, chart, lang)
	switch {
	case title == "":
		return nil, fmt.Errorf("webapp: no chart %q", chart)
	case chart == "hours":
		return a.heatmap(r, lang, th)
	}
	p := newPlot(title, th)
	series := ChartSeries(r, chart)
	if chart == "credits" {
		return a.lines(p, r, lang, chart, series, th)
	}
	// Parts of a whole are stacked: bookings by status, sessions held as
	// attended and no-shows, revenue by method.
	stacked := chart == "bookings" || chart == "revenue" || chart == "attendance"
	barW := vg.Points(chartBarWidthPts * (width - 60) / float64(len(r.Weeks)))
	if !stacked {
		barW /= vg.Length(len(series))
	}
	var below *plotter.BarChart
	top := 0.0
	tops := make([]float64, len(r.Weeks))
	for i, s := range series {
		bars, err := plotter.NewBarChart(plotter.Values(s.Values), barW)
		if err != nil {
			return nil, err
		}
		bars.LineStyle.Width = 0
		c, ok := seriesColors[s.Key]
		if chart == "bookings" {
			c = statusColors[core.BookingStatus(s.Key)]
			ok = true
		}
		if ok {
			bars.Color = c
		}
		if stacked {
			if below != nil {
				bars.StackOn(below)
			}
			below = bars
			for j, v := range s.Values {
				tops[j] += v
			}
		} else {
			bars.Offset = vg.Length(float64(i)-float64(len(series)-1)/2) * barW
			for j, v := range s.Values {
				tops[j] = math.Max(tops[j], v)
			}
		}
		p.Add(bars)
		p.Legend.Add(a.seriesName(lang, chart, s.Key), bars)
	}
	for _, v := range tops {
		top = math.Max(top, v)
	}
	a.weekAxes(p, r, lang, top, len(series), th)
	return p, nil
}

// weekAxes gives a chart by week its axes: weeks named as the reader
// writes dates, counts from 0 with room above for the legend, a
// horizontal grid.
func (a *App) weekAxes(p *plot.Plot, r *core.Report, lang string, top float64, series int, th theme) {
	p.Y.Min = 0
	p.Y.Max = math.Max(1, top) * (1 + 0.14*float64(series))
	p.NominalX(a.weekLabels(r, lang)...)
	// Half a week of room either side, so the first and last bars show
	// whole.
	p.X.Min, p.X.Max = -0.5, float64(len(r.Weeks))-0.5
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	grid.Horizontal.Color = th.grid
	p.Add(grid)
}

// lines draws series that are not parts of a whole (credits sold, used,
// expired) as lines, one point a week: side by side bars of 52 weeks
// read as a barcode.
func (a *App) lines(p *plot.Plot, r *core.Report, lang, chart string, series []Series, th theme) (*plot.Plot, error) {
	top := 0.0
	for _, s := range series {
		xy := make(plotter.XYs, len(s.Values))
		for i, v := range s.Values {
			xy[i] = plotter.XY{X: float64(i), Y: v}
			top = math.Max(top, v)
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		c := seriesColors[s.Key]
		l.Color, l.Width = c, vg.Points(1.5)
		pts.Color, pts.Shape = c, draw.CircleGlyph{}
		pts.Radius = vg.Points(math.Max(1, math.Min(3, 60/float64(len(s.Values)))))
		p.Add(l, pts)
		p.Legend.Add(a.seriesName(lang, chart, s.Key), l, pts)
	}
	a.weekAxes(p, r, lang, top, len(series), th)
	return p, nil
}

// hourGrid is the heatmap's grid: columns are hours, rows weekdays with
// Monday on top.
type hourGrid struct {
	r        *core.Report
	from, to int // hours shown: [from, to)
}

func (g hourGrid) Dims() (c, r int) { return g.to - g.from, 7 }
func (g hourGrid) Z(c, r int) float64 {
	return float64(g.r.Hours[6-r][g.from+c])
}
func (g hourGrid) X(c int) float64 { return float64(g.from+c) + 0.5 } // the cell spans the hour
func (g hourGrid) Y(r int) float64 { return float64(r) }

// greens is the heatmap's palette, from no seats to the busiest hour.
type greens struct{}

func (greens) Colors() []color.Color {
	out := make([]color.Color, 9)
	for i := range out {
		t := float64(i) / float64(len(out)-1)
		out[i] = color.RGBA{uint8(232 - t*(232-27)), uint8(245 - t*(245-94)), uint8(233 - t*(233-32)), 0xff}
	}
	return out
}

// heatmap draws seats by weekday and hour, over the hours that have any
// (at least 8:00 to 20:00).
func (a *App) heatmap(r *core.Report, lang string, th theme) (*plot.Plot, error) {
	from, to := 8, 20
	for d := range 7 {
		for h := range 24 {
			if r.Hours[d][h] > 0 {
				from, to = min(from, h), max(to, h+1)
			}
		}
	}
	p := newPlot(a.chartTitle(r, "hours", lang), th)
	hm := plotter.NewHeatMap(hourGrid{r: r, from: from, to: to}, greens{})
	hm.Min, hm.Max = 0, 1
	for d := range 7 {
		for h := range 24 {
			hm.Max = math.Max(hm.Max, float64(r.Hours[d][h]))
		}
	}
	p.Add(hm)
	names := make([]string, 7)
	for d := range 7 {
		names[6-d] = bot.Weekday(lang, time.Weekday((d+1)%7))
	}
	p.NominalY(names...)
	var ticks []plot.Tick
	for h := from; h < to; h++ {
		label := ""
		if h%2 == 0 {
			label = fmt.Sprintf("%d:00", h)
		}
		ticks = append(ticks, plot.Tick{Value: float64(h), Label: label})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = float64(from), float64(to)
	return p, nil
}

// SVG draws one chart of r as an SVG document.
func (a *App) SVG(r *core.Report, chart, lang string, dark bool) ([]byte, error) {
	p, err := a.Plot(r, chart, lang, dark, svgW)
	if err != nil {
		return nil, err
	}
	c := vgsvg.New(svgW, svgH)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PNG draws every chart of r, tiled, into one image of ImageWidthPx by
// ImageHeightPx for the chat, with the period's totals in the last tile.
func (a *App) PNG(r *core.Report, lang string) ([]byte, error) {
	th := themeFor(false)
	// The canvas starts white (vgimg's background); filling it again as
	// a path took a quarter of the drawing's time.
	c := vgimg.NewWith(vgimg.UseWH(imageCols*chartW, imageRows*chartH), vgimg.UseDPI(imageDPI))
	dc := draw.New(c)
	plots := make([][]*plot.Plot, imageRows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, imageCols)
	}
	for i, name := range ChartNames {
		p, err := a.Plot(r, name, lang, false, chartW)
		if err != nil {
			return nil, err
		}
		plots[i/imageCols][i%imageCols] = p
	}
	tiles := draw.Tiles{Rows: imageRows, Cols: imageCols, PadX: vg.Points(16), PadY: vg.Points(12),
		PadTop: vg.Points(8), PadBottom: vg.Points(8), PadLeft: vg.Points(8), PadRight: vg.Points(12)}
	// Align lays out only the tiles holding a plot; the last one is text.
	last := newPlot("", th)
	last.HideAxes()
	plots[imageRows-1][imageCols-1] = last
	canvases := plot.Align(plots, tiles, dc)
	for i := range ChartNames {
		plots[i/imageCols][i%imageCols].Draw(canvases[i/imageCols][i%imageCols])
	}
	a.drawTotals(canvases[imageRows-1][imageCols-1], r, lang, th)
	var buf bytes.Buffer
	if err := encodePNG(&buf, c.Image()); err != nil { // pngenc.go
		return nil, err
	}
	return buf.Bytes(), nil
}

// drawTotals writes the period's headline numbers in a tile.
func (a *App) drawTotals(c draw.Canvas, r *core.Report, lang string, th theme) {
	title := newPlot(" ", th).Title.TextStyle
	title.Font.Size = 16
	title.XAlign = draw.XLeft
	body := title
	body.Font.Size = 12
	lines := []struct {
		text string
		big  bool
	}{
		{a.t(lang, "web.report.title") + " — " + r.Coach, true},
		{a.t(lang, "web.report.span", "Weeks", a.t(lang, "app.btn.weeks", "Count", len(r.Weeks)), "From", bot.FormatDateYear(lang, r.Weeks[0].Start),
			"To", bot.FormatDateYear(lang, r.To.Add(-1).In(r.Weeks[0].Start.Location()))), false},
		{a.t(lang, "web.report.summary", "Total", r.Total, "Attended", r.Attended, "Rate", bot.FormatPercent(lang, r.NoShowRate)), false},
	}
	for _, m := range r.Revenue {
		lines = append(lines, struct {
			text string
			big  bool
		}{a.revenueLine(lang, m), false})
	}
	y := c.Max.Y - vg.Points(24)
	for _, l := range lines {
		sty := body
		if l.big {
			sty = title
		}
		c.FillText(sty, vg.Point{X: c.Min.X + vg.Points(12), Y: y}, l.text)
		y -= vg.Points(24)
	}
}

// revenueLine words one method's revenue: "Stripe: €120.00".
func (a *App) revenueLine(lang string, m core.MethodRevenue) string {
	return a.t(lang, "web.report.revenue", "Method", a.t(lang, "web.method."+m.Method), "Amount", bot.FormatMoney(lang, m.Amount))
}
