package webapp

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// rasterCanvas draws charts into an RGBA image: shapes through
// x/image/vector's rasterizer, a shape's own bounding box at a time,
// text through the font's faces.
type rasterCanvas struct {
	img   *image.RGBA
	scale float64 // pixels a point
	font  *sfnt.Font
	faces map[float64]font.Face // by size in points
	z     vector.Rasterizer
	src   image.Uniform
}

// newRasterCanvas is a white canvas of w by h pixels, scale pixels a
// point.
func newRasterCanvas(f *sfnt.Font, w, h int, scale float64) *rasterCanvas {
	c := &rasterCanvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), scale: scale, font: f, faces: map[float64]font.Face{}}
	// White, by copies of a doubling prefix: a byte at a time was a
	// quarter of the drawing's time.
	if pix := c.img.Pix; len(pix) > 0 {
		pix[0] = 0xff
		for n := 1; n < len(pix); n *= 2 {
			copy(pix[n:], pix[:n])
		}
	}
	return c
}

func (c *rasterCanvas) face(size float64) font.Face {
	if f, ok := c.faces[size]; ok {
		return f
	}
	f, err := opentype.NewFace(c.font, &opentype.FaceOptions{Size: size, DPI: 72 * c.scale, Hinting: font.HintingNone})
	if err != nil { // only for a size of 0 or a broken font
		f = nil
	}
	c.faces[size] = f
	return f
}

// pixels is b in whole pixels, reaching every pixel b touches.
func (c *rasterCanvas) pixels(b box) image.Rectangle {
	s := c.scale
	return image.Rect(int(math.Floor(b.x0*s)), int(math.Floor(b.y0*s)), int(math.Ceil(b.x1*s)), int(math.Ceil(b.y1*s))).Intersect(c.img.Rect)
}

func (c *rasterCanvas) fillRect(b box, col color.RGBA) {
	r := c.pixels(b)
	if r.Empty() {
		return
	}
	c.z.Reset(r.Dx(), r.Dy())
	s, ox, oy := c.scale, float64(r.Min.X), float64(r.Min.Y)
	c.z.MoveTo(float32(b.x0*s-ox), float32(b.y0*s-oy))
	c.z.LineTo(float32(b.x1*s-ox), float32(b.y0*s-oy))
	c.z.LineTo(float32(b.x1*s-ox), float32(b.y1*s-oy))
	c.z.LineTo(float32(b.x0*s-ox), float32(b.y1*s-oy))
	c.z.ClosePath()
	c.src.C = col
	c.z.Draw(c.img, r, &c.src, image.Point{})
}

func (c *rasterCanvas) fillCell(b box, col color.RGBA) {
	s := c.scale
	x0, y0 := int(math.Round(b.x0*s)), int(math.Round(b.y0*s))
	x1, y1 := max(int(math.Round(b.x1*s)), x0+1), max(int(math.Round(b.y1*s)), y0+1)
	c.src.C = col
	draw.Draw(c.img, image.Rect(x0, y0, x1, y1), &c.src, image.Point{}, draw.Src)
}

func (c *rasterCanvas) stroke(pts []pt, width float64, col color.RGBA, dot float64) {
	if len(pts) == 0 {
		return
	}
	reach := math.Max(width/2, dot) + 1
	b := box{pts[0].x, pts[0].y, pts[0].x, pts[0].y}
	for _, p := range pts {
		b = box{math.Min(b.x0, p.x), math.Min(b.y0, p.y), math.Max(b.x1, p.x), math.Max(b.y1, p.y)}
	}
	r := c.pixels(box{b.x0 - reach, b.y0 - reach, b.x1 + reach, b.y1 + reach})
	if r.Empty() {
		return
	}
	c.z.Reset(r.Dx(), r.Dy())
	s, ox, oy := c.scale, float64(r.Min.X), float64(r.Min.Y)
	at := func(p pt) (float64, float64) { return p.x*s - ox, p.y*s - oy }
	hw := width / 2 * s
	// Each segment is a quadrilateral and each join a disc, all wound
	// the same way, so where they overlap the line is painted once.
	for i := 1; i < len(pts) && hw > 0; i++ {
		x0, y0 := at(pts[i-1])
		x1, y1 := at(pts[i])
		dx, dy := x1-x0, y1-y0
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		c.z.MoveTo(float32(x0+nx), float32(y0+ny))
		c.z.LineTo(float32(x1+nx), float32(y1+ny))
		c.z.LineTo(float32(x1-nx), float32(y1-ny))
		c.z.LineTo(float32(x0-nx), float32(y0-ny))
		c.z.ClosePath()
		if i+1 < len(pts) && dot*s < hw {
			disc(&c.z, x1, y1, hw)
		}
	}
	if dot > 0 {
		for _, p := range pts {
			x, y := at(p)
			disc(&c.z, x, y, math.Max(dot*s, hw))
		}
	}
	c.src.C = col
	c.z.Draw(c.img, r, &c.src, image.Point{})
}

// disc adds a circle of radius r at x, y to z, as four cubic arcs wound
// as stroke's quadrilaterals are.
func disc(z *vector.Rasterizer, x, y, r float64) {
	const k = 0.5522847498 // a quarter circle's control distance
	f := func(v float64) float32 { return float32(v) }
	z.MoveTo(f(x+r), f(y))
	z.CubeTo(f(x+r), f(y-k*r), f(x+k*r), f(y-r), f(x), f(y-r))
	z.CubeTo(f(x-k*r), f(y-r), f(x-r), f(y-k*r), f(x-r), f(y))
	z.CubeTo(f(x-r), f(y+k*r), f(x-k*r), f(y+r), f(x), f(y+r))
	z.CubeTo(f(x+k*r), f(y+r), f(x+r), f(y+k*r), f(x+r), f(y))
	z.ClosePath()
}

func (c *rasterCanvas) text(x, y float64, s string, size float64, col color.RGBA, a anchor) {
	face := c.face(size)
	if face == nil {
		return
	}
	px := x * c.scale
	switch a {
	case anchorMiddle:
		px -= float64(font.MeasureString(face, s)) / 64 / 2
	case anchorEnd:
		px -= float64(font.MeasureString(face, s)) / 64
	}
	c.src.C = col
	d := font.Drawer{Dst: c.img, Src: &c.src, Face: face, Dot: fixed.Point26_6{X: fixed.Int26_6(px * 64), Y: fixed.Int26_6(y * c.scale * 64)}}
	d.DrawString(s)
}

func (c *rasterCanvas) width(s string, size float64) float64 {
	face := c.face(size)
	if face == nil {
		return 0
	}
	return float64(font.MeasureString(face, s)) / 64 / c.scale
}
