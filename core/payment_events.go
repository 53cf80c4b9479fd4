package core

import (
	"context"
	"time"
)

// Notice kinds about online payments, beside those in notice.go.
const (
	NoticePaymentLate     NoticeKind = "payment_late"     // to the client: money came after the seat went (data: outcome refund|credit, why)
	NoticePaymentRefunded NoticeKind = "payment_refunded" // to the client: the money went back
)

// ProviderEvent names one notification of a payment provider; each is
// applied at most once, however often it is delivered.
type ProviderEvent struct {
	Provider string // e.g. MethodStripe
	ID       string // the provider's event id
	Kind     string // the provider's event type, for the record
}

// ErrNotYet is the ECONFLICT for an event that came before the one it
// follows (a refund of money not yet recorded as paid); nothing changed
// and the provider should deliver it again later.
var ErrNotYet = NewError(ECONFLICT, "err.pay.event_early", "This event came before the payment it concerns; try again later.")

// once records ev in tx; false means it was applied before.
func once(tx Tx, now time.Time, ev ProviderEvent) (bool, error) {
	if ev.Provider == "" || ev.ID == "" {
		return false, NewError(EINVALID, "err.pay.event_id", "An event needs a provider and an id.")
	}
	return tx.MarkProviderEvent(ev.Provider, ev.ID, ev.Kind, now)
}

// onEvent runs fn in the transaction that records ev, unless ev was
// recorded before (a provider's redelivery), when fn does not run: the
// start every provider event shares. It reports whether ev was new.
func (s *Payments) onEvent(ctx context.Context, ev ProviderEvent, fn func(tx Tx, now time.Time) error) (bool, error) {
	fresh := false
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if fresh, err = once(tx, now, ev); err != nil || !fresh {
			return err
		}
		return fn(tx, now)
	})
	return fresh, err
}

// CheckoutPaid applies a provider's word that a page was paid: the
// payment becomes paid and its booking confirmed or pass granted, in the
// transaction that records the event, so a replay changes nothing. Money
// for a seat that went meanwhile is settled by the coach's PaymentPolicy;
// money for a payment already settled otherwise is marked for refund. It
// returns the payment (nil for a replay) and whether the event was new.
// Errors: ENOTFOUND (not one of our pages).
func (s *Payments) CheckoutPaid(ctx context.Context, ev ProviderEvent, sessionID, paymentRef string) (*Payment, bool, error) {
	var p *Payment
	fresh, err := s.onEvent(ctx, ev, func(tx Tx, now time.Time) error {
		pg, err := lockedCheckout(tx, ev.Provider, sessionID)
		if err != nil {
			return err
		}
		pg.Status, pg.Updated = CheckoutPaid, now
		if paymentRef != "" {
			pg.PaymentRef = paymentRef
		}
		if err := tx.PutCheckout(pg); err != nil {
			return err
		}
		if p, err = tx.Payment(pg.PaymentID); err != nil {
			return err
		}
		settled := p.Status == PaymentPaid || p.Status == PaymentRefunded
		if settled && (p.ExternalID != sessionID || p.Method != ev.Provider) {
			// Settled otherwise: this page's money is a second payment,
			// unless another event about the page recorded it already.
			dup, err := paymentOfPage(tx, pg)
			if err == nil {
				p = dup
				return nil
			}
			if ErrorCode(err) != ENOTFOUND {
				return err
			}
			p, err = paidTwice(tx, now, p, ev.Provider, sessionID)
			return err
		}
		if p.Status == PaymentRefunded {
			return nil // an old event after the refund
		}
		p, err = markPaid(tx, now, p.ID, ev.Provider, sessionID)
		return err
	})
	if !fresh {
		p = nil // a replay, or a retried attempt that found it recorded
	}
	return p, fresh, err
}

// lockedCheckout reads a page after locking its booking's session, and
// reads it again under the lock: the start every page event shares, so
// that two events about one page apply one after the other.
func lockedCheckout(tx Tx, provider, sessionID string) (*CheckoutPage, error) {
	pg, err := tx.CheckoutBySession(provider, sessionID)
	if err != nil {
		return nil, err
	}
	if err := lockPaymentSession(tx, pg.PaymentID); err != nil {
		return nil, err
	}
	return tx.CheckoutBySession(provider, sessionID)
}

