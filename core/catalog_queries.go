package core

import (
	"context"
	"time"
)

// This file holds the read-only questions the booking conversations ask:
// who coaches, what they offer, which classes have seats (the Catalog
// area; what a client holds is in pass_reads.go). Each is a Browse: reads for a screen, whose choices are all
// checked again when a booking is made.

// defaultClassLimit bounds a schedule listing when the filter sets none.
const defaultClassLimit = 50

// ClassInfo is a session as a schedule shows it: what it is, who leads it,
// how full it is and which of the coach's packages pay for it.
type ClassInfo struct {
	Session *Session
	Type    *SessionType
	Coach   *Coach
	Taken   int        // seats held (confirmed, awaiting payment, attended)
	Waiting int        // bookings on the waitlist
	Accepts []*Package // the coach's live packages whose passes pay for it
	// Mine is the asking client's live booking here (nil: none), and
	// Position its place on the waitlist when waitlisted.
	Mine     *Booking
	Position int
}

// SeatsLeft is how many seats can still be booked, never negative.
func (c *ClassInfo) SeatsLeft() int { return max(c.Session.Capacity-c.Taken, 0) }

// ClassFilter selects the scheduled group sessions a schedule lists; zero
// fields match everything.
type ClassFilter struct {
	CoachID  int64
	TypeID   int64
	From, To time.Time // sessions starting in [From, To); From is never before now
	Limit    int       // 0: 50
	ClientID int64     // fill ClassInfo.Mine for this client; 0: nobody
}

// BookedSession is one of a client's bookings with the session, type and
// coach it concerns, so a conversation can word and check it.
type BookedSession struct {
	Booking *Booking
	Session *Session
	Type    *SessionType
	Coach   *Coach
}

// Coaches lists every coach, oldest first, so a client can pick whom to
// book with.
func (s *Catalog) Coaches(ctx context.Context) ([]*Coach, error) {
	var out []*Coach
	err := s.single(ctx, func(tx Tx, now time.Time) (err error) {
		out, err = tx.Coaches()
		return err
	})
	return out, err
}

// SessionTypes lists what a coach currently offers (retired types left
// out), oldest first. Errors: ENOTFOUND (no such coach).
func (s *Catalog) SessionTypes(ctx context.Context, coachID int64) ([]*SessionType, error) {
	var out []*SessionType
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		all, err := tx.SessionTypes(coachID)
		if err != nil {
			return err
		}
		if err := ownerExists(len(all), func() error { _, err := tx.Coach(coachID); return err }); err != nil {
			return err
		}
		for _, t := range all {
			if !t.Retired {
				out = append(out, t)
			}
		}
		return nil
	})
	return out, err
}

// OfferedType returns a session type that can still be booked, for a link
// that names it. Errors: ENOTFOUND (no such type, or retired).
func (s *Catalog) OfferedType(ctx context.Context, typeID int64) (*SessionType, error) {
	var out *SessionType
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		out, err = tx.SessionType(typeID)
		if err == nil && out.Retired {
			out, err = nil, NewError(ENOTFOUND, "err.type.gone", "“{Type}” is no longer offered.", "Type", out.Name)
		}
		return err
	})
	return out, err
}

// OfferedBy returns a coach and one of their session types still offered,
// read together: the booking wizard checks both again on every press.
// Errors: ENOTFOUND (no such type, another coach's, or retired).
func (s *Catalog) OfferedBy(ctx context.Context, coachID, typeID int64) (*Coach, *SessionType, error) {
	var co *Coach
	var ty *SessionType
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		ty, co, err = tx.SessionTypeDetails(typeID)
		if err == nil && (ty.CoachID != coachID || ty.Retired) {
			err = NewError(ENOTFOUND, "err.offer.unavailable", "This offer is no longer available.")
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return co, ty, nil
}

// UpcomingClasses lists the scheduled group sessions (capacity above one)
// that f selects and that start after now, by start, with their seats.
func (s *Catalog) UpcomingClasses(ctx context.Context, f ClassFilter) ([]*ClassInfo, error) {
	var out []*ClassInfo
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		from := f.From
		if from.Before(now) {
			from = now
		}
		if !f.To.IsZero() && !f.To.After(from) {
			return nil
		}
		limit := f.Limit
		if limit <= 0 {
			limit = defaultClassLimit
		}
		ss, err := tx.Sessions(SessionFilter{CoachID: f.CoachID, TypeID: f.TypeID, From: from, To: f.To,
			Status: SessionScheduled, GroupOnly: true, Limit: limit})
		if err != nil {
			return err
		}
		r := newInfoReader(tx)
		if err := r.readSeats(ss); err != nil {
			return err
		}
		for _, sess := range ss {
			ci, err := r.info(sess, f.ClientID)
			if err != nil {
				return err
			}
			out = append(out, ci)
		}
		return nil
	})
	return out, err
}

