package storetest

// Service cases for coaches' own calendars (core/calendar*.go): busy times
// leave the open slots, connecting reads at once and stores nothing when
// refused, refreshing keeps the last good copy and tells the coach once,
// new busy times over bookings are told, group planning meets them, and
// the coach's agenda feed. The calendars come from calSource, a scripted
// core.CalendarSource: the real one (fetching and parsing iCalendar) is
// an adapter with its own tests, and cmd/slotbot runs the two together.
// Every package-level name here starts with cal or testCal.

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// calAnswer is what one address gives now.
type calAnswer struct {
	name    string
	etag    string
	busy    []core.Interval
	problem core.CalendarProblem // set: the read fails with it
}

// calSource answers reads from a script by address and remembers them.
type calSource struct {
	mu      sync.Mutex
	answers map[string]calAnswer
	reads   []core.CalendarFetch
}

func newCalSource() *calSource { return &calSource{answers: map[string]calAnswer{}} }

// set scripts what url gives from now on.
func (s *calSource) set(url string, a calAnswer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[url] = a
}

// Fetch answers from the script: a problem, a 304 when the validator
// matches, else the busy times overlapping the window.
func (s *calSource) Fetch(_ context.Context, f core.CalendarFetch) (*core.CalendarCopy, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads = append(s.reads, f)
	a, ok := s.answers[f.URL]
	switch {
	case !ok:
		return nil, core.NewCalendarError(core.CalendarNotFound, 404, nil)
	case a.problem != "":
		return nil, core.NewCalendarError(a.problem, 0, errors.New("scripted"))
	case a.etag != "" && f.ETag == a.etag:
		return &core.CalendarCopy{NotModified: true, ETag: a.etag}, nil
	}
	cp := &core.CalendarCopy{ETag: a.etag, Name: a.name}
	for _, b := range a.busy {
		if b.End.After(f.From) && b.Start.Before(f.To) {
			cp.Busy = append(cp.Busy, b)
		}
	}
	return cp, nil
}

// readsOf lists the reads of url so far.
func (s *calSource) readsOf(url string) []core.CalendarFetch {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []core.CalendarFetch
	for _, r := range s.reads {
		if r.URL == url {
			out = append(out, r)
		}
	}
	return out
}

// calWorld is the fixture's studio with a coach who chats (so notices
// reach her), her calendars service and the scripted source.
type calWorld struct {
	*fixture
	src   *calSource
	cals  *core.Calendars
	paris *time.Location
}

// newCalWorld gives Ana a chat account and 1:1 hours on Tuesdays
// 09:00–13:00, a slot every hour, no notice.
func newCalWorld(t *testing.T, open Opener) *calWorld {
	f := newFixture(t, open)
	w := &calWorld{fixture: f, src: newCalSource(), paris: slotZone(t, "Europe/Paris")}
	w.cals = core.NewCalendars(f.svc, w.src)
	me := f.client("Ana herself")
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		f.coach.ClientID = me.ID
		return tx.UpdateCoach(f.coach)
	}))
	rules := core.DefaultAvailability("Europe/Paris")
	rules.Weekly = [7][]core.TimeRange{time.Tuesday: {slotRange(t, "09:00-13:00")}}
	rules.Step, rules.MinNotice = time.Hour, 0
	f.must(f.svc.Slots.SetAvailability(f.ctx, f.coach.ID, rules))
	return w
}

// at is a wall time in Paris.
func (w *calWorld) at(s string) time.Time { return slotAt(w.t, w.paris, s) }

// busy is a busy time between two Paris wall times.
func (w *calWorld) busy(from, to string) core.Interval {
	return core.Interval{Start: w.at(from).UTC(), End: w.at(to).UTC()}
}

// tuesday lists the open starts of the 1-hour type on Tuesday 2 June.
func (w *calWorld) tuesday() []string {
	return slotShow(w.slotOpen(w.paid, w.at("2026-06-02 00:00"), w.at("2026-06-03 00:00")), w.paris, "15:04")
}

// connect connects url and fails the test on error.
func (w *calWorld) connect(url, name string) *core.CalendarCheck {
	w.t.Helper()
	c, err := w.cals.Connect(w.ctx, w.coach.ID, url, name)
	w.must(err)
	return c
}

// coachNotices lists the coach's notices of kind.
func (w *calWorld) coachNotices(kind core.NoticeKind) []*core.Notice {
	return w.notices(core.NoticeFilter{ToKind: core.ToCoach, ToID: w.coach.ID, Kind: kind})
}

