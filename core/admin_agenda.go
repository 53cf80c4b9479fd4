package core

import (
	"context"
	"slices"
	"time"
)

// A coach's read-only views: the agenda of a period, the roster of one
// session with its waitlist. Each is a Browse (reads for a screen,
// without a common snapshot) and shows only the asking coach's sessions.

// maxAgenda bounds an agenda page.
const maxAgenda = 200

// AgendaEntry is one session of a coach's agenda with its attendance.
type AgendaEntry struct {
	Session *Session
	Type    *SessionType
	Seated  int      // seat-holding bookings (confirmed, unpaid, completed, no-show)
	Waiting int      // on the waitlist
	Names   []string // who holds the seats, in booking order
}

// Agenda lists a coach's sessions starting in [from, to), by start,
// cancelled ones included so the coach sees what changed. Errors:
// ENOTFOUND (no such coach).
func (s *Coaching) Agenda(ctx context.Context, coachID int64, from, to time.Time) ([]*AgendaEntry, error) {
	var out []*AgendaEntry
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		ss, err := tx.Sessions(SessionFilter{CoachID: coachID, From: DBTime(from), To: DBTime(to), Limit: maxAgenda})
		if err != nil {
			return err
		}
		out, err = agendaEntries(tx, ss)
		return err
	})
	return out, err
}

// agendaEntries reads the type and the bookings of each session: who
// holds a seat, by name, and how many wait.
func agendaEntries(tx Tx, ss []*Session) ([]*AgendaEntry, error) {
	r := newReader(tx)
	out := make([]*AgendaEntry, 0, len(ss))
	for _, sess := range ss {
		e := &AgendaEntry{Session: sess}
		var err error
		if e.Type, err = r.sessionType(sess.TypeID); err != nil {
			return nil, err
		}
		bs, err := tx.Bookings(BookingFilter{SessionID: sess.ID})
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			switch {
			case b.Status == BookingWaitlisted:
				e.Waiting++
			case b.Status.HoldsSeat():
				e.Seated++
				c, err := tx.Client(b.ClientID)
				if err != nil {
					return nil, err
				}
				e.Names = append(e.Names, c.Name)
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// RosterLine is one booking of a session as its coach sees it.
type RosterLine struct {
	Booking  *Booking
	Client   *Client
	Pass     *Pass    // the pass paying, if any
	Payment  *Payment // the booking's payment, if any
	Position int      // 1-based place on the waitlist, when waitlisted
}

// Roster is a session with everyone booked in it.
type Roster struct {
	Session   *Session
	Type      *SessionType
	Seated    []*RosterLine // holding a seat, in booking order
	Waitlist  []*RosterLine // first in line first
	Cancelled []*RosterLine // cancelled places, for the record
}

// Roster shows a coach one of their sessions with its bookings and
// waitlist. Errors: ENOTFOUND, EUNAUTHORIZED (another coach's session).
func (s *Coaching) Roster(ctx context.Context, coachID, sessionID int64) (*Roster, error) {
	var out *Roster
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		sess, err := tx.Session(sessionID)
		if err != nil {
			return err
		}
		if sess.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.session.other_coach", "That session belongs to another coach.")
		}
		out = &Roster{Session: sess}
		r := newReader(tx)
		if out.Type, err = r.sessionType(sess.TypeID); err != nil {
			return err
		}
		bs, err := tx.Bookings(BookingFilter{SessionID: sess.ID})
		if err != nil {
			return err
		}
		for _, b := range bs {
			l := &RosterLine{Booking: b}
			if l.Client, err = tx.Client(b.ClientID); err != nil {
				return err
			}
			if b.PassID != 0 {
				if l.Pass, err = r.pass(b.PassID); err != nil {
					return err
				}
			}
			if b.PaymentID != 0 {
				if l.Payment, err = tx.Payment(b.PaymentID); err != nil {
					return err
				}
			}
			switch {
			case b.Status == BookingWaitlisted:
				out.Waitlist = append(out.Waitlist, l)
				l.Position = len(out.Waitlist)
			case b.Status.HoldsSeat():
				out.Seated = append(out.Seated, l)
			default:
				out.Cancelled = append(out.Cancelled, l)
			}
		}
		return nil
	})
	return out, err
}

// ClientFile is what a coach sees of one client: their profile and only
// the bookings, passes and payments they have with this coach.
type ClientFile struct {
	Client   *Client
	Upcoming []*BookingView // live bookings, soonest first
	// Cancelled are bookings that ended before a session still to come,
	// soonest first: not "past".
	Cancelled []*BookingView
	Past      []*BookingView // sessions that have started or are over, latest first, at most 10
	Passes    []*Pass        // the coach's passes, oldest expiry first
	Payments  []*PaymentLine // latest first, at most 20
}

