package locales

import (
	"runtime"
	"strings"
	"testing"
)

// BenchmarkRender renders a text with two arguments and a text with a
// plural count, as a reply does.
func BenchmarkRender(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Render("fr", "zone.set", "Zone", "Europe/Paris", "Now", "18:00"); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Render("ru", "book.price_credits", "Count", 22); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeapAfterLoad reports the heap a catalog keeps live once every
// text of every language has been rendered once, as a running bot's has:
// what every garbage collection marks and what doubles into its goal.
func BenchmarkHeapAfterLoad(b *testing.B) {
	var live uint64
	for b.Loop() {
		before := heapAlloc()
		c, err := Load(files)
		if err != nil {
			b.Fatal(err)
		}
		for _, lang := range c.Languages() {
			for _, key := range c.Keys(Fallback) {
				renderAll(c, lang, key)
			}
		}
		live = heapAlloc() - before
		runtime.KeepAlive(c)
	}
	b.ReportMetric(float64(live)/(1<<20), "live-MiB")
}

// renderAll renders key once in lang with every argument its English
// text names, and a Count.
func renderAll(c *Catalog, lang, key string) {
	args := []any{}
	for _, src := range c.Forms(Fallback, key) {
		for _, name := range argNames(src) {
			v := any("x")
			if name == CountArg {
				v = 2
			}
			args = append(args, name, v)
		}
	}
	_, _ = c.Render(lang, key, args...)
}

// heapAlloc is the heap's live bytes after a full collection.
func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// argNames returns the {{.Name}} arguments of src in order, repeats included.
func argNames(src string) []string {
	var out []string
	for {
		i := indexOf(src, "{{.")
		if i < 0 {
			return out
		}
		src = src[i+3:]
		j := indexOf(src, "}}")
		if j < 0 {
			return out
		}
		out = append(out, src[:j])
		src = src[j+2:]
	}
}

func indexOf(s, sub string) int { return strings.Index(s, sub) }