// A coach with three calendars: the work one's 10:00 meeting takes the
// 10:00 slot, the personal one's lunch run at 12:30 the 12:00 one; the
// third has nothing on Tuesday. With 15-minute buffers the meeting also
// takes 09:00 and 11:00. Removing the work calendar gives its slots back.
func testCalBusyLeavesSlots(t *testing.T, open Opener) {
	w := newCalWorld(t, open)
	slotEqual(t, "before any calendar", w.tuesday(), []string{"09:00", "10:00", "11:00", "12:00"})
	w.src.set("https://cal.example/work.ics", calAnswer{name: "Work", busy: []core.Interval{w.busy("2026-06-02 10:00", "2026-06-02 11:00")}})
	w.src.set("https://cal.example/home.ics", calAnswer{busy: []core.Interval{w.busy("2026-06-02 12:30", "2026-06-02 12:45")}})
	w.src.set("https://cal.example/club.ics", calAnswer{busy: []core.Interval{w.busy("2026-06-03 10:00", "2026-06-03 11:00")}})
	work := w.connect("webcal://cal.example/work.ics", "")
	slotEqual(t, "address read as https", work.Calendar.URL, "https://cal.example/work.ics")
	slotEqual(t, "named after the calendar", work.Calendar.Name, "Work")
	home := w.connect("https://cal.example/home.ics", "")
	slotEqual(t, "a calendar without a name is numbered", home.Calendar.Name, "Calendar 2")
	w.connect("https://cal.example/club.ics", "Club")
	slotEqual(t, "three calendars", w.tuesday(), []string{"09:00", "11:00"})

	rules, err := w.svc.Slots.CoachAvailability(w.ctx, w.coach.ID)
	w.must(err)
	rules.BufferBefore, rules.BufferAfter = 15*time.Minute, 15*time.Minute
	w.must(w.svc.Slots.SetAvailability(w.ctx, w.coach.ID, *rules))
	slotEqual(t, "with 15-minute buffers", w.tuesday(), []string{})

	_, err = w.cals.RemoveCalendar(w.ctx, w.coach.ID, work.Calendar.ID)
	w.must(err)
	slotEqual(t, "work calendar removed", w.tuesday(), []string{"09:00", "10:00", "11:00"})
	days, err := w.svc.Slots.OpenDays(w.ctx, w.coach.ID, w.paid.ID, w.at("2026-06-02 00:00"), w.at("2026-06-10 00:00"), w.paris)
	w.must(err)
	slotEqual(t, "open days", days, []string{"2026-06-02", "2026-06-09"})
}

