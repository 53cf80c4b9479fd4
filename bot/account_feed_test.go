package bot

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// feedToken pulls the token out of the link a reply shows.
func feedToken(t *testing.T, replies []Reply) string {
	t.Helper()
	m := regexp.MustCompile(`https://slotbot\.example/feed/([A-Za-z0-9_-]+)\.ics`).FindStringSubmatch(render(replies))
	if m == nil {
		t.Fatalf("no feed link in:\n%s", render(replies))
	}
	return m[1]
}

// clientOf is the client record of a harness user.
func (h *harness) clientOf(u user) int64 {
	h.t.Helper()
	var a *core.Account
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { a, err = tx.Account("test", u.id); return }); err != nil {
		h.t.Fatal(err)
	}
	return a.ClientID
}

// A client asks for their calendar link, subscribes, and the feed lists
// their booked class; asking again makes a new link and the old one stops
// working.
func TestCalendarLinkFeedsUpcomingBookings(t *testing.T) {
	h := newHarness(t)
	h.bot = New(h.svc, Options{PublicURL: "https://slotbot.example/"})
	maria := user{id: "1", name: "Maria", lang: "en"}
	h.onboard(maria)
	class := h.demo.Classes[0]
	if _, err := h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: h.clientOf(maria), SessionID: class.ID}); err != nil {
		t.Fatal(err)
	}

	r := h.send(maria, "/calendar")
	expect(t, r, "📅 Your calendar link:", "Google Calendar", "Keep it private", "[📅 Open the link]")
	first := feedToken(t, r)
	if u := r[len(r)-1].Buttons[0][0].URL; u != "https://slotbot.example/feed/"+first+".ics" {
		t.Fatalf("button opens %q", u)
	}
	ics, err := h.bot.CalendarFeed(h.ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	cal := string(ics)
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "X-WR-CALNAME:My sessions\r\n", "SUMMARY:Yoga flow",
		"DTSTART:" + class.Start.UTC().Format("20060102T150405Z"), "STATUS:CONFIRMED", "END:VCALENDAR\r\n"} {
		if !strings.Contains(cal, want) {
			t.Fatalf("feed lacks %q:\n%s", want, cal)
		}
	}
	if n := strings.Count(cal, "BEGIN:VEVENT"); n != 1 || strings.Count(cal, "BEGIN:VCALENDAR") != 1 {
		t.Fatalf("feed has %d events, want 1:\n%s", n, cal)
	}

	r = h.send(maria, "/calendar")
	expect(t, r, "You already have a calendar link", "[🔄 New link]")
	if strings.Contains(render(r), first) {
		t.Fatal("the link was shown again")
	}
	second := feedToken(t, h.press(maria, r, "New link"))
	if second == first {
		t.Fatal("the new link is the old one")
	}
	if _, err := h.bot.CalendarFeed(h.ctx, first); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("old link: %v, want ENOTFOUND", err)
	}
	if _, err := h.bot.CalendarFeed(h.ctx, second); err != nil {
		t.Fatalf("new link: %v", err)
	}
}

// A French client reads the link and the feed's name in French; a
// Slotbot without a public address says the link is not available.
func TestCalendarLinkInFrenchAndWhenOff(t *testing.T) {
	h := newHarness(t)
	h.bot = New(h.svc, Options{PublicURL: "https://slotbot.example"})
	luc := user{id: "2", name: "Luc", lang: "fr"}
	h.onboard(luc)
	r := h.send(luc, "/calendar")
	expect(t, r, "📅 Votre lien d'agenda", "Gardez-le pour vous")
	ics, err := h.bot.CalendarFeed(h.ctx, feedToken(t, r))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ics), "X-WR-CALNAME:Mes séances") || strings.Contains(string(ics), "VEVENT") {
		t.Fatalf("empty French feed:\n%s", ics)
	}

	h.bot = New(h.svc, Options{})
	expect(t, h.send(luc, "/calendar"), "Le lien d'agenda n'est pas disponible")
}

// recorder is an Observer that keeps what it was told.
type recorder struct {
	reqs    []Request
	replies int
	took    time.Duration
}

func (r *recorder) Handled(req Request, replies []Reply, took time.Duration) {
	r.reqs = append(r.reqs, req)
	r.replies += len(replies)
	r.took += took
}

// The Observer hears about every request with its replies.
func TestObserverHearsEveryRequest(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{}
	h.bot = New(h.svc, Options{Observer: rec})
	u := user{id: "3", name: "Zoe", lang: "en"}
	r := h.send(u, "/start")
	h.send(u, "/nosuchcommand")
	if len(rec.reqs) != 2 || rec.reqs[0].Command != "start" || rec.replies < len(r)+1 || rec.took <= 0 {
		t.Fatalf("observed %+v", rec)
	}
}
