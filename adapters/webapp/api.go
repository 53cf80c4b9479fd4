package webapp

import (
	"net/http"
	"strconv"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// The client's JSON endpoints: what the calendar shows and what it does,
// each a call of the core services the chat calls too.

func (a *App) clientRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/api/me", a.authed(a.me))
	mux.HandleFunc("GET /app/api/catalog", a.authed(a.catalog))
	mux.HandleFunc("GET /app/api/month", a.authed(a.month))
	mux.HandleFunc("GET /app/api/day", a.authed(a.day))
	mux.HandleFunc("GET /app/api/quote", a.authed(a.quote))
	mux.HandleFunc("POST /app/api/book", a.authed(a.book))
	mux.HandleFunc("GET /app/api/bookings", a.authed(a.bookings))
	mux.HandleFunc("GET /app/api/bookings/{id}", a.authed(a.booking))
	mux.HandleFunc("GET /app/api/bookings/{id}/cancel", a.authed(a.cancelPreview))
	mux.HandleFunc("POST /app/api/bookings/{id}/cancel", a.authed(a.cancel))
	mux.HandleFunc("POST /app/api/bookings/{id}/move", a.authed(a.move))
}

// meJSON says who the page is for.
type meJSON struct {
	Name  string `json:"name"`
	Lang  string `json:"lang"`
	Zone  string `json:"zone"`
	Coach bool   `json:"coach"`
	Today string `json:"today"` // the server's date in the client's zone
}

func (a *App) me(w http.ResponseWriter, r *http.Request, me *who) error {
	writeJSON(w, http.StatusOK, meJSON{Name: me.client.Name, Lang: me.lang, Zone: me.loc.String(), Coach: me.coach != nil,
		Today: a.now().In(me.loc).Format("2006-01-02")})
	return nil
}

type typeJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Label   string `json:"label"`
	Group   bool   `json:"group"`
	Minutes int    `json:"minutes"`
}

type coachJSON struct {
	ID    int64      `json:"id"`
	Name  string     `json:"name"`
	Types []typeJSON `json:"types"`
}

// catalog lists the coaches and what each offers, for the filters.
func (a *App) catalog(w http.ResponseWriter, r *http.Request, me *who) error {
	coaches, err := a.svc.Catalog.Coaches(r.Context())
	if err != nil {
		return err
	}
	out := []coachJSON{}
	for _, c := range coaches {
		types, err := a.svc.Catalog.SessionTypes(r.Context(), c.ID)
		if err != nil {
			return err
		}
		cj := coachJSON{ID: c.ID, Name: c.Name, Types: []typeJSON{}}
		for _, t := range types {
			tj := typeJSON{ID: t.ID, Name: t.Name, Label: t.Name, Group: t.Capacity > 1, Minutes: int(t.Duration / time.Minute)}
			if tj.Group {
				tj.Label = a.t(me.lang, "web.filter.group", "Name", t.Name)
			}
			cj.Types = append(cj.Types, tj)
		}
		if len(cj.Types) > 0 {
			out = append(out, cj)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"coaches": out})
	return nil
}

// pick is the coach and type a calendar question is about.
type pick struct {
	coach *core.Coach
	typ   *core.SessionType
}

func (a *App) readPick(r *http.Request) (pick, error) {
	coachID, err1 := strconv.ParseInt(r.URL.Query().Get("coach"), 10, 64)
	typeID, err2 := strconv.ParseInt(r.URL.Query().Get("type"), 10, 64)
	if err1 != nil || err2 != nil {
		return pick{}, core.NewError(core.EINVALID, "err.app.pick", "Pick a coach and a session type.")
	}
	c, t, err := a.svc.Catalog.OfferedBy(r.Context(), coachID, typeID)
	return pick{coach: c, typ: t}, err
}

type dayJSON struct {
	Date  string `json:"date"`
	Open  int    `json:"open"`
	Taken int    `json:"taken"`
}

