package core

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// The Payments area's reads: one payment a Pay button names, and a
// client's payments.

// ClientPayment reads one of a client's payments (a Pay button's).
// Errors: ENOTFOUND, EUNAUTHORIZED (another client's).
func (s *Payments) ClientPayment(ctx context.Context, clientID, paymentID int64) (*Payment, error) {
	var p *Payment
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		if p, err = tx.Payment(paymentID); err != nil {
			return err
		}
		if p.ClientID != clientID {
			return NewError(EUNAUTHORIZED, "err.payment.not_yours", "That payment is not yours.")
		}
		return nil
	})
	return p, err
}

// MyPayments lists a client's dues and receipts. Errors: ENOTFOUND.
func (s *Payments) MyPayments(ctx context.Context, clientID int64) (*MyPayments, error) {
	out := &MyPayments{}
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		pays, err := tx.Payments(PaymentFilter{ClientID: clientID})
		if err != nil {
			return err
		}
		r := newReader(tx)
		var due []Money
		for _, p := range pays {
			if p.Status == PaymentCancelled {
				continue
			}
			l, err := r.paymentLine(p)
			if err != nil {
				return err
			}
			if p.Status == PaymentPending {
				out.Due = append(out.Due, l)
				due = append(due, p.Amount)
			} else {
				out.Receipts = append(out.Receipts, l)
			}
		}
		out.DueTotal = sumByCurrency(due)
		slices.SortStableFunc(out.Receipts, func(a, b *PaymentLine) int {
			return cmp.Or(b.Payment.PaidAt.Compare(a.Payment.PaidAt), cmp.Compare(b.Payment.ID, a.Payment.ID))
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
