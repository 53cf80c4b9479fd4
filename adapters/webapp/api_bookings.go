package webapp

import (
	"net/http"
	"strconv"
	"time"

	"github.com/slotbot/slotbot/core"
)

// "My bookings": the client's bookings, cancelling with the consequence
// shown first, and moving to another time. Every call names a booking
// the core services check is the caller's (403 otherwise).

// bookingJSON is one booking as the list shows it.
type bookingJSON struct {
	ID       int64  `json:"id"`
	What     string `json:"what"`
	When     string `json:"when"`
	Start    string `json:"start"`
	Status   string `json:"status"`
	Label    string `json:"label"`
	Cancel   bool   `json:"cancel"`
	Move     bool   `json:"move"`
	Coach    int64  `json:"coach"`
	Type     int64  `json:"type"`
	Group    bool   `json:"group"`
	Upcoming bool   `json:"upcoming"`
}

func (a *App) bookingView(me *who, v *core.BookingView, upcoming bool) bookingJSON {
	st := v.Booking.Status
	return bookingJSON{ID: v.Booking.ID, What: a.t(me.lang, "book.what", "Type", v.Type.Name, "Coach", v.Coach.Name),
		When: a.when(me, v.Session.Start), Start: v.Session.Start.UTC().Format(time.RFC3339), Status: string(st), Label: a.opts.Words.StatusText(me.lang, me.loc, v),
		Cancel: upcoming, Move: upcoming && st != core.BookingWaitlisted,
		Coach: v.Coach.ID, Type: v.Type.ID, Group: v.Session.Capacity > 1, Upcoming: upcoming}
}

func (a *App) bookings(w http.ResponseWriter, r *http.Request, me *who) error {
	mine, err := a.svc.Bookings.MyBookings(r.Context(), me.client.ID)
	if err != nil {
		return err
	}
	out := map[string][]bookingJSON{"upcoming": {}, "cancelled": {}, "past": {}}
	for _, v := range mine.Upcoming {
		out["upcoming"] = append(out["upcoming"], a.bookingView(me, v, true))
	}
	for _, v := range mine.Cancelled {
		out["cancelled"] = append(out["cancelled"], a.bookingView(me, v, false))
	}
	for i, v := range mine.Past {
		if i == 20 {
			break
		}
		out["past"] = append(out["past"], a.bookingView(me, v, false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// bookingID reads {id} from the path.
func bookingID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, core.NewError(core.ENOTFOUND, "err.app.booking", "That booking was not found.")
	}
	return id, nil
}

func (a *App) booking(w http.ResponseWriter, r *http.Request, me *who) error {
	id, err := bookingID(r)
	if err != nil {
		return err
	}
	v, err := a.svc.Bookings.MyBooking(r.Context(), me.client.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.bookingView(me, v, v.Upcoming(a.now())))
	return nil
}

// cancelPreview says what cancelling would cost, in the chat's words
// (bot.Bot.CancelSummary): the question, then the consequence.
func (a *App) cancelPreview(w http.ResponseWriter, r *http.Request, me *who) error {
	id, err := bookingID(r)
	if err != nil {
		return err
	}
	v, out, err := a.svc.Bookings.CancelScreen(r.Context(), me.client.ID, id)
	if err != nil {
		return err
	}
	title, lines := a.opts.Words.CancelSummary(me.lang, me.loc, v, out)
	writeJSON(w, http.StatusOK, map[string]any{"title": title, "lines": lines})
	return nil
}

// cancel cancels through core; the chat hears of it from the outbox.
func (a *App) cancel(w http.ResponseWriter, r *http.Request, me *who) error {
	id, err := bookingID(r)
	if err != nil {
		return err
	}
	if _, _, err := a.svc.Bookings.Cancel(r.Context(), core.CancelRequest{ClientID: me.client.ID, BookingID: id}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": a.t(me.lang, "web.cancel.done")})
	return nil
}

// move reschedules: a 1:1 made from an open slot moves to another slot
// (core.MoveSlot), a seat in a class moves to another class
// (core.Reschedule).
func (a *App) move(w http.ResponseWriter, r *http.Request, me *who) error {
	id, err := bookingID(r)
	if err != nil {
		return err
	}
	var req bookJSON
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if req.Session != 0 {
		_, err = a.svc.Bookings.Reschedule(r.Context(), core.RescheduleRequest{ClientID: me.client.ID, BookingID: id, NewSessionID: req.Session})
	} else {
		start, perr := time.Parse(time.RFC3339, req.Start)
		if perr != nil {
			return core.NewError(core.EINVALID, "err.app.time", "Pick a time.")
		}
		_, err = a.svc.Slots.MoveSlot(r.Context(), core.MoveSlotRequest{ClientID: me.client.ID, BookingID: id, NewStart: start})
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": a.t(me.lang, "web.move.done")})
	return nil
}
