package metrics

import (
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// A family is one metric: its name, help, type and label names, and a
// series per combination of label values seen. The hot path (with, then
// an atomic add) takes no lock and writes no shared word but the
// counter's own: the series are an immutable map behind an atomic
// pointer, copied when a combination is first seen.
type family struct {
	name, help, kind string    // kind: "counter", "gauge" or "histogram"
	labels           []string  // label names, as written: sorted, as Prometheus writes them
	buckets          []float64 // a histogram's upper bounds, ascending; +Inf is implied

	series atomic.Pointer[map[labelValues]*series]
	mu     sync.Mutex // held while a new combination is added
}

// labelValues are a series' label values, in the order of its family's
// labels; every family here has at most two.
type labelValues [2]string

// series is one combination of label values and its value: a counter's
// count, a gauge's float64 bits, or a histogram's counts per bucket
// (not cumulative; the last is above every bound) and sum.
type series struct {
	values labelValues
	n      atomic.Uint64
	counts []atomic.Uint64
	sum    atomic.Uint64 // float64 bits
}

// newFamily is a family without series yet.
func newFamily(kind, name, help string, labels []string, buckets []float64) *family {
	if !slices.IsSorted(labels) || len(labels) > len(labelValues{}) {
		panic("metrics: labels of " + name + " must be sorted and at most two")
	}
	f := &family{name: name, help: help, kind: kind, labels: labels, buckets: buckets}
	f.series.Store(&map[labelValues]*series{})
	return f
}

// with is the series of values, made on first use.
func (f *family) with(values ...string) *series {
	var v labelValues
	copy(v[:], values)
	if s := (*f.series.Load())[v]; s != nil {
		return s
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old := *f.series.Load()
	if s := old[v]; s != nil {
		return s
	}
	s := &series{values: v}
	if f.kind == "histogram" {
		s.counts = make([]atomic.Uint64, len(f.buckets)+1)
	}
	next := make(map[labelValues]*series, len(old)+1)
	for k, o := range old {
		next[k] = o
	}
	next[v] = s
	f.series.Store(&next)
	return s
}

// add counts n more.
func (s *series) add(n uint64) { s.n.Add(n) }

// set sets a gauge.
func (s *series) set(v float64) { s.n.Store(math.Float64bits(v)) }

// observe adds v to a histogram of upper bounds buckets.
func (s *series) observe(buckets []float64, v float64) {
	i := 0
	for i < len(buckets) && v > buckets[i] {
		i++
	}
	s.counts[i].Add(1)
	for {
		old := s.sum.Load()
		if s.sum.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// write writes the family in the text format, its series sorted by
// label values. A histogram's count is the sum of its buckets, read
// once, so the two always agree; its sum may miss an observation that
// was being added.
func (f *family) write(w *textWriter) {
	all := *f.series.Load()
	if len(all) == 0 {
		return
	}
	list := make([]*series, 0, len(all))
	for _, s := range all {
		list = append(list, s)
	}
	slices.SortFunc(list, func(a, b *series) int {
		for i := range a.values {
			if c := strings.Compare(a.values[i], b.values[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	w.header(f.name, f.help, f.kind)
	for _, s := range list {
		labels := f.labels
		values := s.values[:len(labels)]
		switch f.kind {
		case "counter":
			w.sample(f.name, labels, values, "", "", float64(s.n.Load()))
		case "gauge":
			w.sample(f.name, labels, values, "", "", math.Float64frombits(s.n.Load()))
		case "histogram":
			var total uint64
			for i := range s.counts {
				total += s.counts[i].Load()
				le := "+Inf"
				if i < len(f.buckets) {
					le = formatFloat(f.buckets[i])
				}
				w.sample(f.name+"_bucket", labels, values, "le", le, float64(total))
			}
			w.sample(f.name+"_sum", labels, values, "", "", math.Float64frombits(s.sum.Load()))
			w.sample(f.name+"_count", labels, values, "", "", float64(total))
		}
	}
}
