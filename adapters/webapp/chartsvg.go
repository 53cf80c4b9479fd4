package webapp

import (
	"bytes"
	"encoding/xml"
	"image/color"
	"strconv"

	"golang.org/x/image/font/sfnt"
)

// svgCanvas writes a chart as SVG text for the page. The browser sets
// the text; widths for the layout come from the font's advances.
type svgCanvas struct {
	buf  bytes.Buffer
	font *sfnt.Font
	sb   sfnt.Buffer
}

// svgFonts is the text's font-family: Liberation Sans where the reader
// has it, else a sans-serif of the same widths.
const svgFonts = "Liberation Sans, Arial, Helvetica, sans-serif"

// newSVGCanvas starts an SVG document w by h points, with no background
// so the page's card colour shows through.
func newSVGCanvas(f *sfnt.Font, w, h float64) *svgCanvas {
	c := &svgCanvas{font: f}
	c.buf.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="`)
	c.num(w)
	c.buf.WriteString(`pt" height="`)
	c.num(h)
	c.buf.WriteString(`pt" viewBox="0 0 `)
	c.num(w)
	c.buf.WriteByte(' ')
	c.num(h)
	c.buf.WriteString(`" font-family="` + svgFonts + `">` + "\n")
	return c
}

// bytes ends the document and returns it.
func (c *svgCanvas) bytes() []byte {
	c.buf.WriteString("</svg>\n")
	return c.buf.Bytes()
}

// num writes v with at most two decimals.
func (c *svgCanvas) num(v float64) {
	b := strconv.AppendFloat(c.buf.AvailableBuffer(), v, 'f', 2, 64)
	b = bytes.TrimRight(b, "0")
	b = bytes.TrimSuffix(b, []byte("."))
	c.buf.Write(b)
}

// color writes c as #rrggbb.
func (c *svgCanvas) color(col color.RGBA) {
	const hex = "0123456789abcdef"
	c.buf.Write([]byte{'#', hex[col.R>>4], hex[col.R&15], hex[col.G>>4], hex[col.G&15], hex[col.B>>4], hex[col.B&15]})
}

func (c *svgCanvas) rect(b box, col color.RGBA, crisp bool) {
	c.buf.WriteString(`<rect x="`)
	c.num(b.x0)
	c.buf.WriteString(`" y="`)
	c.num(b.y0)
	c.buf.WriteString(`" width="`)
	c.num(b.x1 - b.x0)
	c.buf.WriteString(`" height="`)
	c.num(b.y1 - b.y0)
	c.buf.WriteString(`" fill="`)
	c.color(col)
	if crisp {
		c.buf.WriteString(`" shape-rendering="crispEdges`)
	}
	c.buf.WriteString("\"/>\n")
}

func (c *svgCanvas) fillRect(b box, col color.RGBA) { c.rect(b, col, false) }
func (c *svgCanvas) fillCell(b box, col color.RGBA) { c.rect(b, col, true) }

func (c *svgCanvas) stroke(pts []pt, width float64, col color.RGBA, dot float64) {
	if len(pts) > 1 && width > 0 {
		c.buf.WriteString(`<polyline fill="none" stroke-linejoin="round" stroke="`)
		c.color(col)
		c.buf.WriteString(`" stroke-width="`)
		c.num(width)
		c.buf.WriteString(`" points="`)
		for i, p := range pts {
			if i > 0 {
				c.buf.WriteByte(' ')
			}
			c.num(p.x)
			c.buf.WriteByte(',')
			c.num(p.y)
		}
		c.buf.WriteString("\"/>\n")
	}
	if dot <= 0 {
		return
	}
	c.buf.WriteString(`<g fill="`)
	c.color(col)
	c.buf.WriteString("\">\n")
	for _, p := range pts {
		c.buf.WriteString(`<circle cx="`)
		c.num(p.x)
		c.buf.WriteString(`" cy="`)
		c.num(p.y)
		c.buf.WriteString(`" r="`)
		c.num(dot)
		c.buf.WriteString("\"/>\n")
	}
	c.buf.WriteString("</g>\n")
}

func (c *svgCanvas) text(x, y float64, s string, size float64, col color.RGBA, a anchor) {
	c.buf.WriteString(`<text x="`)
	c.num(x)
	c.buf.WriteString(`" y="`)
	c.num(y)
	c.buf.WriteString(`" font-size="`)
	c.num(size)
	c.buf.WriteString(`" fill="`)
	c.color(col)
	switch a {
	case anchorMiddle:
		c.buf.WriteString(`" text-anchor="middle`)
	case anchorEnd:
		c.buf.WriteString(`" text-anchor="end`)
	}
	c.buf.WriteString(`">`)
	_ = xml.EscapeText(&c.buf, []byte(s)) // a bytes.Buffer does not fail
	c.buf.WriteString("</text>\n")
}

func (c *svgCanvas) width(s string, size float64) float64 {
	return textWidth(c.font, &c.sb, s, size)
}