// Connecting reads the address at once and counts what it found; a
// refused address, or one that does not read, leaves nothing behind and
// a file: address is not even read. The same address twice, an eleventh
// calendar, another coach's calendar: refused.
func testCalConnect(t *testing.T, open Opener) {
	w := newCalWorld(t, open)
	before := w.snapshot()
	for _, c := range []struct {
		url     string
		problem core.CalendarProblem
	}{
		{"file:///etc/passwd", core.CalendarScheme},
		{"ftp://cal.example/x.ics", core.CalendarScheme},
		{"not a link", core.CalendarBadURL},
		{"https://user:secret@cal.example/x.ics", core.CalendarBadURL},
	} {
		_, err := w.cals.Connect(w.ctx, w.coach.ID, c.url, "")
		expectCode(t, err, core.EINVALID)
		if p, _ := core.CalendarProblemOf(err); p != c.problem {
			t.Fatalf("%s: problem %q, want %q", c.url, p, c.problem)
		}
	}
	slotEqual(t, "refused before any read", len(w.src.reads), 0)
	w.src.set("https://127.0.0.1/x.ics", calAnswer{problem: core.CalendarPrivate})
	_, err := w.cals.Connect(w.ctx, w.coach.ID, "https://127.0.0.1/x.ics", "")
	if p, _ := core.CalendarProblemOf(err); p != core.CalendarPrivate {
		t.Fatalf("problem %q (%v), want private", p, err)
	}
	slotEqual(t, "nothing stored", w.snapshot(), before)

	var busy []core.Interval
	// A 07:00 run every other day for 90 days, and one this morning: 30
	// of them in the next 60 days, 32 kept (this morning's and a day past
	// the 60).
	for d := 0; d < 90; d++ {
		if d%2 == 0 || d == 1 {
			start := w.at("2026-05-31 07:00").AddDate(0, 0, d)
			busy = append(busy, core.Interval{Start: start.UTC(), End: start.Add(time.Hour).UTC()})
		}
	}
	w.src.set("https://cal.example/runs.ics", calAnswer{name: "  Running\n club ", busy: busy})
	check := w.connect("https://cal.example/runs.ics", "")
	slotEqual(t, "found", []any{check.Found, check.Days}, []any{30, 60})
	slotEqual(t, "name tidied", check.Calendar.Name, "Running club")
	cal, err := w.cals.CoachCalendar(w.ctx, w.coach.ID, check.Calendar.ID)
	w.must(err)
	slotEqual(t, "stored", []any{cal.Busy, cal.LastOK.IsZero(), cal.BusyUntil.After(T0.AddDate(0, 0, 60))}, []any{32, false, true})
	read := w.src.readsOf("https://cal.example/runs.ics")[0]
	slotEqual(t, "read in the coach's zone over the horizon",
		[]any{read.Zone.String(), read.From, read.To, read.ETag}, []any{"Europe/Paris", T0.Add(-24 * time.Hour), T0.Add(61 * 24 * time.Hour), ""})

	_, err = w.cals.Connect(w.ctx, w.coach.ID, "webcal://cal.example/runs.ics", "Again")
	expectCode(t, err, core.ECONFLICT)
	_, err = w.cals.RenameCalendar(w.ctx, w.coach.ID, cal.ID, " ")
	expectCode(t, err, core.EINVALID)
	renamed, err := w.cals.RenameCalendar(w.ctx, w.coach.ID, cal.ID, "Runs")
	w.must(err)
	slotEqual(t, "renamed", renamed.Name, "Runs")

	lena := &core.Coach{Name: "Lena", Zone: "America/Los_Angeles"}
	w.must(w.svc.Accounts.CreateCoach(w.ctx, lena))
	_, err = w.cals.RemoveCalendar(w.ctx, lena.ID, cal.ID)
	expectCode(t, err, core.ENOTFOUND)
	_, err = w.cals.RenameCalendar(w.ctx, lena.ID, cal.ID, "Mine")
	expectCode(t, err, core.ENOTFOUND)

	for i := 2; i <= 10; i++ {
		u := "https://cal.example/" + string(rune('a'+i)) + ".ics"
		w.src.set(u, calAnswer{})
		w.connect(u, "")
	}
	w.src.set("https://cal.example/eleven.ics", calAnswer{})
	_, err = w.cals.Connect(w.ctx, w.coach.ID, "https://cal.example/eleven.ics", "")
	expectCode(t, err, core.EINVALID)
	list, err := w.cals.CoachCalendars(w.ctx, w.coach.ID)
	w.must(err)
	slotEqual(t, "ten calendars", len(list), 10)
}

