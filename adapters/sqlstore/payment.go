package sqlstore

import "github.com/slotbot/slotbot/core"

const paymentCols = `id, client_id, coach_id, booking_id, package_id, pass_id, purpose, amount, currency,
	method, status, refund_due, external_id, created_at, updated_at, paid_at`

func scanPayment(s rowScanner) (*core.Payment, error) {
	var p core.Payment
	err := s.Scan(&p.ID, &p.ClientID, &p.CoachID, (*nullID)(&p.BookingID), (*nullID)(&p.PackageID),
		(*nullID)(&p.PassID), &p.Purpose, &p.Amount.Amount, &p.Amount.Currency, &p.Method, &p.Status,
		&p.RefundDue, &p.ExternalID, (*dbTime)(&p.Created), (*dbTime)(&p.Updated), (*dbTime)(&p.PaidAt))
	return &p, err
}

func (t *tx) CreatePayment(p *core.Payment) error {
	id, err := t.insert("create payment", `INSERT INTO payments (client_id, coach_id, booking_id,
		package_id, pass_id, purpose, amount, currency, method, status, refund_due, external_id,
		created_at, updated_at, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.ClientID, p.CoachID, nullID(p.BookingID), nullID(p.PackageID), nullID(p.PassID), p.Purpose,
		p.Amount.Amount, p.Amount.Currency, p.Method, string(p.Status), p.RefundDue, p.ExternalID,
		dbTime(p.Created), dbTime(p.Updated), dbTime(p.PaidAt))
	if err != nil {
		return err
	}
	p.ID = id
	return nil
}

func (t *tx) Payment(id int64) (*core.Payment, error) {
	if p, ok := ahead[core.Payment](t, aheadPayments, id); ok {
		return p, nil
	}
	return one(t, "payment", "Payment", scanPayment, `SELECT `+paymentCols+` FROM payments WHERE id = ?`, id)
}

func (t *tx) UpdatePayment(p *core.Payment) error {
	return t.update("update payment", "Payment", `UPDATE payments SET client_id = ?, coach_id = ?,
		booking_id = ?, package_id = ?, pass_id = ?, purpose = ?, amount = ?, currency = ?, method = ?,
		status = ?, refund_due = ?, external_id = ?, updated_at = ?, paid_at = ? WHERE id = ?`,
		p.ClientID, p.CoachID, nullID(p.BookingID), nullID(p.PackageID), nullID(p.PassID), p.Purpose,
		p.Amount.Amount, p.Amount.Currency, p.Method, string(p.Status), p.RefundDue, p.ExternalID,
		dbTime(p.Updated), dbTime(p.PaidAt), p.ID)
}

// Payments lists the payments f selects, by id; RefundDue false matches
// every payment, true only those awaiting a refund.
func (t *tx) Payments(f core.PaymentFilter) ([]*core.Payment, error) {
	var w where
	if f.ClientID != 0 {
		w.add("client_id = ?", f.ClientID)
	}
	if f.CoachID != 0 {
		w.add("coach_id = ?", f.CoachID)
	}
	if f.BookingID != 0 {
		w.add("booking_id = ?", f.BookingID)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.RefundDue {
		w.add("refund_due = ?", true)
	}
	return all(t, "payments", scanPayment,
		`SELECT `+paymentCols+` FROM payments`+w.String()+` ORDER BY id`, w.args...)
}
