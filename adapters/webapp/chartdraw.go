package webapp

import (
	"image/color"
	"math"
	"strconv"
)

// The report's charts are laid out here once, in points with y down, and
// drawn through a canvas: pixels for the chat's PNG (chartpng.go), SVG
// text for the page (chartsvg.go).

// box is a rectangle in points, y down.
type box struct{ x0, y0, x1, y1 float64 }

// pt is a point in points, y down.
type pt struct{ x, y float64 }

// anchor is which part of a text stands at its x: its start, middle or
// end.
type anchor int

const (
	anchorStart anchor = iota
	anchorMiddle
	anchorEnd
)

// canvas is what a chart is drawn on.
type canvas interface {
	// fillRect fills b, its edges smoothed where they fall between
	// pixels: bars.
	fillRect(b box, c color.RGBA)
	// fillCell fills b with its edges on whole pixels, so cells side by
	// side leave no seam and a hairline stays sharp: the heatmap, axes,
	// ticks, grid lines.
	fillCell(b box, c color.RGBA)
	// stroke draws a line through pts width points wide, and a dot of
	// radius dot at each point (none for 0).
	stroke(pts []pt, width float64, c color.RGBA, dot float64)
	// text writes s with its baseline at y.
	text(x, y float64, s string, size float64, c color.RGBA, a anchor)
	// width is how wide s is set at size.
	width(s string, size float64) float64
}

// Layout in points.
const (
	tickLen   = 4.0
	hairline  = 0.75 // one pixel of the chat's image, one of a phone's page
	legendRow = chartFontSize + 1.5
	legendTab = 18.0 // a legend's colour sample
)

// chart is one chart as drawn, in the reader's language: its title, and
// either series by week (stacked bars, or lines) or the hours' heatmap.
type chart struct {
	title   string
	series  []drawn  // bottom up when stacked
	lines   bool     // series as lines with a dot a week, not stacked bars
	xLabels []string // the weeks', "" where one is left out
	yMax    float64
	yTicks  []float64
	heat    *heat
}

// drawn is a series with its legend's word and its colour.
type drawn struct {
	name   string
	color  color.RGBA
	values []float64
}

// heat is the busiest hours: rows are weekdays, Monday on top; columns
// the hours [from, to).
type heat struct {
	from, to int
	days     [7]string
	seats    [7][24]float64
	busiest  float64 // the most seats in an hour, at least 1
}

// valueTicks are the value axis' labelled values from 0 to hi: every
// whole number for small counts, else about four round steps.
func valueTicks(hi float64) []float64 {
	step := 1.0
	if hi > 6 {
		raw := hi / 4
		mag := math.Pow10(int(math.Floor(math.Log10(raw))))
		for _, m := range []float64{1, 2, 2.5, 5, 10} {
			if step = m * mag; step >= raw {
				break
			}
		}
	}
	var ts []float64
	for i := 0; float64(i)*step <= hi*(1+1e-9); i++ {
		ts = append(ts, float64(i)*step)
	}
	return ts
}