// ClientFile shows a coach one client. Errors: ENOTFOUND.
func (s *Coaching) ClientFile(ctx context.Context, coachID, clientID int64) (*ClientFile, error) {
	var out *ClientFile
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		c, err := tx.Client(clientID)
		if err != nil {
			return err
		}
		out = &ClientFile{Client: c}
		r := newReader(tx)
		bs, err := tx.Bookings(BookingFilter{ClientID: clientID})
		if err != nil {
			return err
		}
		for _, b := range bs {
			sess, err := r.session(b.SessionID)
			if err != nil {
				return err
			}
			if sess.CoachID != coachID {
				continue
			}
			v, err := r.booking(b)
			if err != nil {
				return err
			}
			switch {
			case v.Upcoming(now):
				out.Upcoming = append(out.Upcoming, v)
			case now.Before(v.Session.Start):
				out.Cancelled = append(out.Cancelled, v)
			default:
				out.Past = append(out.Past, v)
			}
		}
		slices.SortFunc(out.Upcoming, func(a, b *BookingView) int { return a.Session.Start.Compare(b.Session.Start) })
		slices.SortFunc(out.Cancelled, func(a, b *BookingView) int { return a.Session.Start.Compare(b.Session.Start) })
		slices.SortFunc(out.Past, func(a, b *BookingView) int { return b.Session.Start.Compare(a.Session.Start) })
		out.Past = out.Past[:min(len(out.Past), 10)]
		passes, err := tx.Passes(clientID)
		if err != nil {
			return err
		}
		for _, p := range passes {
			if p.CoachID == coachID {
				out.Passes = append(out.Passes, p)
			}
		}
		pays, err := tx.Payments(PaymentFilter{ClientID: clientID, CoachID: coachID})
		if err != nil {
			return err
		}
		slices.Reverse(pays)
		for _, p := range pays[:min(len(pays), 20)] {
			l, err := r.paymentLine(p)
			if err != nil {
				return err
			}
			out.Payments = append(out.Payments, l)
		}
		return nil
	})
	return out, err
}

// FindClients lists people a coach can pick: with no query, the coach's
// own clients; with one, the coach's matching clients first, then anyone
// else matching who has talked to the bot (to book a new client in or
// give them credits). At most limit. Errors: ENOTFOUND (no such coach).
func (s *Coaching) FindClients(ctx context.Context, coachID int64, query string, limit int) ([]*Client, error) {
	var out []*Client
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		coach, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		if out, err = tx.CoachClients(coachID, query, limit); err != nil {
			return err
		}
		if query == "" || (limit > 0 && len(out) >= limit) {
			return nil
		}
		more, err := tx.SearchClients(query, limit+len(out)+1)
		if err != nil {
			return err
		}
		for _, c := range more {
			if c.ID == coach.ClientID || slices.ContainsFunc(out, func(o *Client) bool { return o.ID == c.ID }) {
				continue
			}
			out = append(out, c)
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// CoachMarkPaid records cash or a transfer a coach received for one of
// their payments: MarkPaymentPaid with the coach checked. Errors:
// ENOTFOUND, EUNAUTHORIZED (another coach's payment), ECONFLICT
// (refunded).
func (s *Coaching) CoachMarkPaid(ctx context.Context, coachID, paymentID int64) (*Payment, error) {
	var p *Payment
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		own, err := tx.Payment(paymentID)
		if err != nil {
			return err
		}
		if own.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.payment.other_coach", "That payment belongs to another coach.")
		}
		p, err = markPaid(tx, now, paymentID, MethodManual, "")
		return err
	})
	return p, err
}

// GrantCredits gives a client a pass of credits by hand (sold in cash, a
// gift, a make-up), valid for days, with a note in its ledger; the client
// is told. Errors: EINVALID, ENOTFOUND.
func (s *Coaching) GrantCredits(ctx context.Context, coachID, clientID int64, credits, days int, note string) (*Pass, error) {
	switch {
	case credits < 1 || credits > 1000:
		return nil, NewError(EINVALID, "err.grant.credits_range", "Give between 1 and 1000 credits.")
	case days < 1 || days > 3660:
		return nil, NewError(EINVALID, "err.grant.days_range", "A pass is valid for 1 to 3660 days.")
	}
	note = cleanReason(note)
	var p *Pass
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		name := note
		if name == "" {
			name = "Credits"
		}
		if r := []rune(name); len(r) > 60 {
			name = string(r[:60])
		}
		p = &Pass{ClientID: clientID, CoachID: coachID, Name: name, Credits: credits, DeductAt: DeductAtBooking,
			Expires: now.AddDate(0, 0, days), Source: "manual", Created: now}
		if err := tx.CreatePass(p); err != nil {
			return err
		}
		if err := moveCredits(tx, now, p, credits, EntryGrant, 0, note); err != nil {
			return err
		}
		return passGranted(tx, now, p)
	})
	return p, err
}
