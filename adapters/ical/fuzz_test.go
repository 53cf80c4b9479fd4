package ical

import (
	"testing"
	"time"
)

// FuzzParse: whatever a calendar server sends, Parse returns (no panic,
// no endless expansion) and every busy time it gives lasts some time,
// overlaps the window, and comes in order.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"google.ics", "outlook.ics", "icloud.ics"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte("BEGIN:VCALENDAR\r\nX;A=b\r\nBEGIN:VEVENT\r\nDTSTART:20260310T100000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 3, 16, 0, 0, 0, 0, paris)
	to := from.AddDate(0, 0, 30)
	f.Fuzz(func(t *testing.T, data []byte) {
		cal, err := Parse(data, ParseOptions{Zone: paris, From: from, To: to})
		if err != nil {
			return
		}
		if len(cal.Busy) > maxBusy {
			t.Fatalf("%d busy times", len(cal.Busy))
		}
		for i, b := range cal.Busy {
			if !b.End.After(b.Start) || !b.End.After(from) || !b.Start.Before(to) {
				t.Fatalf("busy time %v outside the window or empty", b)
			}
			if i > 0 && b.Start.Before(cal.Busy[i-1].Start) {
				t.Fatalf("busy times out of order at %d", i)
			}
		}
	})
}
