package sqlstore

import (
	"fmt"

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

// LockSessionFor locks the session and reads its coach and whether the
// client exists, in one query.
func (t *tx) LockSessionFor(sessionID, clientID int64) (*core.Session, *core.Coach, error) {
	if t.readOnly {
		return nil, nil, fmt.Errorf("%s: lock session %d in a read-only transaction", t.d.Name, sessionID)
	}
	lock := ""
	if t.d.Lock != "" {
		lock = t.d.Lock + " OF s" // the session only: coaches are read, not held
	}
	var (
		clients int
		ss      core.Session
		c       core.Coach
	)
	dest := append(append([]any{&clients}, sessionDest(&ss)...), coachDest(&c)...)
	q, args, err := t.query(`SELECT (SELECT COUNT(*) FROM clients WHERE id = ?), `+prefix("s.", sessionCols)+`, `+
		prefix("co.", coachCols)+` FROM sessions s JOIN coaches co ON co.id = s.coach_id WHERE s.id = ?`+lock,
		[]any{clientID, sessionID})
	if err != nil {
		return nil, nil, t.fail("lock session for booking", "Session", err)
	}
	if err := t.queryRow(q, args).Scan(dest...); err != nil {
		return nil, nil, t.fail("lock session for booking", "Session", err)
	}
	if clients == 0 {
		return nil, nil, core.Errorf(core.ENOTFOUND, "Client not found.")
	}
	return &ss, &c, nil
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