// lockPaymentSession locks the session of a payment's booking, if any,
// before its page, payment or booking are touched: the lock order of
// every service that changes seats.
func lockPaymentSession(tx Tx, paymentID int64) error {
	p, err := tx.Payment(paymentID)
	if err != nil || p.BookingID == 0 {
		return err
	}
	b, err := tx.Booking(p.BookingID)
	if err != nil {
		return err
	}
	_, err = tx.LockSession(b.SessionID)
	return err
}

// paidTwice records money that came for a payment already settled by
// other means (cash marked by the coach, another page) as a payment of its
// own, due for refund, and tells both sides.
func paidTwice(tx Tx, now time.Time, p *Payment, provider, sessionID string) (*Payment, error) {
	dup := &Payment{ClientID: p.ClientID, CoachID: p.CoachID, BookingID: p.BookingID, PackageID: p.PackageID,
		Purpose: p.Purpose, Amount: p.Amount, Method: provider, Status: PaymentPaid, RefundDue: true,
		ExternalID: sessionID, Created: now, Updated: now, PaidAt: now}
	if err := tx.CreatePayment(dup); err != nil {
		return nil, err
	}
	sid, err := sessionOf(tx, dup.BookingID)
	if err != nil {
		return nil, err
	}
	data := map[string]string{"payment_id": itoa(dup.ID), "amount": dup.Amount.String(), "outcome": "refund", "why": "paid twice"}
	if err := notify(tx, now, Notice{Kind: NoticePaymentLate, ToKind: ToClient, ToID: dup.ClientID, BookingID: dup.BookingID,
		SessionID: sid, Data: data}); err != nil {
		return nil, err
	}
	return dup, notify(tx, now, Notice{Kind: NoticeCoachRefundDue, ToKind: ToCoach, ToID: dup.CoachID, BookingID: dup.BookingID, SessionID: sid,
		Data: map[string]string{"payment_id": itoa(dup.ID), "amount": dup.Amount.String(), "why": "paid twice", "method": provider,
			"client_id": itoa(dup.ClientID)}})
}

// CheckoutExpired applies a provider's word that a page closed unpaid:
// the page is closed, and a seat whose hold was aligned with it is
// released at once and offered to the next in line. It reports whether a
// seat was released and whether the event was new. Errors: ENOTFOUND
// (not one of our pages).
func (s *Payments) CheckoutExpired(ctx context.Context, ev ProviderEvent, sessionID string, r CheckoutRules) (bool, bool, error) {
	released := false
	fresh, err := s.onEvent(ctx, ev, func(tx Tx, now time.Time) error {
		released = false
		pg, err := lockedCheckout(tx, ev.Provider, sessionID)
		if err != nil {
			return err
		}
		if pg.Status == CheckoutCreating || pg.Status == CheckoutOpen {
			pg.Status, pg.Updated = CheckoutExpired, now
			if err := tx.PutCheckout(pg); err != nil {
				return err
			}
		}
		p, err := tx.Payment(pg.PaymentID)
		if err != nil {
			return err
		}
		if p.Status != PaymentPending || p.ExternalID != sessionID || p.Purpose != PurposeBooking || p.BookingID == 0 {
			return nil
		}
		// A hold that outlives the page stays: the client may open another.
		released, err = releaseHold(tx, now, p.BookingID, pg.Expires.Add(r.Grace))
		return err
	})
	return released && fresh, fresh, err
}

// ProviderRefunded applies a provider's word that the money of a paid page
// went back (a refund we asked for, or one made on the provider's
// dashboard). It returns the payment (nil for a replay) and whether the
// event was new. Errors: ENOTFOUND (not ours), ErrNotYet (the payment is
// not recorded as paid yet).
func (s *Payments) ProviderRefunded(ctx context.Context, ev ProviderEvent, paymentRef, refundRef string) (*Payment, bool, error) {
	var p *Payment
	fresh, err := s.onEvent(ctx, ev, func(tx Tx, now time.Time) error {
		pg, err := tx.CheckoutByPaymentRef(ev.Provider, paymentRef)
		if err != nil {
			return err
		}
		if p, err = paymentOfPage(tx, pg); err != nil {
			return err
		}
		return refunded(tx, now, p, pg, refundRef)
	})
	if !fresh {
		p = nil // a replay, or a retried attempt that found it recorded
	}
	return p, fresh, err
}

