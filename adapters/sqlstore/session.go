package sqlstore

import (
	"fmt"
	"time"

	"github.com/slotbot/slotbot/core"
)

const sessionCols = `id, coach_id, type_id, start_at, end_at, capacity, mode, place, link, deadline,
	notes, links, price_amount, price_currency, credit_cost, status, created_at, from_slot`

func scanSession(s rowScanner) (*core.Session, error) {
	var ss core.Session
	err := s.Scan(sessionDest(&ss)...)
	return &ss, err
}

// sessionDest is where the columns of sessionCols are scanned to.
func sessionDest(ss *core.Session) []any {
	return []any{&ss.ID, &ss.CoachID, &ss.TypeID, (*dbTime)(&ss.Start), (*dbTime)(&ss.End),
		&ss.Capacity, &ss.Mode, &ss.Place, &ss.Link, (*dbTime)(&ss.Deadline), &ss.Notes,
		(*jsonList[string])(&ss.Links), &ss.Price.Amount, &ss.Price.Currency, &ss.CreditCost,
		&ss.Status, (*dbTime)(&ss.Created), &ss.FromSlot}
}

func (t *tx) CreateSession(s *core.Session) error {
	id, err := t.insert("create session", `INSERT INTO sessions (coach_id, type_id, start_at, end_at,
		capacity, mode, place, link, deadline, notes, links, price_amount, price_currency, credit_cost,
		status, created_at, from_slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.CoachID, s.TypeID, dbTime(s.Start), dbTime(s.End), s.Capacity, string(s.Mode), s.Place,
		s.Link, dbTime(s.Deadline), s.Notes, jsonList[string](s.Links), s.Price.Amount,
		s.Price.Currency, s.CreditCost, string(s.Status), dbTime(s.Created), s.FromSlot)
	if err != nil {
		return err
	}
	s.ID = id
	return nil
}

func (t *tx) Session(id int64) (*core.Session, error) {
	if s, ok := ahead[core.Session](t, aheadSessions, id); ok {
		return s, nil
	}
	return one(t, "session", "Session", scanSession, `SELECT `+sessionCols+` FROM sessions WHERE id = ?`, id)
}

// LockSession reads a session with the dialect's row lock, so two
// bookings of the same session are decided one after the other. A view
// may not lock: PostgreSQL refuses it, so SQLite does too.
func (t *tx) LockSession(id int64) (*core.Session, error) {
	if t.readOnly {
		return nil, fmt.Errorf("%s: lock session %d in a read-only transaction", t.d.Name, id)
	}
	return one(t, "lock session", "Session", scanSession,
		`SELECT `+sessionCols+` FROM sessions WHERE id = ?`+t.d.Lock, id)
}

// SessionDetails reads a session with its type and coach in one query.
func (t *tx) SessionDetails(id int64) (*core.Session, *core.SessionType, *core.Coach, error) {
	return t.details("session details", "Session", `s.id = ?`, "", id)
}

// LockSessionOf locks the session of a booking, read with its type and
// coach, in one query. The booking's session is looked up before the
// lock is taken: the caller checks it did not change meanwhile.
func (t *tx) LockSessionOf(bookingID int64) (*core.Session, *core.SessionType, *core.Coach, error) {
	if t.readOnly {
		return nil, nil, nil, fmt.Errorf("%s: lock the session of booking %d in a read-only transaction", t.d.Name, bookingID)
	}
	lock := ""
	if t.d.Lock != "" {
		lock = t.d.Lock + " OF s"
	}
	return t.details("lock session of booking", "Booking", `s.id = (SELECT session_id FROM bookings WHERE id = ?)`, lock, bookingID)
}

// details reads one session, chosen by cond, with its type and coach.
func (t *tx) details(op, what, cond, lock string, args ...any) (*core.Session, *core.SessionType, *core.Coach, error) {
	var (
		ss core.Session
		st core.SessionType
		c  core.Coach
	)
	dest := append(append(sessionDest(&ss), sessionTypeDest(&st)...), coachDest(&c)...)
	_, err := one(t, op, what, func(s rowScanner) (*core.Session, error) {
		return &ss, s.Scan(dest...)
	}, `SELECT `+prefix("s.", sessionCols)+`, `+prefix("t.", sessionTypeCols)+`, `+prefix("co.", coachCols)+`
		FROM sessions s JOIN session_types t ON t.id = s.type_id JOIN coaches co ON co.id = s.coach_id
		WHERE `+cond+lock, args...)
	if err != nil {
		return nil, nil, nil, err
	}
	return &ss, &st, &c, nil
}

// LockSessionToBook locks a session for a booking and reads what the
// booking is decided on.
//
// On PostgreSQL it is one query. The session is locked in a subquery, so
// its columns, seats taken among them (sessions.taken, kept by a trigger
// on bookings), are those of the row as locked: a booking that changed
// the seats while this one waited updated the row, which PostgreSQL reads
// again once the lock is held. A COUNT over bookings in the same
// statement would see the older snapshot the statement started with. The
// rest is read around the locked row: the coach; the client's live
// booking there (a concurrent one by the same client, which the snapshot
// may miss, is refused by the one-live-booking index at the insert); the
// usable passes, locked LATERAL; and the id of the booking that usually
// follows, drawn once the lock is held (an uncorrelated subquery runs at
// its first use), so ids still follow the order in which a session's
// bookings were decided and the waitlist, ordered by id, stays first come
// first served. CreateBooking then writes that booking behind; an id left
// unused is a gap in the sequence, as after any rollback.
//
// SQLite, whose writes run one at a time and whose statements cost no
// round trip, reads the same with three queries.
func (t *tx) LockSessionToBook(sessionID, clientID int64, at time.Time) (*core.Session, *core.Coach, *core.Seating, error) {
	const op = "lock session to book"
	if t.readOnly {
		return nil, nil, nil, fmt.Errorf("%s: lock session %d in a read-only transaction", t.d.Name, sessionID)
	}
	if !t.d.JoinStatements {
		return t.lockSessionToBookApart(sessionID, clientID, at)
	}
	var (
		clients, mine int
		next          int64
		ss            core.Session
		c             core.Coach
		seat          = &core.Seating{Passes: []*core.Pass{}}
	)
	head := append(append(append(append([]any{&clients}, sessionDest(&ss)...), &seat.Taken), coachDest(&c)...), &mine, &next)
	q, args, err := t.query(`SELECT l.clients, `+prefix("l.", sessionCols)+`, l.taken, `+prefix("co.", coachCols)+`,
		(SELECT COUNT(*) FROM bookings b WHERE b.session_id = l.id AND b.client_id = ? AND b.status IN (?)),
		(SELECT nextval('bookings_id_seq')),
		p.id, COALESCE(p.client_id, 0), COALESCE(p.coach_id, 0), p.package_id, COALESCE(p.name, ''),
		COALESCE(p.credits, 0), COALESCE(p.credits_left, 0), COALESCE(p.type_ids, '[]'),
		COALESCE(p.deduct_at, ''), p.expires, COALESCE(p.source, ''), p.created_at, COALESCE(p.reserved, 0)
		FROM (SELECT (SELECT COUNT(*) FROM clients WHERE id = ?) AS clients, `+sessionCols+`, taken
			FROM sessions WHERE id = ?`+t.d.Lock+`) l
		JOIN coaches co ON co.id = l.coach_id
		LEFT JOIN LATERAL (`+usablePassesSQL("l.coach_id")+t.d.Lock+`) p ON true`,
		append([]any{clientID, strs(core.ActiveStatuses), clientID, sessionID}, usablePassesArgs(clientID, at)...))
	if err != nil {
		return nil, nil, nil, t.fail(op, "Session", err)
	}
	rows, err := t.queryRows(q, args)
	if err != nil {
		return nil, nil, nil, t.fail(op, "Session", err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var p core.Pass
		if err := rows.Scan(append(head, usablePassDest(&p)...)...); err != nil {
			return nil, nil, nil, t.fail(op, "Session", err)
		}
		found = true
		if p.ID != 0 { // the session's row alone: no usable pass
			seat.Passes = append(seat.Passes, &p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, t.fail(op, "Session", err)
	}
	switch {
	case !found:
		return nil, nil, nil, core.NewError(core.ENOTFOUND, "err.not_found.session", "Session not found.")
	case clients == 0:
		return nil, nil, nil, core.NewError(core.ENOTFOUND, "err.not_found.client", "Client not found.")
	}
	seat.Booked = mine > 0
	t.hold(seat.Passes...)
	t.next.id, t.next.session, t.next.client = next, sessionID, clientID
	return &ss, &c, seat, nil
}

// lockSessionToBookApart is LockSessionToBook in three queries: the
// session (with its seats taken) with its coach and the client check,
// the client's live booking there, the usable passes.
func (t *tx) lockSessionToBookApart(sessionID, clientID int64, at time.Time) (*core.Session, *core.Coach, *core.Seating, error) {
	const op = "lock session to book"
	var (
		clients int
		ss      core.Session
		c       core.Coach
		seat    core.Seating
	)
	dest := append(append(append([]any{&clients}, sessionDest(&ss)...), &seat.Taken), coachDest(&c)...)
	q, args, err := t.query(`SELECT (SELECT COUNT(*) FROM clients WHERE id = ?), `+prefix("s.", sessionCols)+`, s.taken, `+
		prefix("co.", coachCols)+` FROM sessions s JOIN coaches co ON co.id = s.coach_id WHERE s.id = ?`+t.d.Lock,
		[]any{clientID, sessionID})
	if err != nil {
		return nil, nil, nil, t.fail(op, "Session", err)
	}
	if err := t.queryRow(q, args).Scan(dest...); err != nil {
		return nil, nil, nil, t.fail(op, "Session", err)
	}
	if clients == 0 {
		return nil, nil, nil, core.NewError(core.ENOTFOUND, "err.not_found.client", "Client not found.")
	}
	if _, seat.Booked, err = t.Seats(sessionID, clientID); err != nil {
		return nil, nil, nil, err
	}
	if seat.Passes, err = t.UsablePasses(clientID, ss.CoachID, at); err != nil {
		return nil, nil, nil, err
	}
	return &ss, &c, &seat, nil
}

func (t *tx) UpdateSession(s *core.Session) error {
	return t.update("update session", "Session", `UPDATE sessions SET coach_id = ?, type_id = ?,
		start_at = ?, end_at = ?, capacity = ?, mode = ?, place = ?, link = ?, deadline = ?, notes = ?,
		links = ?, price_amount = ?, price_currency = ?, credit_cost = ?, status = ? WHERE id = ?`,
		s.CoachID, s.TypeID, dbTime(s.Start), dbTime(s.End), s.Capacity, string(s.Mode), s.Place,
		s.Link, dbTime(s.Deadline), s.Notes, jsonList[string](s.Links), s.Price.Amount,
		s.Price.Currency, s.CreditCost, string(s.Status), s.ID)
}

// Sessions lists the sessions f selects, by start, then id.
func (t *tx) Sessions(f core.SessionFilter) ([]*core.Session, error) {
	var w where
	if f.CoachID != 0 {
		w.add("coach_id = ?", f.CoachID)
	}
	if f.TypeID != 0 {
		w.add("type_id = ?", f.TypeID)
	}
	if !f.From.IsZero() {
		w.add("start_at >= ?", dbTime(f.From))
	}
	if !f.To.IsZero() {
		w.add("start_at < ?", dbTime(f.To))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.GroupOnly {
		w.add("capacity > 1")
	}
	return all(t, "sessions", scanSession,
		`SELECT `+sessionCols+` FROM sessions`+w.String()+` ORDER BY start_at, id`+limit(f.Limit), w.args...)
}