// tickLabel writes a value axis label without needless decimals.
func tickLabel(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// labelWidth is the width of the chart's widest label left of its plot.
func (c *chart) labelWidth(cv canvas) float64 {
	w := 0.0
	if c.heat != nil {
		for _, d := range c.heat.days {
			w = math.Max(w, cv.width(d, chartFontSize))
		}
		return w
	}
	for _, v := range c.yTicks {
		w = math.Max(w, cv.width(tickLabel(v), chartFontSize))
	}
	return w
}

// draw lays the chart out in b and draws it on cv, in th's colours, with
// left points for the labels left of the plot (a column of charts gives
// all its charts the widest one's, so their plots line up).
func (c *chart) draw(cv canvas, b box, th theme, left float64) {
	const fs = chartFontSize
	cv.text((b.x0+b.x1)/2, b.y0+chartTitleSize*0.9, c.title, chartTitleSize, th.fg, anchorMiddle)
	p := box{x0: b.x0 + left + 2 + tickLen, y0: b.y0 + chartTitleSize*1.4, x1: b.x1 - 4, y1: b.y1 - fs - tickLen - 2}
	if c.heat != nil {
		c.drawHeat(cv, p, th)
		return
	}
	if n := len(c.xLabels); n > 0 {
		// The last week's label is centred on its bar: leave it room.
		half := cv.width(c.xLabels[n-1], fs)/2 - (p.x1-p.x0)/float64(2*n)
		p.x1 = b.x1 - math.Max(4, half+1)
	}
	n := float64(len(c.xLabels))
	xOf := func(i int) float64 { return p.x0 + (float64(i)+0.5)*(p.x1-p.x0)/n }
	yOf := func(v float64) float64 { return p.y1 - v/c.yMax*(p.y1-p.y0) }
	for _, v := range c.yTicks {
		y := yOf(v)
		if v > 0 {
			cv.fillCell(box{p.x0, y - hairline/2, p.x1, y + hairline/2}, th.grid)
		}
		cv.fillCell(box{p.x0 - tickLen, y - hairline/2, p.x0, y + hairline/2}, th.fg)
		cv.text(p.x0-tickLen-2, y+fs*0.35, tickLabel(v), fs, th.fg, anchorEnd)
	}
	if c.lines {
		dot := math.Max(1, math.Min(3, 60/n))
		for _, s := range c.series {
			pts := make([]pt, len(s.values))
			for i, v := range s.values {
				pts[i] = pt{xOf(i), yOf(v)}
			}
			cv.stroke(pts, 1.5, s.color, dot)
		}
	} else {
		bw := chartBarWidthPts * (p.x1 - p.x0) / n
		for i := range c.xLabels {
			x, sum := xOf(i), 0.0
			for _, s := range c.series {
				if v := s.values[i]; v != 0 {
					cv.fillRect(box{x - bw/2, yOf(sum + math.Max(v, 0)), x + bw/2, yOf(sum + math.Min(v, 0))}, s.color)
					sum += v
				}
			}
		}
	}
	c.axes(cv, p, th)
	// Weeks from the last one back, leaving out a label that would touch
	// the one after it.
	right := math.Inf(1)
	for i := len(c.xLabels) - 1; i >= 0; i-- {
		l := c.xLabels[i]
		if l == "" {
			continue
		}
		x, w := xOf(i), cv.width(l, fs)
		if x+w/2+3 > right {
			continue
		}
		right = x - w/2
		cv.fillCell(box{x - hairline/2, p.y1, x + hairline/2, p.y1 + tickLen}, th.fg)
		cv.text(x, p.y1+tickLen+fs, l, fs, th.fg, anchorMiddle)
	}
	c.legend(cv, p, th)
}

// axes draws the plot's left and bottom lines.
func (c *chart) axes(cv canvas, p box, th theme) {
	cv.fillCell(box{p.x0 - hairline, p.y0, p.x0, p.y1 + hairline}, th.fg)
	cv.fillCell(box{p.x0 - hairline, p.y1, p.x1, p.y1 + hairline}, th.fg)
}

// legend names the series at the plot's top left, a colour sample
// before each name.
func (c *chart) legend(cv canvas, p box, th theme) {
	const fs = chartFontSize
	x, y := p.x0+6, p.y0+1
	for _, s := range c.series {
		mid := y + fs/2
		if c.lines {
			cv.stroke([]pt{{x, mid}, {x + legendTab, mid}}, 1.5, s.color, 0)
			cv.stroke([]pt{{x + legendTab/2, mid}}, 0, s.color, 2)
		} else {
			cv.fillRect(box{x, mid - 3.75, x + legendTab, mid + 3.75}, s.color)
		}
		cv.text(x+legendTab+3, mid+fs*0.35, s.name, fs, th.fg, anchorStart)
		y += legendRow
	}
}

// drawHeat draws the heatmap in the plot p: a cell an hour a weekday,
// darker green for more seats.
func (c *chart) drawHeat(cv canvas, p box, th theme) {
	const fs = chartFontSize
	h := c.heat
	cols := float64(h.to - h.from)
	cw, ch := (p.x1-p.x0)/cols, (p.y1-p.y0)/7
	xOf := func(hour int) float64 { return p.x0 + float64(hour-h.from)*cw }
	for d := range 7 {
		y := p.y0 + float64(d)*ch
		for hour := h.from; hour < h.to; hour++ {
			cv.fillCell(box{xOf(hour), y, xOf(hour + 1), y + ch}, heatColor(h.seats[d][hour], h.busiest))
		}
		mid := y + ch/2
		cv.fillCell(box{p.x0 - tickLen, mid - hairline/2, p.x0, mid + hairline/2}, th.fg)
		cv.text(p.x0-tickLen-2, mid+fs*0.35, h.days[d], fs, th.fg, anchorEnd)
	}
	c.axes(cv, p, th)
	for hour := h.from; hour < h.to; hour++ {
		x, long := xOf(hour), hour%2 == 0
		end := p.y1 + tickLen/2
		if long {
			end = p.y1 + tickLen
		}
		cv.fillCell(box{x - hairline/2, p.y1, x + hairline/2, end}, th.fg)
		if long {
			cv.text(x, p.y1+tickLen+fs, strconv.Itoa(hour)+":00", fs, th.fg, anchorMiddle)
		}
	}
}

// heatColor is the heatmap's green for seats against the busiest hour's:
// nine steps from none to the busiest.
func heatColor(seats, busiest float64) color.RGBA {
	const steps = 9
	t := math.Floor(seats/busiest*(steps-1)+0.5) / (steps - 1)
	return color.RGBA{uint8(232 - t*(232-27)), uint8(245 - t*(245-94)), uint8(233 - t*(233-32)), 0xff}
}

// drawLines writes a tile of text lines from its top left: the chat
// image's totals.
func drawLines(cv canvas, b box, lines []string, th theme) {
	y := b.y0 + 22
	for i, l := range lines {
		size := 12.0
		if i == 0 {
			size = 16
		}
		cv.text(b.x0+12, y, l, size, th.fg, anchorStart)
		y += 24
	}
}
