package sqlstore

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// This file implements core.PaymentProviderTx: payment pages, provider
// events and payment policies (migration 00005).

const checkoutCols = `payment_id, attempt, provider, session_id, url, status, expires_at, payment_ref,
	refund_ref, created_at, updated_at`

func scanCheckout(s rowScanner) (*core.CheckoutPage, error) {
	var c core.CheckoutPage
	err := s.Scan(&c.PaymentID, &c.Attempt, &c.Provider, &c.SessionID, &c.URL, &c.Status, (*dbTime)(&c.Expires),
		&c.PaymentRef, &c.RefundRef, (*dbTime)(&c.Created), (*dbTime)(&c.Updated))
	return &c, err
}

// MarkProviderEvent records an event id; false means it was seen before.
func (t *tx) MarkProviderEvent(provider, eventID, kind string, at time.Time) (bool, error) {
	n, err := t.exec("mark provider event", `INSERT INTO provider_events (provider, event_id, kind, received_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (provider, event_id) DO NOTHING`, provider, eventID, kind, dbTime(at))
	return n == 1, err
}

// PutCheckout inserts or replaces the page (PaymentID, Attempt).
func (t *tx) PutCheckout(c *core.CheckoutPage) error {
	_, err := t.exec("put checkout", `INSERT INTO payment_checkouts (`+checkoutCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (payment_id, attempt) DO UPDATE SET provider = excluded.provider,
			session_id = excluded.session_id, url = excluded.url, status = excluded.status,
			expires_at = excluded.expires_at, payment_ref = excluded.payment_ref,
			refund_ref = excluded.refund_ref, updated_at = excluded.updated_at`,
		c.PaymentID, c.Attempt, c.Provider, c.SessionID, c.URL, string(c.Status), dbTime(c.Expires),
		c.PaymentRef, c.RefundRef, dbTime(c.Created), dbTime(c.Updated))
	return err
}

// Checkout returns one attempt's page.
func (t *tx) Checkout(paymentID int64, attempt int) (*core.CheckoutPage, error) {
	return one(t, "checkout", "Payment page", scanCheckout, `SELECT `+checkoutCols+`
		FROM payment_checkouts WHERE payment_id = ? AND attempt = ?`, paymentID, attempt)
}

// LastCheckout returns a payment's newest page.
func (t *tx) LastCheckout(paymentID int64) (*core.CheckoutPage, error) {
	return one(t, "last checkout", "Payment page", scanCheckout, `SELECT `+checkoutCols+`
		FROM payment_checkouts WHERE payment_id = ? ORDER BY attempt DESC LIMIT 1`, paymentID)
}

// CheckoutBySession finds a page by the provider's id of it.
func (t *tx) CheckoutBySession(provider, sessionID string) (*core.CheckoutPage, error) {
	if sessionID == "" {
		return nil, core.NewError(core.ENOTFOUND, "err.not_found.payment_page", "Payment page not found.")
	}
	return one(t, "checkout by session", "Payment page", scanCheckout, `SELECT `+checkoutCols+`
		FROM payment_checkouts WHERE provider = ? AND session_id = ?`, provider, sessionID)
}

// CheckoutByPaymentRef finds the page whose money the provider calls ref.
func (t *tx) CheckoutByPaymentRef(provider, ref string) (*core.CheckoutPage, error) {
	if ref == "" {
		return nil, core.NewError(core.ENOTFOUND, "err.not_found.payment_page", "Payment page not found.")
	}
	return one(t, "checkout by payment ref", "Payment page", scanCheckout, `SELECT `+checkoutCols+`
		FROM payment_checkouts WHERE provider = ? AND payment_ref = ? ORDER BY payment_id, attempt LIMIT 1`, provider, ref)
}

// OpenCheckouts lists a provider's pages being created or open, oldest
// first.
func (t *tx) OpenCheckouts(provider string, n int) ([]*core.CheckoutPage, error) {
	return all(t, "open checkouts", scanCheckout, `SELECT `+checkoutCols+` FROM payment_checkouts
		WHERE provider = ? AND status IN ('creating', 'open') ORDER BY created_at, payment_id, attempt`+limit(n), provider)
}

// PaymentPolicy returns a coach's payment rules or the defaults.
func (t *tx) PaymentPolicy(coachID int64) (*core.PaymentPolicy, error) {
	p, err := one(t, "payment policy", "Payment policy", func(s rowScanner) (*core.PaymentPolicy, error) {
		p := core.PaymentPolicy{CoachID: coachID}
		err := s.Scan(&p.LatePayment)
		return &p, err
	}, `SELECT late_payment FROM payment_policies WHERE coach_id = ?`, coachID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return core.DefaultPaymentPolicy(coachID), nil
	}
	return p, err
}

// PutPaymentPolicy stores a coach's payment rules.
func (t *tx) PutPaymentPolicy(p *core.PaymentPolicy) error {
	_, err := t.exec("put payment policy", `INSERT INTO payment_policies (coach_id, late_payment) VALUES (?, ?)
		ON CONFLICT (coach_id) DO UPDATE SET late_payment = excluded.late_payment`, p.CoachID, string(p.LatePayment))
	return err
}