// month tells, for each day of a month in the client's zone, how many
// times are open and taken: green and grey days.
func (a *App) month(w http.ResponseWriter, r *http.Request, me *who) error {
	p, err := a.readPick(r)
	if err != nil {
		return err
	}
	first, err := time.ParseInLocation("2006-01", r.URL.Query().Get("month"), me.loc)
	if err != nil {
		return core.NewError(core.EINVALID, "err.app.month", "Pick a month.")
	}
	days := map[string]*dayJSON{}
	add := func(t time.Time, open bool) {
		key := t.In(me.loc).Format("2006-01-02")
		d := days[key]
		if d == nil {
			d = &dayJSON{Date: key}
			days[key] = d
		}
		if open {
			d.Open++
		} else {
			d.Taken++
		}
	}
	if err := a.eachSlot(r, me, p, first, first.AddDate(0, 1, 0), func(s slotJSON, _ *core.ClassInfo, t time.Time) {
		add(t, s.Open)
	}); err != nil {
		return err
	}
	out := []dayJSON{}
	for d := first; d.Month() == first.Month(); d = d.AddDate(0, 0, 1) {
		if v := days[d.Format("2006-01-02")]; v != nil {
			out = append(out, *v)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"month": first.Format("2006-01"), "days": out})
	return nil
}

// slotJSON is one time of a day: a 1:1 slot, or a class with its seats.
type slotJSON struct {
	Start    string `json:"start"` // RFC 3339, UTC
	Time     string `json:"time"`  // 15:04 in the client's zone
	Open     bool   `json:"open"`
	Session  int64  `json:"session,omitempty"` // a class
	Spots    int    `json:"spots,omitempty"`
	Capacity int    `json:"capacity,omitempty"`
	Waiting  int    `json:"waiting,omitempty"`
	Mine     bool   `json:"mine,omitempty"`
	When     string `json:"when,omitempty"` // the day and time, as the chat words them
	Label    string `json:"label"`          // what a screen reader says
	Note     string `json:"note,omitempty"`
}

// eachSlot walks the times of [from, to): the coach's slot grid for a
// 1:1 type, the scheduled classes for a group type (a class is open
// while it has seats; a full one still takes the waitlist).
func (a *App) eachSlot(r *http.Request, me *who, p pick, from, to time.Time, fn func(s slotJSON, c *core.ClassInfo, t time.Time)) error {
	if p.typ.Capacity <= 1 {
		grid, err := a.svc.Slots.SlotGrid(r.Context(), p.coach.ID, p.typ.ID, from, to)
		if err != nil {
			return err
		}
		for _, s := range grid {
			fn(slotJSON{Start: s.Start.UTC().Format(time.RFC3339), Open: s.Open}, nil, s.Start)
		}
		return nil
	}
	classes, err := a.svc.Catalog.UpcomingClasses(r.Context(), core.ClassFilter{CoachID: p.coach.ID, TypeID: p.typ.ID,
		From: from, To: to, Limit: 500, ClientID: me.client.ID})
	if err != nil {
		return err
	}
	for _, c := range classes {
		s := slotJSON{Start: c.Session.Start.UTC().Format(time.RFC3339), Open: c.SeatsLeft() > 0 && c.Mine == nil,
			Session: c.Session.ID, Spots: c.SeatsLeft(), Capacity: c.Session.Capacity, Waiting: c.Waiting, Mine: c.Mine != nil}
		fn(s, c, c.Session.Start)
	}
	return nil
}

// day lists a day's times in the client's zone.
func (a *App) day(w http.ResponseWriter, r *http.Request, me *who) error {
	p, err := a.readPick(r)
	if err != nil {
		return err
	}
	day, err := time.ParseInLocation("2006-01-02", r.URL.Query().Get("date"), me.loc)
	if err != nil {
		return core.NewError(core.EINVALID, "err.app.day", "Pick a day.")
	}
	// Moving a seat (?move=<booking>) goes to a class with a free seat;
	// booking may also join a full class's waitlist.
	moving := r.URL.Query().Get("move") != ""
	out := []slotJSON{}
	err = a.eachSlot(r, me, p, day, day.AddDate(0, 0, 1), func(s slotJSON, c *core.ClassInfo, t time.Time) {
		s.Time, s.When = t.In(me.loc).Format("15:04"), a.when(me, t)
		if s.Open {
			s.Label = a.t(me.lang, "web.slot.open", "Time", s.Time)
		} else {
			s.Label = a.t(me.lang, "web.slot.taken", "Time", s.Time)
		}
		if c != nil {
			switch {
			case s.Mine:
				s.Note = a.t(me.lang, "web.class.mine")
			case s.Spots > 0:
				s.Note = a.t(me.lang, "web.class.spots", "Count", s.Spots)
			case moving:
				s.Note = a.t(me.lang, "web.class.full")
			default:
				s.Note = a.t(me.lang, "web.class.full") + " · " + a.t(me.lang, "web.class.waiting", "Count", s.Waiting)
				s.Open = true // a full class still takes the waitlist
			}
			s.Label += ", " + s.Note
		}
		out = append(out, s)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"date": day.Format("2006-01-02"), "slots": out})
	return nil
}

