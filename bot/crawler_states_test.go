package bot

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// The studio states the crawler visits, each built with the services on
// top of the demo studio (coach Ana in Paris, her session types, packs
// and weekly class), as a studio's first weeks would make them.

// crawlState is one studio state.
type crawlState struct {
	name  string
	build func(w *crawlWorld)
	group string // a group chat linked to the coach, where commands are sent too
}

// crawlWorld is a studio being built: the coach and the client the crawl
// speaks as, and helpers over the services.
type crawlWorld struct {
	c      *crawler
	h      *harness
	coach  user // the demo coach, onboarded in Paris
	client user // the client the client crawl speaks as
}

// crawlNames are the people of a crawl in its language, so a French
// studio's clients have French names.
var crawlNames = map[string][3]string{
	"en": {"Maria", "Jon", "Priya"},
	"fr": {"Chloé", "Luc", "Inès"},
	"ru": {"Ольга", "Иван", "Мария"},
}

// newCrawlWorld onboards the coach and the crawl's client.
func newCrawlWorld(c *crawler) *crawlWorld {
	w := &crawlWorld{c: c, h: c.h}
	w.coach = w.person("ana", "Ana")
	w.h.acctMakeCoach(w.coach)
	w.client = w.person("me", w.name(0))
	return w
}

// name is the i-th client's name in the crawl's language.
func (w *crawlWorld) name(i int) string {
	names, ok := crawlNames[w.c.lang]
	if !ok {
		names = crawlNames["en"]
	}
	return names[i]
}

// person onboards someone in Paris, speaking the crawl's language.
func (w *crawlWorld) person(id, name string) user {
	u := user{id, name, w.c.lang}
	w.h.send(u, "/start")
	for i, e := range zoneList {
		if e.zone == "Europe/Paris" {
			w.h.pressData(u, encode("tz", id36(int64(i))))
			return u
		}
	}
	w.c.t.Fatal("no Paris in the zone list")
	return u
}

// grant gives u a pass of the demo pack of n credits.
func (w *crawlWorld) grant(u user, n int) *core.Pass { return w.h.acctGrant(u, n) }

// book books u into a session, with a pass when u has one.
func (w *crawlWorld) book(u user, s *core.Session) *core.BookResult {
	return w.h.acctBook(u, s.ID, false)
}

// at is a Paris wall-clock time, days from the harness's Tuesday.
func (w *crawlWorld) at(days int, clock string) time.Time {
	paris, _ := time.LoadLocation("Europe/Paris")
	d := tuesday10.In(paris).AddDate(0, 0, days)
	t, err := time.ParseInLocation("2006-01-02 15:04", d.Format("2006-01-02")+" "+clock, paris)
	if err != nil {
		w.c.t.Fatal(err)
	}
	return t
}

// session schedules a session of type typ at start (capacity 0: the
// type's).
func (w *crawlWorld) session(typ *core.SessionType, start time.Time, capacity int) *core.Session {
	s, err := w.h.svc.Catalog.ScheduleSession(w.h.ctx, core.ScheduleRequest{CoachID: w.h.demo.Coach.ID, TypeID: typ.ID,
		Start: start, Capacity: capacity})
	if err != nil {
		w.c.t.Fatal(err)
	}
	return s
}

// must fails the crawl's setup on err.
func (w *crawlWorld) must(err error) {
	if err != nil {
		w.c.t.Helper()
		w.c.t.Fatal(err)
	}
}

// crawlStates are the studio states, each for a client and a coach.
func crawlStates() []crawlState {
	return []crawlState{
		{"empty", func(w *crawlWorld) {}, ""},
		{"fullclass", func(w *crawlWorld) {
			// A two-seat class on Thursday, full, with the client second
			// on its waitlist.
			s := w.session(w.h.demo.Class, w.at(2, "12:30"), 2)
			for i, id := range []string{"c1", "c2", "c3"} {
				u := w.person(id, w.name(i%3))
				w.grant(u, 5)
				w.book(u, s)
			}
			w.grant(w.client, 5)
			w.book(w.client, s)
		}, ""},
		{"late", func(w *crawlWorld) {
			// The client's 1:1 starts in five hours, inside the 24-hour
			// window: cancelling now forfeits the credit.
			w.grant(w.client, 5)
			w.book(w.client, w.session(w.h.demo.Standard, w.at(0, "15:00"), 0))
			w.book(w.client, w.h.demo.Classes[0])
		}, ""},
		{"expired", func(w *crawlWorld) {
			// A pass bought four months ago has run out, one credit used
			// on a session long past that the client attended. This coach
			// holds unpaid seats for payment: the client, without a
			// pass now, holds one in Thursday's class.
			w.h.clock.Set(tuesday10.AddDate(0, -4, 0))
			w.grant(w.client, 5)
			w.book(w.client, w.session(w.h.demo.Standard, w.at(-110, "10:00"), 0))
			w.h.clock.Set(tuesday10)
			_, err := w.h.svc.Bookings.CompleteDueSessions(w.h.ctx)
			w.must(err)
			_, err = w.h.svc.Passes.ExpirePasses(w.h.ctx, w.h.acctClient(w.client))
			w.must(err)
			p := w.h.demo.Coach.Policy
			p.Unpaid = core.UnpaidHold
			w.must(w.h.svc.Catalog.SetPolicy(w.h.ctx, w.h.demo.Coach.ID, p))
			w.book(w.client, w.h.demo.Classes[0])
		}, ""},
		{"cash", func(w *crawlWorld) {
			// A client without a pass books a 1:1 and pays the coach at
			// the session (the demo coach's rule).
			_, err := w.h.svc.Bookings.Book(w.h.ctx, core.BookRequest{ClientID: w.h.acctClient(w.client),
				SessionID: w.session(w.h.demo.Standard, w.at(2, "10:00"), 0).ID, Pay: true})
			w.must(err)
		}, ""},
		{"cancelled", func(w *crawlWorld) {
			// The coach cancelled a class the client had booked; the
			// client cancelled a 1:1 of their own in time.
			w.grant(w.client, 5)
			w.book(w.client, w.h.demo.Classes[1])
			_, err := w.h.svc.Bookings.CancelSession(w.h.ctx, w.h.demo.Coach.ID, w.h.demo.Classes[1].ID, "Grippe")
			w.must(err)
			res := w.book(w.client, w.session(w.h.demo.Standard, w.at(3, "11:00"), 0))
			_, _, err = w.h.svc.Bookings.Cancel(w.h.ctx, core.CancelRequest{ClientID: w.h.acctClient(w.client), BookingID: res.Booking.ID})
			w.must(err)
		}, ""},
		{"slot", func(w *crawlWorld) {
			// The client booked an open 1:1 slot of the coach's hours.
			w.grant(w.client, 5)
			_, err := w.h.svc.Slots.BookSlot(w.h.ctx, core.BookSlotRequest{ClientID: w.h.acctClient(w.client),
				CoachID: w.h.demo.Coach.ID, TypeID: w.h.demo.Standard.ID, Start: w.at(1, "10:00")})
			w.must(err)
		}, ""},
		{"channel", func(w *crawlWorld) {
			// The coach linked a group where the next class is announced.
			w.must(w.h.svc.Channels.LinkChannel(w.h.ctx, &core.Channel{CoachID: w.h.demo.Coach.ID, Platform: "test",
				ChatID: "group-1", Title: "Yoga"}))
			_, err := w.h.svc.Channels.AnnounceSession(w.h.ctx, w.h.demo.Coach.ID, w.h.demo.Classes[0].ID)
			w.must(err)
		}, "group-1"},
	}
}
