package bot

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A small iCalendar (RFC 5545) writer for "Add to calendar": one VEVENT
// per file, times in UTC, TEXT values escaped (§3.3.11), content lines
// folded at 75 octets without splitting a UTF-8 sequence (§3.1), every
// line ended by CRLF. It is written here rather than taken from a library:
// the bot needs one event shape, and ~100 lines tested line by line cost
// less than a dependency's surface.

// icsMIMEType is the media type of the files (RFC 5545 §8.1).
const icsMIMEType = "text/calendar; charset=utf-8"

// icsMaxLine is the longest content line allowed, in octets, CRLF not
// counted.
const icsMaxLine = 75

// icsEvent is one calendar event.
type icsEvent struct {
	UID         string    // globally unique and stable for the same booking
	Stamp       time.Time // when the file was made (DTSTAMP)
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string // an absolute URI, e.g. the video link; "" for none
	Tentative   bool   // a waitlist place rather than a confirmed seat
}

// writeICS renders a VCALENDAR holding ev.
func writeICS(ev icsEvent) []byte {
	var w icsWriter
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//Slotbot//Slotbot//EN")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", "PUBLISH")
	w.prop("BEGIN", "VEVENT")
	w.prop("UID", icsText(ev.UID))
	w.prop("DTSTAMP", icsTime(ev.Stamp))
	w.prop("DTSTART", icsTime(ev.Start))
	w.prop("DTEND", icsTime(ev.End))
	w.prop("SUMMARY", icsText(ev.Summary))
	if ev.Location != "" {
		w.prop("LOCATION", icsText(ev.Location))
	}
	if ev.URL != "" {
		w.prop("URL", icsURI(ev.URL))
	}
	if ev.Description != "" {
		w.prop("DESCRIPTION", icsText(ev.Description))
	}
	status := "CONFIRMED"
	if ev.Tentative {
		status = "TENTATIVE"
	}
	w.prop("STATUS", status)
	w.prop("END", "VEVENT")
	w.prop("END", "VCALENDAR")
	return []byte(w.b.String())
}

// icsWriter gathers folded content lines.
type icsWriter struct{ b strings.Builder }

// prop writes "NAME:value" as one folded content line.
func (w *icsWriter) prop(name, value string) {
	w.b.WriteString(icsFold(name + ":" + value))
	w.b.WriteString("\r\n")
}

// feedHeader writes the start of a published calendar feed named name,
// which calendar apps read again every refresh (an ISO 8601 duration).
func (w *icsWriter) feedHeader(name, refresh string) {
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//Slotbot//Slotbot//EN")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", "PUBLISH")
	w.prop("X-WR-CALNAME", icsText(name))
	w.prop("REFRESH-INTERVAL;VALUE=DURATION", refresh)
	w.prop("X-PUBLISHED-TTL", refresh)
}

// icsTime renders an instant as a UTC DATE-TIME: 20260604T163000Z.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value: backslash, semicolon, comma and newlines
// (as \n); other control characters, which TEXT may not hold, are
// dropped, and invalid UTF-8 is replaced.
func icsText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// CONTROL characters are not allowed in TEXT.
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// icsURI keeps a URI value as it is, minus any character a content line
// may not hold (controls), which a real URI never has.
func icsURI(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// icsFold splits a content line into lines of at most 75 octets, each
// continuation starting with one space, never inside a UTF-8 sequence.
func icsFold(line string) string {
	if len(line) <= icsMaxLine {
		return line
	}
	var b strings.Builder
	limit := icsMaxLine // the first line has 75 octets; continuations 74 after the space
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = icsMaxLine - 1
	}
	b.WriteString(line)
	return b.String()
}
