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

// ReportPassEntries reads the ledger of the coach's passes in [from, to).
func (t *tx) ReportPassEntries(coachID int64, from, to time.Time) ([]*core.PassEntry, error) {
	return all(t, "report pass entries", scanPassEntry, `SELECT e.id, e.pass_id, e.delta, e.kind,
		e.booking_id, e.note, e.at FROM pass_entries e JOIN passes p ON p.id = e.pass_id
		WHERE p.coach_id = ? AND e.at >= ? AND e.at < ? ORDER BY e.id`, coachID, dbTime(from), dbTime(to))
}

// ReportPasses reads the coach's passes expiring in [from, to).
func (t *tx) ReportPasses(coachID int64, from, to time.Time) ([]*core.Pass, error) {
	return all(t, "report passes", scanPass, `SELECT `+passCols+` FROM passes
		WHERE coach_id = ? AND expires >= ? AND expires < ? ORDER BY id`, coachID, dbTime(from), dbTime(to))
}

// ReportPayments reads the coach's payments paid in [from, to), or all.
func (t *tx) ReportPayments(coachID int64, from, to time.Time) ([]*core.Payment, error) {
	if from.IsZero() && to.IsZero() {
		return all(t, "export payments", scanPayment, `SELECT `+paymentCols+` FROM payments
			WHERE coach_id = ? ORDER BY id`, coachID)
	}
	return all(t, "report payments", scanPayment, `SELECT `+paymentCols+` FROM payments
		WHERE coach_id = ? AND paid_at >= ? AND paid_at < ? ORDER BY id`, coachID, dbTime(from), dbTime(to))
}
