package metrics

import (
	"math"
	"strconv"
	"strings"
)

// contentType is Prometheus's text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/).
const contentType = "text/plain; version=0.0.4; charset=utf-8"

// textWriter builds one scrape's body in the text format.
type textWriter struct{ b []byte }

// header writes a family's HELP and TYPE lines.
func (w *textWriter) header(name, help, kind string) {
	w.b = append(w.b, "# HELP "...)
	w.b = append(w.b, name...)
	w.b = append(w.b, ' ')
	w.b = appendEscaped(w.b, help, false)
	w.b = append(w.b, "\n# TYPE "...)
	w.b = append(w.b, name...)
	w.b = append(w.b, ' ')
	w.b = append(w.b, kind...)
	w.b = append(w.b, '\n')
}

// sample writes one sample line: name, the labels with their values,
// one more label (extra, a histogram's le or a summary's quantile)
// unless extra is empty, and v.
func (w *textWriter) sample(name string, labels, values []string, extra, extraValue string, v float64) {
	w.b = append(w.b, name...)
	if len(labels) > 0 || extra != "" {
		w.b = append(w.b, '{')
		for i, l := range labels {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendLabel(w.b, l, values[i])
		}
		if extra != "" {
			if len(labels) > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendLabel(w.b, extra, extraValue)
		}
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ' ')
	w.b = appendFloat(w.b, v)
	w.b = append(w.b, '\n')
}

// gauge writes a family of one unlabelled gauge.
func (w *textWriter) gauge(name, help string, v float64) {
	w.header(name, help, "gauge")
	w.sample(name, nil, nil, "", "", v)
}

// counter writes a family of one unlabelled counter.
func (w *textWriter) counter(name, help string, v float64) {
	w.header(name, help, "counter")
	w.sample(name, nil, nil, "", "", v)
}

// appendLabel appends name="value", the value escaped.
func appendLabel(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendEscaped(b, value, true)
	return append(b, '"')
}

// appendEscaped appends s with backslash and line feed escaped, and the
// double quote too in a label value.
func appendEscaped(b []byte, s string, quote bool) []byte {
	if !strings.ContainsAny(s, "\\\n\"") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			b = append(b, `\\`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '"' && quote:
			b = append(b, `\"`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendFloat appends v as Prometheus's own exposition writes it.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case v == 1:
		return append(b, '1')
	case v == 0:
		return append(b, '0')
	case v == -1:
		return append(b, "-1"...)
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// formatFloat is appendFloat's string.
func formatFloat(v float64) string { return string(appendFloat(nil, v)) }