// when words a time in the client's zone and language, as the chat does.
func (a *App) when(me *who, t time.Time) string { return bot.FormatWhen(me.lang, me.loc, t) }

// quoteJSON is the summary shown before confirming: the chat's.
type quoteJSON struct {
	Lines    []string `json:"lines"`
	Bookable bool     `json:"bookable"`
	Confirm  string   `json:"confirm"`
}

// readQuote asks core how booking what the query names would go.
func (a *App) readQuote(r *http.Request, me *who, session int64, coach, typ int64, start string) (*core.BookingQuote, error) {
	if session != 0 {
		return a.svc.Slots.QuoteSession(r.Context(), me.client.ID, session)
	}
	t, err := time.Parse(time.RFC3339, start)
	if err != nil {
		return nil, core.NewError(core.EINVALID, "err.app.time", "Pick a time.")
	}
	return a.svc.Slots.QuoteSlot(r.Context(), me.client.ID, coach, typ, t)
}

// quote shows the summary the chat shows before Confirm, worded by the
// chat (bot.Bot.QuoteSummary).
func (a *App) quote(w http.ResponseWriter, r *http.Request, me *who) error {
	qv := r.URL.Query()
	session, _ := strconv.ParseInt(qv.Get("session"), 10, 64)
	coach, _ := strconv.ParseInt(qv.Get("coach"), 10, 64)
	typ, _ := strconv.ParseInt(qv.Get("type"), 10, 64)
	q, err := a.readQuote(r, me, session, coach, typ, qv.Get("start"))
	if err != nil {
		return err
	}
	s := a.opts.Words.QuoteSummary(me.lang, me.loc, q)
	writeJSON(w, http.StatusOK, quoteJSON{Lines: s.Lines, Bookable: s.Bookable, Confirm: s.Confirm})
	return nil
}

// bookJSON is what the page asks to book.
type bookJSON struct {
	Session int64  `json:"session,omitempty"`
	Coach   int64  `json:"coach,omitempty"`
	Type    int64  `json:"type,omitempty"`
	Start   string `json:"start,omitempty"`
}

// book books through core, as the chat's Confirm does; the client and
// the coach hear about it in the chat from the outbox.
func (a *App) book(w http.ResponseWriter, r *http.Request, me *who) error {
	var req bookJSON
	if err := readJSON(r, &req); err != nil {
		return err
	}
	var res *core.BookResult
	var err error
	if req.Session != 0 {
		res, err = a.svc.Bookings.Book(r.Context(), core.BookRequest{ClientID: me.client.ID, SessionID: req.Session})
	} else {
		start, perr := time.Parse(time.RFC3339, req.Start)
		if perr != nil {
			return core.NewError(core.EINVALID, "err.app.time", "Pick a time.")
		}
		res, err = a.svc.Slots.BookSlot(r.Context(), core.BookSlotRequest{ClientID: me.client.ID, CoachID: req.Coach, TypeID: req.Type, Start: start})
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"booking": res.Booking.ID, "status": res.Booking.Status, "message": a.bookedMessage(me.lang, res)})
	return nil
}

// bookedMessage is the page's word after a booking: what the seat costs
// and how, as the chat's confirmation says it.
func (a *App) bookedMessage(lang string, res *core.BookResult) string {
	due := ""
	if res.Payment != nil {
		due = bot.FormatMoney(lang, res.Payment.Amount)
	}
	switch {
	case res.Booking.Status == core.BookingWaitlisted:
		return a.t(lang, "web.booked.waitlisted", "Position", res.Position)
	case res.Booking.Status == core.BookingPendingPayment:
		return a.t(lang, "web.booked.pending", "Amount", due)
	case res.Pass != nil:
		return a.t(lang, "web.booked.pass", "Pass", res.Pass.Name)
	case due != "":
		return a.t(lang, "web.booked.due", "Amount", due)
	}
	return a.t(lang, "web.booked.confirmed")
}
