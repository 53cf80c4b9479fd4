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
	label := a.t(me.lang, "web.status."+string(st))
	if st == core.BookingWaitlisted {
		label = a.t(me.lang, "web.status.waitlisted", "Position", v.Position)
	}
	return bookingJSON{ID: v.Booking.ID, What: a.t(me.lang, "web.summary.what", "Type", v.Type.Name, "Coach", v.Coach.Name),
		When: a.when(me, v.Session.Start), Start: v.Session.Start.UTC().Format(time.RFC3339), Status: string(st), Label: label,
		Cancel: upcoming, Move: upcoming && st != core.BookingWaitlisted,
		Coach: v.Coach.ID, Type: v.Type.ID, Group: v.Session.Capacity > 1, Upcoming: upcoming}
}

func (a *App) bookings(w http.ResponseWriter, r *http.Request, me *who) error {
	mine, err := a.svc.MyBookings(r.Context(), me.client.ID)
	if err != nil {
		return err
	}
	out := map[string][]bookingJSON{"upcoming": {}, "past": {}}
	for _, v := range mine.Upcoming {
		out["upcoming"] = append(out["upcoming"], a.bookingView(me, v, true))
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
	v, err := a.svc.MyBooking(r.Context(), me.client.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.bookingView(me, v, v.Upcoming(a.now())))
	return nil
}

// cancelPreview says what cancelling would cost, as the chat does before
// asking again.
func (a *App) cancelPreview(w http.ResponseWriter, r *http.Request, me *who) error {
	id, err := bookingID(r)
	if err != nil {
		return err
	}
	v, out, err := a.svc.CancelScreen(r.Context(), me.client.ID, id)
	if err != nil {
		return err
	}
	what := a.t(me.lang, "web.summary.what", "Type", v.Type.Name, "Coach", v.Coach.Name) + ", " + a.when(me, v.Session.Start)
	writeJSON(w, http.StatusOK, map[string]any{
		"title": a.t(me.lang, "web.cancel.title", "What", what),
		"lines": a.consequence(me, v, out),
	})
	return nil
}

// consequence words a cancel preview: forfeit, fee, credit back, refund.
func (a *App) consequence(me *who, v *core.BookingView, out *core.CancelOutcome) []string {
	l := me.lang
	window := length(v.Coach.Policy.CancelWindow)
	switch {
	case v.Booking.Status == core.BookingWaitlisted:
		return []string{a.t(l, "web.cancel.leave_waitlist")}
	case out.PaymentCancelled && v.Booking.Status == core.BookingPendingPayment:
		return []string{a.t(l, "web.cancel.drop_hold")}
	}
	var lines []string
	if out.Late {
		switch out.Applied {
		case core.LateForfeit:
			switch {
			case out.CreditsForfeited > 0:
				lines = append(lines, a.t(l, "web.cancel.late_forfeit", "Count", out.CreditsForfeited, "Window", window))
			case v.Payment != nil && v.Payment.Status == core.PaymentPaid:
				lines = append(lines, a.t(l, "web.cancel.late_kept", "Window", window, "Price", v.Payment.Amount.String()))
			default:
				lines = append(lines, a.t(l, "web.cancel.late", "Window", window))
			}
		case core.LateFee:
			lines = append(lines, a.t(l, "web.cancel.late_fee", "Window", window, "Price", out.Fee.String()))
		default:
			lines = append(lines, a.t(l, "web.cancel.late_free", "Window", window))
		}
	}
	if out.CreditsReturned > 0 && v.Pass != nil {
		lines = append(lines, a.t(l, "web.cancel.returns", "Count", out.CreditsReturned, "Pass", v.Pass.Name))
	}
	if out.Refund.Amount > 0 {
		lines = append(lines, a.t(l, "web.cancel.refund", "Price", out.Refund.String()))
	}
	if out.PaymentCancelled {
		lines = append(lines, a.t(l, "web.cancel.drop_payment"))
	}
	if len(lines) == 0 {
		lines = append(lines, a.t(l, "web.cancel.free"))
	}
	return lines
}

// cancel cancels through core; the chat hears of it from the outbox.
func (a *App) cancel(w http.ResponseWriter, r *http.Request, me *who) error {
	id, err := bookingID(r)
	if err != nil {
		return err
	}
	if _, _, err := a.svc.Cancel(r.Context(), core.CancelRequest{ClientID: me.client.ID, BookingID: id}); err != nil {
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
		_, err = a.svc.Reschedule(r.Context(), core.RescheduleRequest{ClientID: me.client.ID, BookingID: id, NewSessionID: req.Session})
	} else {
		start, perr := time.Parse(time.RFC3339, req.Start)
		if perr != nil {
			return core.NewError(core.EINVALID, "err.app.time", "Pick a time.")
		}
		_, err = a.svc.MoveSlot(r.Context(), core.MoveSlotRequest{ClientID: me.client.ID, BookingID: id, NewStart: start})
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": a.t(me.lang, "web.move.done")})
	return nil
}
