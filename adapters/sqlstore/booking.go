package sqlstore

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

const bookingCols = `id, session_id, client_id, status, reason, pass_id, credits, charged, payment_id,
	hold_until, rescheduled_from, rescheduled_to, created_at, updated_at`

func scanBooking(s rowScanner) (*core.Booking, error) {
	var b core.Booking
	err := s.Scan(&b.ID, &b.SessionID, &b.ClientID, &b.Status, &b.Reason, (*nullID)(&b.PassID),
		&b.Credits, &b.Charged, (*nullID)(&b.PaymentID), (*dbTime)(&b.HoldUntil),
		(*nullID)(&b.RescheduledFrom), (*nullID)(&b.RescheduledTo), (*dbTime)(&b.Created),
		(*dbTime)(&b.Updated))
	return &b, err
}

// CreateBooking inserts b and sets its id. With an id drawn beforehand
// (LockSessionToBook, on PostgreSQL) the insert is written behind.
func (t *tx) CreateBooking(b *core.Booking) error {
	args := []any{b.SessionID, b.ClientID, string(b.Status), b.Reason, nullID(b.PassID), b.Credits, b.Charged,
		nullID(b.PaymentID), dbTime(b.HoldUntil), nullID(b.RescheduledFrom), nullID(b.RescheduledTo),
		dbTime(b.Created), dbTime(b.Updated)}
	if id := t.next.id; id != 0 && t.next.session == b.SessionID && t.next.client == b.ClientID {
		t.next.id = 0
		b.ID = id
		t.queueOrdered("bookings:"+strconv.FormatInt(id, 10), `INSERT INTO bookings (session_id, client_id,
			status, reason, pass_id, credits, charged, payment_id, hold_until, rescheduled_from,
			rescheduled_to, created_at, updated_at, id) OVERRIDING SYSTEM VALUE
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, id)...)
		return nil
	}
	id, err := t.insert("create booking", `INSERT INTO bookings (session_id, client_id, status, reason,
		pass_id, credits, charged, payment_id, hold_until, rescheduled_from, rescheduled_to,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args...)
	if err != nil {
		return err
	}
	b.ID = id
	return nil
}

func (t *tx) Booking(id int64) (*core.Booking, error) {
	if b, ok := ahead[core.Booking](t, aheadBookings, id); ok {
		return b, nil
	}
	return one(t, "booking", "Booking", scanBooking, `SELECT `+bookingCols+` FROM bookings WHERE id = ?`, id)
}

func (t *tx) UpdateBooking(b *core.Booking) error {
	return t.update("update booking", "Booking", `UPDATE bookings SET session_id = ?, client_id = ?,
		status = ?, reason = ?, pass_id = ?, credits = ?, charged = ?, payment_id = ?, hold_until = ?,
		rescheduled_from = ?, rescheduled_to = ?, updated_at = ? WHERE id = ?`,
		b.SessionID, b.ClientID, string(b.Status), b.Reason, nullID(b.PassID), b.Credits, b.Charged,
		nullID(b.PaymentID), dbTime(b.HoldUntil), nullID(b.RescheduledFrom), nullID(b.RescheduledTo),
		dbTime(b.Updated), b.ID)
}

// Bookings lists the bookings f selects, by id; StartFrom and StartTo
// select by the start of the booked session.
func (t *tx) Bookings(f core.BookingFilter) ([]*core.Booking, error) {
	var w where
	if f.SessionID != 0 {
		w.add("b.session_id = ?", f.SessionID)
	}
	if len(f.SessionIDs) > 0 {
		w.add("b.session_id IN (?)", f.SessionIDs)
	}
	if f.ClientID != 0 {
		w.add("b.client_id = ?", f.ClientID)
	}
	if f.PassID != 0 {
		w.add("b.pass_id = ?", f.PassID)
	}
	if len(f.Statuses) > 0 {
		w.add("b.status IN (?)", strs(f.Statuses))
	}
	from := " FROM bookings b"
	if !f.StartFrom.IsZero() || !f.StartTo.IsZero() {
		from += " JOIN sessions s ON s.id = b.session_id"
		if !f.StartFrom.IsZero() {
			w.add("s.start_at >= ?", dbTime(f.StartFrom))
		}
		if !f.StartTo.IsZero() {
			w.add("s.start_at < ?", dbTime(f.StartTo))
		}
	}
	return all(t, "bookings", scanBooking,
		`SELECT `+prefix("b.", bookingCols)+from+w.String()+` ORDER BY b.id`+limit(f.Limit), w.args...)
}

// CountBookings counts a session's bookings in the given statuses; no
// statuses counts them all.
func (t *tx) CountBookings(sessionID int64, statuses []core.BookingStatus) (int, error) {
	var w where
	w.add("session_id = ?", sessionID)
	if len(statuses) > 0 {
		w.add("status IN (?)", strs(statuses))
	}
	q, args, err := t.query(`SELECT COUNT(*) FROM bookings`+w.String(), w.args)
	if err != nil {
		return 0, t.fail("count bookings", "", err)
	}
	var n int
	if err := t.queryRow(q, args).Scan(&n); err != nil {
		return 0, t.fail("count bookings", "", err)
	}
	return n, nil
}

// FirstInLine reads a session's first waitlisted booking with the seats
// taken beside it, in one query.
func (t *tx) FirstInLine(sessionID int64) (*core.Booking, int, error) {
	q, args, err := t.query(`SELECT `+bookingCols+`,
		(SELECT COUNT(*) FROM bookings s WHERE s.session_id = ? AND s.status IN (?))
		FROM bookings WHERE session_id = ? AND status = ? ORDER BY id LIMIT 1`,
		[]any{sessionID, strs(core.SeatStatuses), sessionID, core.BookingWaitlisted})
	if err != nil {
		return nil, 0, t.fail("first in line", "", err)
	}
	var taken int
	b, err := scanBooking(scanWith{t.queryRow(q, args), &taken})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, t.fail("first in line", "", err)
	}
	return b, taken, nil
}

// scanWith scans a row whose last columns go to more, after those the
// wrapped scan function asks for.
type scanWith struct {
	row  rowScanner
	more *int
}

func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.more)...) }

// Seats counts a session's seats taken and whether the client holds a
// live booking there, in one query.
func (t *tx) Seats(sessionID, clientID int64) (int, bool, error) {
	q, args, err := t.query(seatsSQL, seatsArgs(sessionID, clientID))
	if err != nil {
		return 0, false, t.fail("seats", "", err)
	}
	var taken, mine int
	if err := t.queryRow(q, args).Scan(&taken, &mine); err != nil {
		return 0, false, t.fail("seats", "", err)
	}
	return taken, mine > 0, nil
}

// seatsSQL counts a session's seats taken (as taken) and the client's
// live bookings there (as mine); seatsArgs are its arguments.
const seatsSQL = `SELECT
	COALESCE(SUM(CASE WHEN status IN (?) THEN 1 ELSE 0 END), 0) AS taken,
	COALESCE(SUM(CASE WHEN client_id = ? AND status IN (?) THEN 1 ELSE 0 END), 0) AS mine
	FROM bookings WHERE session_id = ?`

func seatsArgs(sessionID, clientID int64) []any {
	return []any{strs(core.SeatStatuses), clientID, strs(core.ActiveStatuses), sessionID}
}

// prefix qualifies each column of a column list with a table alias.
func prefix(alias, cols string) string {
	fields := strings.Split(cols, ",")
	for i, f := range fields {
		fields[i] = alias + strings.TrimSpace(f)
	}
	return strings.Join(fields, ", ")
}
