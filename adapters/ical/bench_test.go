package ical

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// bigCalendar is a 2 MB calendar of 3,000 events, 200 of them weekly or
// daily series (some with exceptions), in the shape Google exports:
// every event with a description, a place, an alarm.
func bigCalendar() []byte {
	var b bytes.Buffer
	b.WriteString("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:Busy coach\r\n")
	start := time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)
	desc := strings.Repeat("Agenda and notes for the meeting\\, with links and dial-in numbers. ", 4)
	for i := 0; i < 3000; i++ {
		s := start.Add(time.Duration(i) * 173 * time.Minute)
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:%s\r\nDTEND;TZID=Europe/Paris:%s\r\nDTSTAMP:20260101T000000Z\r\nUID:%d-k2j3h4g5f6d7s8a9@google.com\r\n",
			s.Format("20060102T150405"), s.Add(time.Hour).Format("20060102T150405"), i)
		if i%15 == 0 {
			if i%30 == 0 {
				b.WriteString("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n")
			} else {
				b.WriteString("RRULE:FREQ=DAILY;INTERVAL=2\r\n")
			}
			fmt.Fprintf(&b, "EXDATE;TZID=Europe/Paris:%s\r\n", s.AddDate(0, 0, 14).Format("20060102T150405"))
		}
		fmt.Fprintf(&b, "CREATED:20250101T000000Z\r\nDESCRIPTION:%s\r\nLAST-MODIFIED:20250101T000000Z\r\nLOCATION:Meeting room %d\\, 4th floor\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Meeting %d\r\nTRANSP:OPAQUE\r\n", desc, i%40, i)
		b.WriteString("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:This is an event reminder\r\nTRIGGER:-P0DT0H10M0S\r\nEND:VALARM\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.Bytes()
}

// BenchmarkParse2MB is the target (< 50 ms/op): parse the file
// and expand it over 90 days.
func BenchmarkParse2MB(b *testing.B) {
	data := bigCalendar()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, paris)
	o := ParseOptions{Zone: paris, From: from, To: from.AddDate(0, 0, 90)}
	b.SetBytes(int64(len(data)))
	var n int
	for b.Loop() {
		cal, err := Parse(data, o)
		if err != nil {
			b.Fatal(err)
		}
		n = len(cal.Busy)
	}
	b.ReportMetric(float64(len(data))/1e6, "MB")
	b.ReportMetric(float64(n), "busy")
}
