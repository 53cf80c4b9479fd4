package ical

import (
	"bytes"
	"errors"
)

// Busy times need a dozen properties of an iCalendar file; descriptions,
// attendees, alarms and attachments are most of its bytes. slim keeps the
// content lines of those properties (with their folded continuations) and
// drops the rest before the decoder sees the file: parsing gets several
// times faster, the titles and guests of a coach's events never reach
// memory as values, and the decoder only meets lines of a bounded shape.

// kept are the property names whose lines slim keeps.
var kept = map[string]bool{
	"BEGIN": true, "END": true, "DTSTART": true, "DTEND": true, "DURATION": true,
	"RRULE": true, "RDATE": true, "EXDATE": true, "RECURRENCE-ID": true, "UID": true,
	"STATUS": true, "TRANSP": true, "X-MICROSOFT-CDO-BUSYSTATUS": true,
	"TZID": true, "TZOFFSETFROM": true, "TZOFFSETTO": true, "X-WR-CALNAME": true, "X-WR-TIMEZONE": true,
}

// maxHead bounds a kept line's name and parameters (before the value):
// no property slim keeps needs more, and the decoder's parameter parsing
// grows with their square.
const maxHead = 1024

// maxValue bounds a kept line's value: an EXDATE list of a few thousand
// dates fits.
const maxValue = 256 << 10

// maxDepth bounds how deep components nest (VCALENDAR, VTIMEZONE,
// STANDARD is 3; VEVENT, VALARM 3 too).
const maxDepth = 8

// errNotICal is a file that is not an iCalendar at all.
var errNotICal = errors.New("ical: not an iCalendar file")

// slim returns the kept lines of data, each ending in CRLF, unfolded
// continuations kept as they were. A line with a longer head or value
// than allowed is dropped; components nested too deep or a file without
// BEGIN:VCALENDAR are errors.
func slim(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data)/4+64)
	keeping := false // the last content line was kept: its continuations are too
	lineStart := 0   // where the current kept line began in out
	depth, calendars := 0, 0
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			if keeping {
				out = append(out, line...)
				out = append(out, '\r', '\n')
				if len(out)-lineStart > maxHead+maxValue {
					out, keeping = out[:lineStart], false
				}
			}
			continue
		}
		keeping = false
		if len(line) == 0 {
			continue
		}
		head := line
		if i := bytes.IndexAny(line, ";:"); i > 0 {
			head = line[:i]
		} else {
			continue // not a content line
		}
		name := string(head) // no copy: Go reads a map with string(bytes) in place
		if !kept[string(head)] {
			if !hasLower(head) || !kept[string(bytes.ToUpper(head))] {
				continue
			}
			name = string(bytes.ToUpper(head))
		}
		colon := valueStart(line)
		if colon < 0 || colon > maxHead || len(line)-colon > maxValue {
			continue
		}
		switch name {
		case "BEGIN":
			depth++
			if depth > maxDepth {
				return nil, errNotICal
			}
			if depth == 1 {
				if !bytes.EqualFold(bytes.TrimSpace(line[colon+1:]), []byte("VCALENDAR")) {
					return nil, errNotICal
				}
				calendars++
			}
		case "END":
			depth--
			if depth < 0 {
				return nil, errNotICal
			}
		}
		if calendars > 1 {
			break // a second calendar in one file: the first is read
		}
		lineStart = len(out)
		out = append(out, line...)
		out = append(out, '\r', '\n')
		keeping = true
	}
	if calendars == 0 {
		return nil, errNotICal
	}
	return out, nil
}

// valueStart is the index of the colon that ends a content line's name
// and parameters (quoted parameter values may hold colons), or -1.
func valueStart(line []byte) int {
	quoted := false
	for i, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ':' && !quoted:
			return i
		}
	}
	return -1
}

// hasLower reports whether b has an ASCII lower-case letter.
func hasLower(b []byte) bool {
	for _, c := range b {
		if 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}
