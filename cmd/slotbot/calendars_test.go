package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/ical"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// The three calendars of a coach in Paris, as Google, Outlook and iCloud
// export them, for the weeks of 16 and 23 March 2026.
var (
	workICS = `BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
X-WR-CALNAME:Work
X-WR-TIMEZONE:Europe/Paris
BEGIN:VEVENT
DTSTART;TZID=Europe/Paris:20260310T100000
DTEND;TZID=Europe/Paris:20260310T110000
RRULE:FREQ=WEEKLY;BYDAY=TU
EXDATE;TZID=Europe/Paris:20260324T100000
UID:weekly-review@google.com
SUMMARY:Weekly review
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR
`
	officeICS = `BEGIN:VCALENDAR
METHOD:PUBLISH
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E008000000001
SUMMARY:Focus time
DTSTART;TZID=W. Europe Standard Time:20260317T110000
DTEND;TZID=W. Europe Standard Time:20260317T120000
TRANSP:TRANSPARENT
X-MICROSOFT-CDO-BUSYSTATUS:FREE
END:VEVENT
END:VCALENDAR
`
	homeICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//macOS 14.4//EN
X-WR-CALNAME:Home
BEGIN:VEVENT
DTSTART;VALUE=DATE:20260317
DTEND;VALUE=DATE:20260318
SUMMARY:Bins day
TRANSP:TRANSPARENT
UID:0F7E2C1B-5A4D-4C3B-8A29-1E0D9C8B7A65
END:VEVENT
BEGIN:VEVENT
DTSTART:20260318T100000
DTEND:20260318T110000
SUMMARY:Plumber
UID:A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF
END:VEVENT
END:VCALENDAR
`
)

// A coach with three calendars read through the real fetcher and parser
// from a local server, on a real store: the weekly 10:00 review takes the
// 10:00 slot (and, with 15-minute buffers, 09:00 and 11:00); the free
// focus time and the free all-day event take nothing; the week the review
// is excluded (EXDATE), its slot is open again; the floating plumber call
// blocks Wednesday 10:00 in the coach's zone.
func TestCoachCalendarsLeaveOpenSlots(t *testing.T) {
	files := map[string]string{"/work.ics": workICS, "/office.ics": officeICS, "/home.ics": homeICS}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/calendar")
		_, _ = w.Write([]byte(strings.ReplaceAll(body, "\n", "\r\n")))
	}))
	defer srv.Close()

	ctx := context.Background()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	svc := core.NewService(sqlitetest.Open(t), storetest.NewClock(at("2026-03-16 08:00")))
	coach := &core.Coach{Name: "Ana", Zone: "Europe/Paris"}
	if err := svc.Accounts.CreateCoach(ctx, coach); err != nil {
		t.Fatal(err)
	}
	typ := &core.SessionType{CoachID: coach.ID, Name: "Standard session", Duration: time.Hour, Online: true, Capacity: 1}
	if err := svc.Catalog.CreateSessionType(ctx, typ); err != nil {
		t.Fatal(err)
	}
	rules := core.DefaultAvailability("Europe/Paris")
	rules.Weekly = [7][]core.TimeRange{time.Tuesday: {{Start: 9 * 60, End: 13 * 60}}, time.Wednesday: {{Start: 9 * 60, End: 13 * 60}}}
	rules.Step, rules.MinNotice = time.Hour, 0
	if err := svc.Slots.SetAvailability(ctx, coach.ID, rules); err != nil {
		t.Fatal(err)
	}
	cals := core.NewCalendars(svc, ical.Source{Fetcher: ical.NewFetcher(ical.FetchOptions{AllowLoopback: true})})
	found := map[string]int{} // busy times in the next 60 days: Tuesdays 17 March to 12 May but the 24th
	for _, path := range []string{"/work.ics", "/office.ics", "/home.ics"} {
		check, err := cals.Connect(ctx, coach.ID, srv.URL+path, "")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		found[check.Calendar.Name] = check.Found
	}
	if want := map[string]int{"Work": 8, "Calendar 2": 0, "Home": 1}; !reflect.DeepEqual(found, want) {
		t.Fatalf("found %v, want %v", found, want)
	}
	day := func(d string) []string {
		t.Helper()
		slots, err := svc.Slots.OpenSlots(ctx, coach.ID, typ.ID, at(d+" 00:00"), at(d+" 23:59"))
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, s := range slots {
			out = append(out, s.In(paris).Format("15:04"))
		}
		return out
	}
	for _, c := range []struct {
		day  string
		want []string
	}{
		{"2026-03-17", []string{"09:00", "11:00", "12:00"}},          // review at 10:00; focus time is free
		{"2026-03-18", []string{"09:00", "11:00", "12:00"}},          // floating plumber at 10:00 Paris
		{"2026-03-24", []string{"09:00", "10:00", "11:00", "12:00"}}, // the review's week off
		{"2026-03-31", []string{"09:00", "11:00", "12:00"}},          // after the DST change, still 10:00
	} {
		if got := day(c.day); !reflect.DeepEqual(got, c.want) {
			t.Fatalf("%s: open %v, want %v", c.day, got, c.want)
		}
	}
	rules.BufferBefore, rules.BufferAfter = 15*time.Minute, 15*time.Minute
	if err := svc.Slots.SetAvailability(ctx, coach.ID, rules); err != nil {
		t.Fatal(err)
	}
	if got, want := day("2026-03-17"), []string{"12:00"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("with buffers: open %v, want %v", got, want)
	}
}

// The coach's agenda feed is served at /agenda/<token>.ics with the
// booked client's name; an unknown token is a 404. Read back through the
// calendar parser, it gives no busy time: a coach who imports it into the
// calendar Slotbot reads does not block their own sessions twice.
func TestCoachAgendaFeedRoute(t *testing.T) {
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	clock := storetest.NewClock(time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC))
	svc := core.NewService(sqlitetest.Open(t), clock)
	demo, err := svc.Admin.SeedDemo(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	maria := &core.Client{Name: "Maria", Zone: "Europe/Paris", Language: "en"}
	if err := svc.Accounts.CreateClient(ctx, maria); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 6, 3, 10, 0, 0, 0, paris)
	if _, err := svc.Slots.BookSlot(ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: demo.Coach.ID, TypeID: demo.Consultation.ID, Start: start}); err != nil {
		t.Fatal(err)
	}
	token, err := svc.Slots.NewCoachFeed(ctx, demo.Coach.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := bot.New(svc, bot.Options{})
	srv := httptest.NewServer(routes{coachFeed: b.CoachFeed, log: slog.New(slog.DiscardHandler)}.handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + bot.CoachFeedPath + token + ".ics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "SUMMARY:Free consultation — Maria\r\n") ||
		!strings.Contains(string(body), "DTSTART:20260603T080000Z\r\n") || !strings.Contains(string(body), "X-WR-CALNAME:Slotbot agenda\r\n") {
		t.Fatalf("GET the agenda: %d\n%s", resp.StatusCode, body)
	}
	cal, err := ical.Parse(body, ical.ParseOptions{Zone: paris, From: clock.Now(), To: clock.Now().AddDate(0, 0, 30)})
	if err != nil || len(cal.Busy) != 0 {
		t.Fatalf("the agenda read back: %v, %v", cal, err)
	}
	resp, err = http.Get(srv.URL + bot.CoachFeedPath + strings.Repeat("A", core.FeedTokenLen) + ".ics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("an unknown token: %d", resp.StatusCode)
	}
}
