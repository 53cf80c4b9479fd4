package core

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"time"
)

// The read-only pages of a client's own bookings (the Bookings area):
// bookings, statistics, what can be moved. Passes and packages for sale
// are in pass_reads.go, payments in payment_reads.go. Each is a Browse
// (reads for a screen, without a common snapshot) and only ever shows the
// asking client's rows.

// BookingView is one of a client's bookings with everything a page shows
// about it, so the bot reads it in one call.
type BookingView struct {
	Booking  *Booking
	Session  *Session
	Type     *SessionType
	Coach    *Coach
	Pass     *Pass    // the pass paying or reserved, if any
	Payment  *Payment // the booking's payment, if any
	Position int      // 1-based place on the waitlist, when waitlisted
	// EndedBy is who ended a booking whose session was cancelled: the
	// coach when their cancelling the session ended it, the client when
	// they had cancelled first (a 1:1 made from an open slot is
	// cancelled with the client's booking). Empty otherwise.
	EndedBy Actor
}

// CancelledByCoach reports whether the coach's cancelling the session
// ended this booking, as opposed to the client cancelling it.
func (v *BookingView) CancelledByCoach() bool {
	return v.Session.Status == SessionCancelled && v.EndedBy.Coach()
}

// Upcoming reports whether the booking is still live and its session not
// over at now: what "My bookings" lists first.
func (v *BookingView) Upcoming(now time.Time) bool {
	return v.Booking.Status.Active() && v.Session.Status == SessionScheduled && now.Before(v.Session.End)
}

// MyBookings is a client's bookings split as pages show them.
type MyBookings struct {
	Upcoming []*BookingView // soonest first
	// Cancelled are bookings that ended before a session still to come
	// (cancelled by either side, moved away), soonest first: not "past".
	Cancelled []*BookingView
	Past      []*BookingView // latest first: sessions that have started or are over
}

