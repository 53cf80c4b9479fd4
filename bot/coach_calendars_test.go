package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// calSource is a calendar reader scripted by address, for the screens:
// the real one (adapters/ical) fetches over the network and has its own
// tests.
type calSource map[string][]core.Interval

func (s calSource) Fetch(_ context.Context, f core.CalendarFetch) (*core.CalendarCopy, error) {
	if strings.Contains(f.URL, "127.0.0.1") {
		return nil, core.NewCalendarError(core.CalendarPrivate, 0, nil)
	}
	busy, ok := s[f.URL]
	if !ok {
		return nil, core.NewCalendarError(core.CalendarNotFound, 404, nil)
	}
	return &core.CalendarCopy{Name: "Ana – Work", Busy: busy}, nil
}

// calHarness is the coach harness with calendars connectable from the
// chat, reading from src.
func calHarness(t *testing.T, src calSource) *harness {
	h := newCoachHarness(t)
	h.bot = New(h.svc, Options{Owners: []string{"test:olga"}, Calendars: core.NewCalendars(h.svc, src)})
	return h
}

// A coach connects a calendar from Availability: a file: address and a
// private one are refused with why and nothing is kept; a good one is
// read at once ("2 busy times found in the next 60 days"), named, listed,
// renamed and removed. The 10:00 busy time is gone from a client's
// Wednesday while the calendar is connected and back after.
func TestCoachConnectsCalendar(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	wed := func(clock string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", "2026-06-03 "+clock, paris)
		return v.UTC()
	}
	src := calSource{"https://cal.example/work.ics": {{Start: wed("10:00"), End: wed("11:00")}, {Start: wed("16:00"), End: wed("16:30")}}}
	h := calHarness(t, src)
	open := func() []string {
		slots, err := h.svc.Slots.OpenSlots(h.ctx, h.demo.Coach.ID, h.demo.Standard.ID, wed("00:00"), wed("23:59"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range slots {
			out = append(out, s.In(paris).Format("15:04"))
		}
		return out
	}
	before := strings.Join(open(), " ")
	if !strings.Contains(before, "10:00") {
		t.Fatalf("10:00 not open before: %s", before)
	}
	r := h.send(anaCoach, "/availability")
	r = h.press(anaCoach, r, "Connect a calendar")
	expect(t, r, "Your calendars", "No calendar connected yet")
	r = h.press(anaCoach, r, "Connect a calendar")
	expect(t, r, "Paste your calendar's private address", "Secret address in iCal format")
	snap := h.snapshot()
	r = h.send(anaCoach, "file:///etc/passwd")
	expect(t, r, "⚠️ A calendar address starts with https://, http:// or webcal://.")
	r = h.send(anaCoach, "http://127.0.0.1/cal.ics")
	expect(t, r, "⚠️ That address points inside a private network, which Slotbot does not read.")
	if h.snapshot() != snap {
		t.Fatal("a refused address changed something")
	}
	r = h.send(anaCoach, "webcal://cal.example/work.ics")
	expect(t, r, "✅ Calendar connected: 2 busy times found in the next 60 days. Type a name for it, or keep “Ana – Work”.")
	r = h.send(anaCoach, "Work")
	expect(t, r, "✅ Calendar renamed “Work”.", "• Work: 2 busy times, read Tue 2 Jun, 10:00")
	if after := strings.Join(open(), " "); strings.Contains(after, "10:00") || strings.Contains(after, "09:30") || !strings.Contains(after, "11:00") {
		t.Fatalf("open with the calendar: %s", after)
	}
	r = h.press(anaCoach, r, "🗑 Work")
	expect(t, r, "Remove “Work”? Its busy times go back to your open slots at once.")
	r = h.press(anaCoach, r, "Remove it")
	expect(t, r, "🗑 “Work” removed", "No calendar connected yet")
	if after := strings.Join(open(), " "); after != before {
		t.Fatalf("open after removal: %s, want %s", after, before)
	}
}

// In French, the refusal and the count read in French; /calendars with
// an address connects at once.
func TestCoachConnectsCalendarInFrench(t *testing.T) {
	h := calHarness(t, calSource{"https://cal.example/perso.ics": nil})
	fr := anaCoach
	fr.lang = "fr"
	h.send(fr, "/language fr")
	r := h.send(fr, "/calendars https://cal.example/nothing.ics")
	expect(t, r, "⚠️ Cette adresse d'agenda n'existe plus (elle a peut-être été réinitialisée).")
	r = h.send(fr, "/calendars https://cal.example/perso.ics")
	expect(t, r, "✅ Agenda connecté : 0 créneau occupé trouvé sur les 60 prochains jours.")
}

// A class planned over a busy time of the coach's calendar is not created
// at once: the form says which week meets what, and a second Create
// schedules it anyway.
func TestCoachPlansClassOverBusyTime(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, paris)
		return v.UTC()
	}
	h := calHarness(t, calSource{"https://cal.example/work.ics": {{Start: at("2026-06-16 19:30"), End: at("2026-06-16 21:00")}}})
	r := h.send(anaCoach, "/calendars https://cal.example/work.ics")
	expect(t, r, "✅ Calendar connected: 1 busy time found in the next 60 days.")
	r = h.send(anaCoach, "/newclass")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Type"), "Yoga flow")
	h.press(anaCoach, r, "✏️ Start")
	r = h.send(anaCoach, "2026-06-09 19:00")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Weeks"), "4")
	snap := h.snapshot()
	r = h.press(anaCoach, r, "✅ Create")
	expect(t, r, "⚠️ 1 of these sessions meets a busy time in your calendars.",
		"• Tue 16 Jun, 19:00 — busy Tue 16 Jun, 19:30 to Tue 16 Jun, 21:00",
		"Change the time, or tap “✅ Create” again to schedule anyway.")
	if h.snapshot() != snap {
		t.Fatal("a refused plan changed something")
	}
	r = h.press(anaCoach, r, "✅ Create")
	expect(t, r, "✅ 4 sessions created:", "Tue 16 Jun, 19:00")
}