// Refreshing: an unchanged calendar costs a conditional read; a failing
// one keeps its last good copy, and the coach hears of it once, an hour
// after it started failing, and once more when it reads again. A
// calendar unchanged past its expanded horizon is read again in full.
func testCalRefresh(t *testing.T, open Opener) {
	w := newCalWorld(t, open)
	const u = "https://cal.example/work.ics"
	w.src.set(u, calAnswer{etag: `"v1"`, busy: []core.Interval{w.busy("2026-06-02 10:00", "2026-06-02 11:00")}})
	cal := w.connect(u, "Work").Calendar
	refresh := func() int {
		t.Helper()
		n, err := w.cals.Refresh(w.ctx)
		w.must(err)
		return n
	}
	w.clock.Advance(10 * time.Minute)
	slotEqual(t, "unchanged: nothing to do", refresh(), 0)
	reads := w.src.readsOf(u)
	slotEqual(t, "conditional read", reads[len(reads)-1].ETag, `"v1"`)

	w.src.set(u, calAnswer{problem: core.CalendarNotFound})
	failedAt := w.clock.Now().Add(10 * time.Minute)
	for i := 0; i < 6; i++ { // the sixth failed read is 50 minutes after the first
		w.clock.Advance(10 * time.Minute)
		refresh()
	}
	slotEqual(t, "50 minutes of failure: not told yet", len(w.coachNotices(core.NoticeCoachCalendarFailing)), 0)
	slotEqual(t, "the last good copy still counts", w.tuesday(), []string{"09:00", "11:00", "12:00"})
	w.clock.Advance(10 * time.Minute)
	refresh()
	w.clock.Advance(10 * time.Minute)
	refresh()
	failing := w.coachNotices(core.NoticeCoachCalendarFailing)
	slotEqual(t, "told once after an hour", len(failing), 1)
	slotEqual(t, "what the notice says", failing[0].Data, map[string]string{"calendar_id": itoa(cal.ID), "name": "Work",
		"problem": "not_found", "since": failedAt.UTC().Format(time.RFC3339)})
	got, err := w.cals.CoachCalendar(w.ctx, w.coach.ID, cal.ID)
	w.must(err)
	slotEqual(t, "failing state", []any{got.Problem, got.FailingSince.Equal(failedAt), got.FailNotified}, []any{core.CalendarNotFound, true, true})
	slotEqual(t, "still the last good copy", w.tuesday(), []string{"09:00", "11:00", "12:00"})

	w.src.set(u, calAnswer{etag: `"v2"`, busy: []core.Interval{w.busy("2026-06-02 12:00", "2026-06-02 13:00")}})
	w.clock.Advance(10 * time.Minute)
	refresh()
	w.clock.Advance(10 * time.Minute)
	refresh()
	slotEqual(t, "told it works again, once", len(w.coachNotices(core.NoticeCoachCalendarBack)), 1)
	slotEqual(t, "still told of the failure once", len(w.coachNotices(core.NoticeCoachCalendarFailing)), 1)
	slotEqual(t, "the new copy counts", w.tuesday(), []string{"09:00", "10:00", "11:00"})
	got, err = w.cals.CoachCalendar(w.ctx, w.coach.ID, cal.ID)
	w.must(err)
	slotEqual(t, "cleared", []any{got.Problem, got.FailingSince.IsZero(), got.FailNotified, got.ETag}, []any{core.CalendarProblem(""), true, false, `"v2"`})

	w.clock.Advance(3 * 24 * time.Hour)
	refresh()
	reads = w.src.readsOf(u)
	slotEqual(t, "the horizon moved past the copy: read in full", reads[len(reads)-1].ETag, "")
	w.clock.Advance(10 * time.Minute)
	refresh()
	reads = w.src.readsOf(u)
	slotEqual(t, "then conditional again", reads[len(reads)-1].ETag, `"v2"`)
}

// A new busy time over a booked 1:1 tells the coach, once, with the
// booking; the booking stays. A busy time over a session nobody booked
// tells nothing. A group series planned over a busy time is refused with
// the clash unless the coach schedules it anyway.
func testCalClash(t *testing.T, open Opener) {
	w := newCalWorld(t, open)
	const u = "https://cal.example/work.ics"
	w.src.set(u, calAnswer{})
	cal := w.connect(u, "Work").Calendar
	maria := w.client("Maria")
	res, err := w.svc.Slots.BookSlot(w.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: w.coach.ID, TypeID: w.free.ID,
		Start: w.at("2026-06-02 11:00")})
	w.must(err)
	empty := w.session(w.class, 50*time.Hour, 8) // Wednesday 12:00 in Paris, nobody booked

	w.src.set(u, calAnswer{busy: []core.Interval{w.busy("2026-06-02 11:15", "2026-06-02 12:00"), w.busy("2026-06-03 11:30", "2026-06-03 12:30")}})
	w.clock.Advance(10 * time.Minute)
	_, err = w.cals.Refresh(w.ctx)
	w.must(err)
	w.clock.Advance(10 * time.Minute)
	_, err = w.cals.Refresh(w.ctx)
	w.must(err)
	clashes := w.coachNotices(core.NoticeCoachCalendarClash)
	slotEqual(t, "one notice", len(clashes), 1)
	n := clashes[0]
	slotEqual(t, "about Maria's booking", []any{n.BookingID, n.SessionID, n.Data}, []any{res.Booking.ID, res.Booking.SessionID,
		map[string]string{"calendar_id": itoa(cal.ID), "name": "Work", "busy_start": "2026-06-02T09:15:00Z",
			"busy_end": "2026-06-02T10:00:00Z", "booked": "1", "client_id": itoa(maria.ID)}})
	slotEqual(t, "nothing cancelled", w.booking(res.Booking.ID).Status, core.BookingConfirmed)
	slotEqual(t, "the empty class is not told", len(w.notices(core.NoticeFilter{SessionID: empty.ID, Kind: core.NoticeCoachCalendarClash})), 0)

	series := core.ScheduleRequest{CoachID: w.coach.ID, TypeID: w.class.ID, Start: w.at("2026-06-03 11:00"), Capacity: 8}
	before := w.snapshot()
	_, err = w.svc.Catalog.ScheduleSeries(w.ctx, series, 3)
	expectCode(t, err, core.ECONFLICT)
	var clash *core.BusyClashError
	if !errors.As(err, &clash) {
		t.Fatalf("%v is not a *core.BusyClashError", err)
	}
	slotEqual(t, "the first week meets the busy time", clash.Clashes, []core.PlanClash{{Start: w.at("2026-06-03 11:00").UTC(),
		Busy: core.Interval{Start: w.at("2026-06-03 11:30").UTC(), End: w.at("2026-06-03 12:30").UTC()}}})
	slotEqual(t, "nothing scheduled", w.snapshot(), before)
	series.Start = w.at("2026-06-03 09:00") // 09:00–10:00 ends before 11:30
	rules, err := w.svc.Slots.CoachAvailability(w.ctx, w.coach.ID)
	w.must(err)
	rules.BufferAfter = 2 * time.Hour // … but not with two hours kept free after it
	w.must(w.svc.Slots.SetAvailability(w.ctx, w.coach.ID, *rules))
	_, err = w.svc.Catalog.ScheduleSeries(w.ctx, series, 3)
	expectCode(t, err, core.ECONFLICT)
	series.IgnoreCalendars = true
	ss, err := w.svc.Catalog.ScheduleSeries(w.ctx, series, 3)
	w.must(err)
	slotEqual(t, "scheduled anyway", len(ss), 3)
}