// RefundMade records a refund the provider accepted for a payment due
// one; a second call changes nothing. Errors: ENOTFOUND, ECONFLICT (not
// paid).
func (s *Payments) RefundMade(ctx context.Context, provider string, paymentID int64, refundRef string) (*Payment, error) {
	var p *Payment
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if p, err = tx.Payment(paymentID); err != nil {
			return err
		}
		pg, err := tx.CheckoutBySession(provider, p.ExternalID)
		if err != nil {
			return err
		}
		return refunded(tx, now, p, pg, refundRef)
	})
	return p, err
}

// refunded marks a paid payment refunded and tells the client; a refunded
// one is left as it is.
func refunded(tx Tx, now time.Time, p *Payment, pg *CheckoutPage, refundRef string) error {
	switch p.Status {
	case PaymentRefunded:
		if pg.RefundRef == "" && refundRef != "" {
			pg.RefundRef, pg.Updated = refundRef, now
			return tx.PutCheckout(pg)
		}
		return nil
	case PaymentPaid:
	default:
		return ErrNotYet
	}
	p.Status, p.RefundDue, p.Updated = PaymentRefunded, false, now
	if err := tx.UpdatePayment(p); err != nil {
		return err
	}
	if refundRef != "" {
		pg.RefundRef = refundRef
	}
	pg.Updated = now
	if err := tx.PutCheckout(pg); err != nil {
		return err
	}
	return refundTold(tx, now, p)
}

// RefundFailed applies a provider's word that a refund failed: the
// payment is paid again and the coach is asked to settle it by hand. It
// reports whether the event was new. Errors: ENOTFOUND.
func (s *Payments) RefundFailed(ctx context.Context, ev ProviderEvent, paymentRef, refundRef string) (bool, error) {
	return s.onEvent(ctx, ev, func(tx Tx, now time.Time) error {
		pg, err := tx.CheckoutByPaymentRef(ev.Provider, paymentRef)
		if err != nil {
			return err
		}
		p, err := paymentOfPage(tx, pg)
		if err != nil {
			return err
		}
		if p.Status != PaymentRefunded || (pg.RefundRef != "" && refundRef != "" && pg.RefundRef != refundRef) {
			return nil
		}
		p.Status, p.RefundDue, p.Updated = PaymentPaid, false, now
		if err := tx.UpdatePayment(p); err != nil {
			return err
		}
		pg.RefundRef, pg.Updated = "", now
		if err := tx.PutCheckout(pg); err != nil {
			return err
		}
		sessionID, err := sessionOf(tx, p.BookingID)
		if err != nil {
			return err
		}
		return notify(tx, now, Notice{Kind: NoticeCoachRefundDue, ToKind: ToCoach, ToID: p.CoachID, BookingID: p.BookingID, SessionID: sessionID,
			Data: map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String(), "why": "refund failed",
				"client_id": itoa(p.ClientID)}})
	})
}

// paymentOfPage finds the payment a page's money belongs to: the page's
// own, or the refund-due copy made when it was paid twice.
func paymentOfPage(tx Tx, pg *CheckoutPage) (*Payment, error) {
	p, err := tx.Payment(pg.PaymentID)
	if err != nil {
		return nil, err
	}
	if p.ExternalID == pg.SessionID && p.Method == pg.Provider {
		return p, nil
	}
	ps, err := tx.Payments(PaymentFilter{ClientID: p.ClientID})
	if err != nil {
		return nil, err
	}
	for _, q := range ps {
		if q.ExternalID == pg.SessionID && q.Method == pg.Provider {
			return q, nil
		}
	}
	return nil, NewError(ENOTFOUND, "err.not_found.payment", "Payment not found.")
}

// RefundTask is a payment an online provider must refund, with the page
// that took the money.
type RefundTask struct {
	Payment *Payment
	Page    *CheckoutPage
}

// RefundsDue lists the payments made through provider that are due a
// refund (a cancellation, a coach's cancellation, a late or double
// payment), oldest first, at most limit (0: all).
func (s *Payments) RefundsDue(ctx context.Context, provider string, limit int) ([]RefundTask, error) {
	var out []RefundTask
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		ps, err := tx.Payments(PaymentFilter{Status: PaymentPaid, RefundDue: true})
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Method != provider {
				continue
			}
			pg, err := tx.CheckoutBySession(provider, p.ExternalID)
			if err != nil && ErrorCode(err) != ENOTFOUND {
				return err
			}
			out = append(out, RefundTask{Payment: p, Page: pg}) // Page nil: no page of ours took it
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	return out, err
}