// MyBookings lists a client's bookings, upcoming and past. Errors:
// ENOTFOUND (no such client).
func (s *Bookings) MyBookings(ctx context.Context, clientID int64) (*MyBookings, error) {
	out := &MyBookings{}
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		vs, err := clientBookingViews(tx, clientID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			switch {
			case v.Upcoming(now):
				out.Upcoming = append(out.Upcoming, v)
			case now.Before(v.Session.Start):
				out.Cancelled = append(out.Cancelled, v)
			default:
				out.Past = append(out.Past, v)
			}
		}
		slices.SortStableFunc(out.Upcoming, func(a, b *BookingView) int { return a.Session.Start.Compare(b.Session.Start) })
		slices.SortStableFunc(out.Cancelled, func(a, b *BookingView) int { return a.Session.Start.Compare(b.Session.Start) })
		slices.SortStableFunc(out.Past, func(a, b *BookingView) int { return b.Session.Start.Compare(a.Session.Start) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MyBooking returns one of a client's bookings. Errors: ENOTFOUND,
// EUNAUTHORIZED (someone else's booking).
func (s *Bookings) MyBooking(ctx context.Context, clientID, bookingID int64) (*BookingView, error) {
	var v *BookingView
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		b, err := ownBooking(tx, clientID, bookingID)
		if err != nil {
			return err
		}
		v, err = newReader(tx).booking(b)
		return err
	})
	return v, err
}

// ownerExists checks, after a list read by its owner's id, that the owner
// exists (read: ENOTFOUND when not), unless the list has n > 0 rows,
// which foreign keys already prove to be someone's: a round trip saved.
func ownerExists(n int, read func() error) error {
	if n > 0 {
		return nil
	}
	return read()
}

// ownBooking reads a booking and checks it is the client's: the guard of
// every client page that takes a booking id from button data. Errors:
// ENOTFOUND, EUNAUTHORIZED.
func ownBooking(tx Tx, clientID, bookingID int64) (*Booking, error) {
	b, err := tx.Booking(bookingID)
	if err != nil {
		return nil, err
	}
	if b.ClientID != clientID {
		return nil, NewError(EUNAUTHORIZED, "err.booking.not_yours", "That booking is not yours.")
	}
	return b, nil
}

// clientBookingViews reads every booking of a client as a view, the
// common start of MyBookings and MyStats. Errors: ENOTFOUND (no such
// client).
func clientBookingViews(tx Tx, clientID int64) ([]*BookingView, error) {
	bs, err := tx.Bookings(BookingFilter{ClientID: clientID})
	if err != nil {
		return nil, err
	}
	if err := ownerExists(len(bs), func() error { _, err := tx.Client(clientID); return err }); err != nil {
		return nil, err
	}
	r := newReader(tx)
	out := make([]*BookingView, 0, len(bs))
	for _, b := range bs {
		v, err := r.booking(b)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// PassView is one of a client's passes with its coach and the session
// types it covers.
type PassView struct {
	Pass    *Pass
	Coach   *Coach
	Types   []*SessionType // the types covered; empty: all the coach's
	Expired bool           // past its expiry at the time of reading
	// Refunded: the package payment that bought it was refunded, and its
	// credits left went with the money.
	Refunded bool
}

// PackageView is a package for sale with its coach and covered types.
type PackageView struct {
	Package *Package
	Coach   *Coach
	Types   []*SessionType // the types covered; empty: all the coach's
}

// PaymentLine is one payment with what it paid for.
type PaymentLine struct {
	Payment *Payment
	Booking *Booking     // for a booking or a late fee
	Session *Session     // that booking's session
	Type    *SessionType // that session's type
	Package *Package     // for a package purchase
}

// MyPayments is a client's payments page: what is due, with totals, and
// receipts for what was paid.
type MyPayments struct {
	Due      []*PaymentLine // pending, oldest first
	DueTotal []Money        // the sum of Due per currency, by currency code
	Receipts []*PaymentLine // paid or refunded, latest first
}

// ClientStats is a client's statistics page (/stats).
type ClientStats struct {
	// Total counts the sessions the client held a seat in: upcoming,
	// completed, no-shows and late cancellations (not waitlist places,
	// cancellations in time, or bookings moved elsewhere).
	Total     int
	Completed int
	NoShows   int
	Upcoming  int
	Cancelled int          // cancelled, in time or late, not counting moves
	Minutes   int          // length of the completed sessions
	Next      *BookingView // the next seat held, nil if none
	Spent     []Money      // paid and not refunded, per currency, by code
}

// MyStats computes a client's statistics. Errors: ENOTFOUND.
func (s *Bookings) MyStats(ctx context.Context, clientID int64) (*ClientStats, error) {
	st := &ClientStats{}
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		vs, err := clientBookingViews(tx, clientID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			b := v.Booking
			moved := b.RescheduledTo != 0
			switch b.Status {
			case BookingCompleted:
				st.Completed++
				st.Minutes += int(v.Session.End.Sub(v.Session.Start) / time.Minute)
			case BookingNoShow:
				st.NoShows++
			case BookingCancelled, BookingLateCancelled:
				if !moved {
					st.Cancelled++
				}
			}
			if b.Status.HoldsSeat() || b.Status == BookingLateCancelled {
				st.Total++
			}
			if b.Status.HoldsSeat() && v.Upcoming(now) {
				st.Upcoming++
				if st.Next == nil || v.Session.Start.Before(st.Next.Session.Start) {
					st.Next = v
				}
			}
		}
		pays, err := tx.Payments(PaymentFilter{ClientID: clientID, Status: PaymentPaid})
		if err != nil {
			return err
		}
		var spent []Money
		for _, p := range pays {
			spent = append(spent, p.Amount)
		}
		st.Spent = sumByCurrency(spent)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// sumByCurrency adds amounts per currency, ordered by currency code.
func sumByCurrency(ms []Money) []Money {
	var out []Money
	for _, m := range ms {
		i := slices.IndexFunc(out, func(o Money) bool { return o.Currency == m.Currency })
		if i < 0 {
			out = append(out, m)
			continue
		}
		out[i].Amount += m.Amount
	}
	slices.SortFunc(out, func(a, b Money) int { return cmp.Compare(a.Currency, b.Currency) })
	return out
}

// reader loads the rows around a client's bookings and payments within
// one transaction, reading each session, type, coach and pass once.
type reader struct {
	tx       Tx
	sessions map[int64]*Session
	stypes   map[int64]*SessionType
	coaches  map[int64]*Coach
	passes   map[int64]*Pass
	packages map[int64]*Package
}

func newReader(tx Tx) *reader {
	return &reader{tx: tx, sessions: map[int64]*Session{}, stypes: map[int64]*SessionType{},
		coaches: map[int64]*Coach{}, passes: map[int64]*Pass{}, packages: map[int64]*Package{}}
}

// cached reads id through get once.
func cached[T any](m map[int64]*T, id int64, get func(int64) (*T, error)) (*T, error) {
	if v, ok := m[id]; ok {
		return v, nil
	}
	v, err := get(id)
	if err != nil {
		return nil, err
	}
	m[id] = v
	return v, nil
}

func (r *reader) session(id int64) (*Session, error) { return cached(r.sessions, id, r.tx.Session) }

// details reads a session with its type and coach, in one query unless
// all three were read already.
func (r *reader) details(id int64) (*Session, *SessionType, *Coach, error) {
	if s, ok := r.sessions[id]; ok {
		st, err := r.sessionType(s.TypeID)
		if err != nil {
			return nil, nil, nil, err
		}
		c, err := r.coach(s.CoachID)
		return s, st, c, err
	}
	s, st, c, err := r.tx.SessionDetails(id)
	if err != nil {
		return nil, nil, nil, err
	}
	r.sessions[id] = s
	if have, ok := r.stypes[st.ID]; ok {
		st = have // keep one value per id, as cached does
	} else {
		r.stypes[st.ID] = st
	}
	if have, ok := r.coaches[c.ID]; ok {
		c = have
	} else {
		r.coaches[c.ID] = c
	}
	return s, st, c, nil
}
func (r *reader) sessionType(id int64) (*SessionType, error) {
	return cached(r.stypes, id, r.tx.SessionType)
}
func (r *reader) coach(id int64) (*Coach, error) { return cached(r.coaches, id, r.tx.Coach) }
func (r *reader) pass(id int64) (*Pass, error)   { return cached(r.passes, id, r.tx.Pass) }
func (r *reader) pkg(id int64) (*Package, error) { return cached(r.packages, id, r.tx.Package) }
func (r *reader) types(ids []int64) ([]*SessionType, error) {
	out := make([]*SessionType, 0, len(ids))
	for _, id := range ids {
		t, err := r.sessionType(id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// booking gathers a booking's view.
func (r *reader) booking(b *Booking) (*BookingView, error) {
	v := &BookingView{Booking: b}
	var err error
	if v.Session, v.Type, v.Coach, err = r.details(b.SessionID); err != nil {
		return nil, err
	}
	if b.PassID != 0 {
		if v.Pass, err = r.pass(b.PassID); err != nil {
			return nil, err
		}
	}
	if b.PaymentID != 0 {
		if v.Payment, err = r.tx.Payment(b.PaymentID); err != nil {
			return nil, err
		}
	}
	if b.Status == BookingWaitlisted {
		if v.Position, err = waitlistPosition(r.tx, b); err != nil {
			return nil, err
		}
	}
	if v.Session.Status == SessionCancelled && !b.Status.Active() {
		if v.EndedBy, err = endedBy(r.tx, b); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// endedBy is who last moved a booking to an ended status, from its audit.
func endedBy(tx Tx, b *Booking) (Actor, error) {
	trail, err := tx.Audit(b.ID)
	if err != nil {
		return "", err
	}
	for i := len(trail) - 1; i >= 0; i-- {
		if trail[i].To == b.Status {
			return trail[i].Actor, nil
		}
	}
	return "", nil
}

// paymentLine gathers what a payment paid for.
func (r *reader) paymentLine(p *Payment) (*PaymentLine, error) {
	l := &PaymentLine{Payment: p}
	var err error
	if p.BookingID != 0 {
		if l.Booking, err = r.tx.Booking(p.BookingID); err != nil {
			return nil, err
		}
		if l.Session, err = r.session(l.Booking.SessionID); err != nil {
			return nil, err
		}
		if l.Type, err = r.sessionType(l.Session.TypeID); err != nil {
			return nil, err
		}
	}
	if p.PackageID != 0 {
		if l.Package, err = r.pkg(p.PackageID); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// MovableBookings lists a client's live seats (confirmed or awaiting
// payment; not waitlisted) in scheduled sessions that have not started, by
// start, so the client can pick one to reschedule. Errors: ENOTFOUND (no
// such client).
func (s *Bookings) MovableBookings(ctx context.Context, clientID int64) ([]*BookedSession, error) {
	var out []*BookedSession
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		bs, err := tx.Bookings(BookingFilter{ClientID: clientID, StartFrom: now,
			Statuses: []BookingStatus{BookingConfirmed, BookingPendingPayment}})
		if err != nil {
			return err
		}
		if err := ownerExists(len(bs), func() error { _, err := tx.Client(clientID); return err }); err != nil {
			return err
		}
		r := newInfoReader(tx)
		for _, b := range bs {
			bk, err := r.booked(b)
			if err != nil {
				return err
			}
			if bk.Session.Status == SessionScheduled && bk.Session.Start.After(now) {
				out = append(out, bk)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Session.Start.Before(out[j].Session.Start) })
		return nil
	})
	return out, err
}

// ClientBookedSession returns one of the client's bookings with its
// session, type and coach, re-checking that it is theirs (button data is
// never trusted). Errors: ENOTFOUND, EUNAUTHORIZED (someone else's).
func (s *Bookings) ClientBookedSession(ctx context.Context, clientID, bookingID int64) (*BookedSession, error) {
	var out *BookedSession
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		b, err := ownBooking(tx, clientID, bookingID)
		if err != nil {
			return err
		}
		out, err = newInfoReader(tx).booked(b)
		return err
	})
	return out, err
}