// SessionDetail returns one session, 1:1 or group, with its seats and the
// client's own place in it (clientID 0: nobody's), for a detail page or a
// deep link. Errors: ENOTFOUND.
func (s *Catalog) SessionDetail(ctx context.Context, sessionID, clientID int64) (*ClassInfo, error) {
	var out *ClassInfo
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		sess, typ, coach, err := tx.SessionDetails(sessionID)
		if err != nil {
			return err
		}
		r := newInfoReader(tx)
		r.types[typ.ID], r.coaches[coach.ID] = typ, coach
		out, err = r.info(sess, clientID)
		return err
	})
	return out, err
}

// infoReader reads coaches, types and packages once per transaction while
// a listing is put together.
type infoReader struct {
	tx       Tx
	coaches  map[int64]*Coach
	types    map[int64]*SessionType
	packages map[int64][]*Package
	seats    map[int64][]*Booking // by session: its seat and waitlist bookings, when read ahead
}

func newInfoReader(tx Tx) *infoReader {
	return &infoReader{tx: tx, coaches: map[int64]*Coach{}, types: map[int64]*SessionType{}, packages: map[int64][]*Package{}}
}

// seatStatuses are the bookings a listing counts: seats and waitlist.
func seatStatuses() []BookingStatus {
	return append(append([]BookingStatus{}, SeatStatuses...), BookingWaitlisted)
}

// readSeats reads the seat and waitlist bookings of every session of a
// listing in one query, rather than one per session.
func (r *infoReader) readSeats(ss []*Session) error {
	if len(ss) == 0 {
		return nil
	}
	ids := make([]int64, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	bs, err := r.tx.Bookings(BookingFilter{SessionIDs: ids, Statuses: seatStatuses()})
	if err != nil {
		return err
	}
	r.seats = make(map[int64][]*Booking, len(ss))
	for _, id := range ids {
		r.seats[id] = nil
	}
	for _, b := range bs {
		r.seats[b.SessionID] = append(r.seats[b.SessionID], b)
	}
	return nil
}

// sessionSeats is a session's seat and waitlist bookings, by id.
func (r *infoReader) sessionSeats(id int64) ([]*Booking, error) {
	if bs, ok := r.seats[id]; ok {
		return bs, nil
	}
	return r.tx.Bookings(BookingFilter{SessionID: id, Statuses: seatStatuses()})
}

// coach reads a coach once.
func (r *infoReader) coach(id int64) (*Coach, error) { return cached(r.coaches, id, r.tx.Coach) }

// sessionType reads a type once.
func (r *infoReader) sessionType(id int64) (*SessionType, error) {
	return cached(r.types, id, r.tx.SessionType)
}

// accepts lists the coach's live packages that pay for sessions of typ.
func (r *infoReader) accepts(sess *Session) ([]*Package, error) {
	if sess.CreditCost == 0 {
		return nil, nil
	}
	pks, ok := r.packages[sess.CoachID]
	if !ok {
		var err error
		if pks, err = r.tx.Packages(sess.CoachID); err != nil {
			return nil, err
		}
		r.packages[sess.CoachID] = pks
	}
	var out []*Package
	for _, p := range pks {
		pass := Pass{CoachID: p.CoachID, TypeIDs: p.TypeIDs}
		if !p.Retired && pass.Covers(sess.CoachID, sess.TypeID) {
			out = append(out, p)
		}
	}
	return out, nil
}

// info fills a ClassInfo for sess, with clientID's place in it.
func (r *infoReader) info(sess *Session, clientID int64) (*ClassInfo, error) {
	ci := &ClassInfo{Session: sess}
	var err error
	if ci.Coach, err = r.coach(sess.CoachID); err != nil {
		return nil, err
	}
	if ci.Type, err = r.sessionType(sess.TypeID); err != nil {
		return nil, err
	}
	if ci.Accepts, err = r.accepts(sess); err != nil {
		return nil, err
	}
	bs, err := r.sessionSeats(sess.ID)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		if b.Status == BookingWaitlisted {
			ci.Waiting++
		} else {
			ci.Taken++
		}
		if clientID != 0 && b.ClientID == clientID && b.Status.Active() {
			ci.Mine = b
			if b.Status == BookingWaitlisted {
				ci.Position = ci.Waiting
			}
		}
	}
	return ci, nil
}

// booked fills a BookedSession for b.
func (r *infoReader) booked(b *Booking) (*BookedSession, error) {
	bk := &BookedSession{Booking: b}
	var err error
	if bk.Session, err = r.tx.Session(b.SessionID); err != nil {
		return nil, err
	}
	if bk.Type, err = r.sessionType(bk.Session.TypeID); err != nil {
		return nil, err
	}
	if bk.Coach, err = r.coach(bk.Session.CoachID); err != nil {
		return nil, err
	}
	return bk, nil
}
