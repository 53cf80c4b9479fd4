package sqlstore

import (
	"fmt"

	"github.com/slotbot/slotbot/core"
)

const sessionCols = `id, coach_id, type_id, start_at, end_at, capacity, mode, place, link, deadline,
	notes, links, price_amount, price_currency, credit_cost, status, created_at, from_slot`

func scanSession(s rowScanner) (*core.Session, error) {
	var ss core.Session
	err := s.Scan(&ss.ID, &ss.CoachID, &ss.TypeID, (*dbTime)(&ss.Start), (*dbTime)(&ss.End),
		&ss.Capacity, &ss.Mode, &ss.Place, &ss.Link, (*dbTime)(&ss.Deadline), &ss.Notes,
		(*jsonList[string])(&ss.Links), &ss.Price.Amount, &ss.Price.Currency, &ss.CreditCost,
		&ss.Status, (*dbTime)(&ss.Created), &ss.FromSlot)
	return &ss, err
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
