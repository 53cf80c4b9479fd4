package sqlstore

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// The coach's report and export read their rows in bulk, one query per
// kind of row.

func scanBookingRow(s rowScanner) (*core.BookingRow, error) {
	var r core.BookingRow
	err := s.Scan(&r.BookingID, &r.SessionID, &r.ClientID, &r.ClientName, &r.TypeName, &r.Capacity,
		&r.Status, (*dbTime)(&r.SessionStart), &r.Credits, (*nullID)(&r.PaymentID), (*dbTime)(&r.Created))
	return &r, err
}

// ReportBookings reads the coach's bookings made or held in [from, to).
func (t *tx) ReportBookings(coachID int64, from, to time.Time) ([]*core.BookingRow, error) {
	q := `SELECT b.id, b.session_id, b.client_id, c.name, st.name, s.capacity, b.status, s.start_at,
		b.credits, b.payment_id, b.created_at
		FROM bookings b JOIN sessions s ON s.id = b.session_id
		JOIN session_types st ON st.id = s.type_id JOIN clients c ON c.id = b.client_id
		WHERE s.coach_id = ?`
	args := []any{coachID}
	if !from.IsZero() || !to.IsZero() {
		q += ` AND ((b.created_at >= ? AND b.created_at < ?) OR (s.start_at >= ? AND s.start_at < ?))`
		args = append(args, dbTime(from), dbTime(to), dbTime(from), dbTime(to))
	}
	return all(t, "report bookings", scanBookingRow, q+` ORDER BY b.id`, args...)
}

// ReportBookingFacts reads what a report counts of the coach's bookings
// made or held in [from, to): three columns and one join, for a year of
// a busy studio.
func (t *tx) ReportBookingFacts(coachID int64, from, to time.Time) ([]core.BookingFact, error) {
	var out []core.BookingFact
	err := each(t, "report booking facts", func(s rowScanner) error {
		var f core.BookingFact
		var created, start int64
		err := s.Scan(&f.Status, &created, &start)
		f.Created, f.SessionStart = unixTime(created), unixTime(start)
		out = append(out, f)
		return err
	}, `SELECT b.status, `+t.seconds("b.created_at")+`, `+t.seconds("s.start_at")+` FROM bookings b JOIN sessions s ON s.id = b.session_id
		WHERE s.coach_id = ? AND ((b.created_at >= ? AND b.created_at < ?) OR (s.start_at >= ? AND s.start_at < ?))`,
		coachID, dbTime(from), dbTime(to), dbTime(from), dbTime(to))
	return out, err
}

// seconds is the dialect's SQL for a timestamp column in whole seconds
// since 1970, read with unixTime.
func (t *tx) seconds(column string) string { return t.d.UnixSeconds(column) }

// unixTime is a time read as seconds since 1970 (seconds), in UTC.
func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// ReportCreditFacts reads the ledger of the coach's passes in [from, to).
func (t *tx) ReportCreditFacts(coachID int64, from, to time.Time) ([]core.CreditFact, error) {
	var out []core.CreditFact
	err := each(t, "report credit facts", func(s rowScanner) error {
		var f core.CreditFact
		var at int64
		err := s.Scan(&f.Kind, &f.Delta, &at)
		f.At = unixTime(at)
		out = append(out, f)
		return err
	}, `SELECT e.kind, e.delta, `+t.seconds("e.at")+` FROM pass_entries e JOIN passes p ON p.id = e.pass_id
		WHERE p.coach_id = ? AND e.at >= ? AND e.at < ?`, coachID, dbTime(from), dbTime(to))
	return out, err
}

// ReportPasses reads the coach's passes expiring in [from, to).
func (t *tx) ReportPasses(coachID int64, from, to time.Time) ([]*core.Pass, error) {
	return all(t, "report passes", scanPass, `SELECT `+passCols+` FROM passes
		WHERE coach_id = ? AND expires >= ? AND expires < ? ORDER BY id`, coachID, dbTime(from), dbTime(to))
}

// ReportPayments reads every payment to the coach.
func (t *tx) ReportPayments(coachID int64) ([]*core.Payment, error) {
	return all(t, "export payments", scanPayment, `SELECT `+paymentCols+` FROM payments
		WHERE coach_id = ? ORDER BY id`, coachID)
}

// ReportPaymentFacts reads what a report adds up of the coach's payments
// paid in [from, to).
func (t *tx) ReportPaymentFacts(coachID int64, from, to time.Time) ([]core.PaymentFact, error) {
	var out []core.PaymentFact
	err := each(t, "report payment facts", func(s rowScanner) error {
		var f core.PaymentFact
		var paid int64
		err := s.Scan(&f.Method, &f.Status, &f.Amount.Amount, &f.Amount.Currency, &paid)
		f.PaidAt = unixTime(paid)
		out = append(out, f)
		return err
	}, `SELECT method, status, amount, currency, `+t.seconds("paid_at")+` FROM payments
		WHERE coach_id = ? AND paid_at >= ? AND paid_at < ?`, coachID, dbTime(from), dbTime(to))
	return out, err
}

// each runs q and hands every row to scan.
func each(t *tx, op string, scan func(rowScanner) error, q string, args ...any) error {
	q, args, err := t.query(q, args)
	if err != nil {
		return t.fail(op, "", err)
	}
	rows, err := t.queryRows(q, args)
	if err != nil {
		return t.fail(op, "", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return t.fail(op, "", err)
		}
	}
	if err := rows.Err(); err != nil {
		return t.fail(op, "", err)
	}
	return nil
}
