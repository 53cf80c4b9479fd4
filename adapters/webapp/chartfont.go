package webapp

import (
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// chartFont is the charts' typeface, Liberation Sans (Arial's metrics,
// so the page's SVG text, drawn by the browser in whatever sans-serif it
// has, takes about the width measured here). It is parsed on the first
// chart drawn, not at start: a server that never draws a chart never
// touches the font's pages. It is safe for concurrent use; each drawing
// brings its own sfnt.Buffer.
type chartFont struct {
	once sync.Once
	font *sfnt.Font
	err  error
}

// load parses the font the first time it is asked for.
func (c *chartFont) load() (*sfnt.Font, error) {
	c.once.Do(func() { c.font, c.err = sfnt.Parse(liberationsansregular.TTF) })
	return c.font, c.err
}

// textWidth is the advance width of s set in f at size points, without
// kerning (a few hundredths of a point at these sizes).
func textWidth(f *sfnt.Font, buf *sfnt.Buffer, s string, size float64) float64 {
	ppem := fixed.Int26_6(size * 64)
	var w fixed.Int26_6
	for _, r := range s {
		g, err := f.GlyphIndex(buf, r)
		if err != nil {
			continue
		}
		adv, err := f.GlyphAdvance(buf, g, ppem, 0)
		if err == nil {
			w += adv
		}
	}
	return float64(w) / 64
}
