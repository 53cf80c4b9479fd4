package sqlstore

import (
	"fmt"
	"strconv"
	"time"

	"github.com/slotbot/slotbot/core"
)

const passCols = `id, client_id, coach_id, package_id, name, credits, credits_left, type_ids, deduct_at,
	expires, source, created_at`

func scanPass(s rowScanner) (*core.Pass, error) {
	var p core.Pass
	err := s.Scan(&p.ID, &p.ClientID, &p.CoachID, (*nullID)(&p.PackageID), &p.Name, &p.Credits,
		&p.CreditsLeft, (*jsonList[int64])(&p.TypeIDs), &p.DeductAt, (*dbTime)(&p.Expires),
		&p.Source, (*dbTime)(&p.Created))
	return &p, err
}

func (t *tx) CreatePass(p *core.Pass) error {
	id, err := t.insert("create pass", `INSERT INTO passes (client_id, coach_id, package_id, name,
		credits, credits_left, type_ids, deduct_at, expires, source, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.ClientID, p.CoachID, nullID(p.PackageID), p.Name, p.Credits, p.CreditsLeft,
		jsonList[int64](p.TypeIDs), string(p.DeductAt), dbTime(p.Expires), p.Source, dbTime(p.Created))
	if err != nil {
		return err
	}
	p.ID = id
	return nil
}

func (t *tx) Pass(id int64) (*core.Pass, error) {
	if p, ok := ahead[core.Pass](t, aheadPasses, id); ok {
		return p, nil
	}
	return one(t, "pass", "Pass", scanPass, `SELECT `+passCols+` FROM passes WHERE id = ?`, id)
}

// LockPass reads a pass with the dialect's row lock, so two deductions
// from the same pass are decided one after the other. A view may not lock.
func (t *tx) LockPass(id int64) (*core.Pass, error) {
	if t.readOnly {
		return nil, fmt.Errorf("%s: lock pass %d in a read-only transaction", t.d.Name, id)
	}
	p, err := one(t, "lock pass", "Pass", scanPass, `SELECT `+passCols+` FROM passes WHERE id = ?`+t.d.Lock, id)
	if err == nil {
		t.hold(p)
	}
	return p, err
}

// UpdatePass writes a pass; the update of a pass this transaction holds
// locked is written behind where statements cost a round trip.
func (t *tx) UpdatePass(p *core.Pass) error {
	const q = `UPDATE passes SET client_id = ?, coach_id = ?,
		package_id = ?, name = ?, credits = ?, credits_left = ?, type_ids = ?, deduct_at = ?,
		expires = ?, source = ? WHERE id = ?`
	args := []any{p.ClientID, p.CoachID, nullID(p.PackageID), p.Name, p.Credits, p.CreditsLeft,
		jsonList[int64](p.TypeIDs), string(p.DeductAt), dbTime(p.Expires), p.Source, p.ID}
	if t.d.JoinStatements && t.held[p.ID] {
		t.queueOrdered("passes:"+strconv.FormatInt(p.ID, 10), q, args...)
		return nil
	}
	return t.update("update pass", "Pass", q, args...)
}

// Passes lists a client's passes, oldest expiry first, then by id.
func (t *tx) Passes(clientID int64) ([]*core.Pass, error) {
	return all(t, "passes", scanPass,
		`SELECT `+passCols+` FROM passes WHERE client_id = ? ORDER BY expires, id`, clientID)
}

// UsablePasses locks the client's passes with a coach that are still
// valid at at and hold credits, oldest expiry first, with the credits
// reserved by live bookings that pay at completion.
func (t *tx) UsablePasses(clientID, coachID int64, at time.Time) ([]*core.Pass, error) {
	if t.readOnly {
		return nil, fmt.Errorf("%s: lock passes in a read-only transaction", t.d.Name)
	}
	scan := func(s rowScanner) (*core.Pass, error) {
		var p core.Pass
		err := s.Scan(usablePassDest(&p)...)
		return &p, err
	}
	passes, err := all(t, "usable passes", scan, usablePassesSQL("?")+t.d.Lock, usablePassesArgs(clientID, at, coachID)...)
	if err == nil {
		t.hold(passes...)
	}
	return passes, err
}

// usablePassesSQL lists the usable passes with the credits reserved on
// each (as reserved), for UsablePasses and LockSessionToBook, which append
// the dialect's lock; usablePassesArgs are its arguments. coach is the
// SQL naming the coach: a placeholder, or the locked session's coach.
func usablePassesSQL(coach string) string {
	return `SELECT ` + passCols + `,
	COALESCE((SELECT SUM(b.credits) FROM bookings b WHERE b.pass_id = passes.id AND NOT b.charged
		AND b.status IN (?)), 0) AS reserved
	FROM passes WHERE client_id = ? AND coach_id = ` + coach + ` AND expires > ? AND credits_left > 0
	ORDER BY expires, id`
}

// usablePassesArgs are usablePassesSQL's arguments: coach is the coach's
// id for a placeholder, nothing when the query names the coach itself.
func usablePassesArgs(clientID int64, at time.Time, coach ...any) []any {
	args := []any{strs([]core.BookingStatus{core.BookingConfirmed, core.BookingPendingPayment}), clientID}
	return append(append(args, coach...), dbTime(at))
}

// usablePassDest is where a usable pass's columns and reserved credits
// are scanned to.
func usablePassDest(p *core.Pass) []any {
	return []any{(*nullID)(&p.ID), &p.ClientID, &p.CoachID, (*nullID)(&p.PackageID), &p.Name, &p.Credits,
		&p.CreditsLeft, (*jsonList[int64])(&p.TypeIDs), &p.DeductAt, (*dbTime)(&p.Expires),
		&p.Source, (*dbTime)(&p.Created), &p.Reserved}
}

const passEntryCols = `id, pass_id, delta, kind, booking_id, note, at`

func scanPassEntry(s rowScanner) (*core.PassEntry, error) {
	var e core.PassEntry
	err := s.Scan(&e.ID, &e.PassID, &e.Delta, &e.Kind, (*nullID)(&e.BookingID), &e.Note, (*dbTime)(&e.At))
	return &e, err
}

// AddPassEntry appends a line to a pass's ledger; keeping CreditsLeft in
// step is the service's job.
func (t *tx) AddPassEntry(e *core.PassEntry) error {
	t.queue("pass_entries", "pass_id, delta, kind, booking_id, note, at",
		e.PassID, e.Delta, e.Kind, nullID(e.BookingID), e.Note, dbTime(e.At))
	return nil
}

func (t *tx) PassEntries(passID int64) ([]*core.PassEntry, error) {
	if err := t.flushFor("pass_entries"); err != nil {
		return nil, err
	}
	return all(t, "pass entries", scanPassEntry,
		`SELECT `+passEntryCols+` FROM pass_entries WHERE pass_id = ? ORDER BY id`, passID)
}