// The coach's agenda feed lists the coach's scheduled sessions with who
// is booked; a new link retires the old, a malformed token is not found.
func testCalCoachFeed(t *testing.T, open Opener) {
	w := newCalWorld(t, open)
	has, err := w.svc.Slots.HasCoachFeed(w.ctx, w.coach.ID)
	w.must(err)
	slotEqual(t, "no feed yet", has, false)
	maria, _ := w.withPass("Maria", w.pack)
	tom, _ := w.withPass("Tom", w.pack)
	class := w.session(w.class, 26*time.Hour, 8)
	for _, c := range []*core.Client{maria, tom} {
		_, err := w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: c.ID, SessionID: class.ID})
		w.must(err)
	}
	_, err = w.svc.Slots.BookSlot(w.ctx, core.BookSlotRequest{ClientID: tom.ID, CoachID: w.coach.ID, TypeID: w.free.ID, Start: w.at("2026-06-02 09:00")})
	w.must(err)
	cancelled := w.session(w.class, 30*time.Hour, 8)
	_, err = w.svc.Bookings.CancelSession(w.ctx, w.coach.ID, cancelled.ID, "")
	w.must(err)
	old, err := w.svc.Slots.NewCoachFeed(w.ctx, w.coach.ID)
	w.must(err)
	token, err := w.svc.Slots.NewCoachFeed(w.ctx, w.coach.ID)
	w.must(err)
	_, _, _, _, err = w.svc.Slots.CoachFeed(w.ctx, old)
	expectCode(t, err, core.ENOTFOUND)
	_, _, _, _, err = w.svc.Slots.CoachFeed(w.ctx, "../../etc/passwd")
	expectCode(t, err, core.ENOTFOUND)
	coach, lang, entries, at, err := w.svc.Slots.CoachFeed(w.ctx, token)
	w.must(err)
	slotEqual(t, "coach and language", []any{coach.ID, lang}, []any{w.coach.ID, "en"})
	slotEqual(t, "read now", at.Equal(T0), true)
	var got [][]string
	for _, e := range entries {
		got = append(got, append([]string{e.Session.Start.In(w.paris).Format("Mon 15:04"), e.Type.Name}, e.Names...))
	}
	slotEqual(t, "sessions with who is booked", got, [][]string{{"Tue 09:00", "Free consultation", "Tom"},
		{"Tue 12:00", "Yoga class", "Maria", "Tom"}})
	slotEqual(t, "sorted", slices.IsSortedFunc(entries, func(a, b *core.AgendaEntry) int { return a.Session.Start.Compare(b.Session.Start) }), true)
}

// itoa formats an id as notices carry it.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }
