package core

import (
	"context"
	"fmt"
	"time"
)

// How a payment page's life lines up with the seat it pays for:
//
// A booking awaiting payment holds its seat until HoldUntil (the coach's
// UnpaidHold after booking, never past the start). A provider page lives
// between MinLife and MaxLife (Stripe: 30 minutes to 24 hours). The page
// expires at the hold's end when that is allowed, else at the nearest
// allowed moment; once the page is open the hold is stretched to the
// page's expiry plus Grace (never past the start), so a client paying in
// the page's last second still finds the seat, and a provider event that
// comes a little late still confirms it. When the provider says the page
// expired, a hold that was aligned with it ends at once and the next in
// line is promoted. Money that still comes after the seat went is
// settled by the coach's PaymentPolicy (settleLate).

// CheckoutRules are an online payment provider's limits on a page.
type CheckoutRules struct {
	Provider string        // e.g. MethodStripe; becomes the payment's Method
	MinLife  time.Duration // the shortest page life the provider accepts
	MaxLife  time.Duration // the longest
	Grace    time.Duration // the seat stays held this long after the page expires
}

// checkoutSlack keeps computed expiries clear of the provider's limits,
// whose clock may differ a little from ours.
const checkoutSlack = 2 * time.Minute

// claimLife is how long a page being created is waited for: a second
// caller within it asks the provider with the same attempt (and so gets
// the same page back); after it a new attempt starts.
const claimLife = time.Minute

// CheckoutPlan is what a provider needs to open a page for a pending
// payment, or the page already open for it.
type CheckoutPlan struct {
	// Page is the open page to show again when its URL is set; otherwise
	// the attempt to create, with its expiry decided.
	Page     *CheckoutPage
	Payment  *Payment
	Product  string // what is bought, in English: a session type's or a package's name
	Detail   string // when the session is, or what the package holds, in English
	Email    string // the client's, to prefill the page; may be ""
	Language string // the client's language, for the page
	// What is bought, for wording the page in Language: the package
	// (its name, credits and days), or the session (its type, start in
	// the coach's zone, and coach). Zero when not that kind of payment.
	Package      string
	Credits      int
	ValidityDays int
	Type         string
	Start        time.Time
	Zone         string
	Coach        string
}

// PrepareCheckout decides the page for a pending payment: the open one
// again, or a new attempt recorded as being created. Errors: ENOTFOUND,
// ECONFLICT (not pending, or the seat's hold has ended).
func (s *Payments) PrepareCheckout(ctx context.Context, paymentID int64, r CheckoutRules) (*CheckoutPlan, error) {
	var plan *CheckoutPlan
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		p, err := tx.Payment(paymentID)
		if err != nil {
			return err
		}
		if err := payable(p); err != nil {
			return err
		}
		plan = &CheckoutPlan{Payment: p}
		var hold time.Time
		if p.Purpose == PurposeBooking && p.BookingID != 0 {
			b, err := tx.Booking(p.BookingID)
			if err != nil {
				return err
			}
			switch {
			case owes(b, p):
				// Confirmed, due at the session: paid online ahead, no hold.
			case b.Status != BookingPendingPayment:
				return NewError(ECONFLICT, "err.pay.seat_released", "This seat is no longer held for you.")
			case !b.HoldUntil.IsZero() && !b.HoldUntil.After(now):
				return NewError(ECONFLICT, "err.pay.hold_ended", "Your hold on this seat has ended.")
			default:
				hold = b.HoldUntil
			}
		}
		if err := describe(tx, plan); err != nil {
			return err
		}
		last, err := tx.LastCheckout(p.ID)
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
		if err == nil && last.Provider == r.Provider {
			open := last.Status == CheckoutOpen && last.URL != "" && last.Expires.After(now)
			creating := last.Status == CheckoutCreating && now.Sub(last.Created) < claimLife
			if open || creating {
				plan.Page = last
				return nil
			}
		}
		attempt := 1
		if err == nil {
			attempt = last.Attempt + 1
		}
		plan.Page = &CheckoutPage{PaymentID: p.ID, Attempt: attempt, Provider: r.Provider, Status: CheckoutCreating,
			Expires: checkoutExpiry(now, hold, r), Created: now, Updated: now}
		return tx.PutCheckout(plan.Page)
	})
	return plan, err
}

// payable refuses payments that can no longer be paid.
func payable(p *Payment) error {
	switch p.Status {
	case PaymentPending:
		return nil
	case PaymentPaid:
		return NewError(ECONFLICT, "err.pay.already_paid", "This payment is already paid.")
	case PaymentRefunded:
		return NewError(ECONFLICT, "err.pay.refunded", "This payment was refunded.")
	}
	return NewError(ECONFLICT, "err.pay.cancelled", "This payment was cancelled.")
}

// checkoutExpiry is when a new page closes: at the hold's end when the
// provider allows it, else as close to it as allowed; without a hold, as
// late as allowed.
func checkoutExpiry(now, hold time.Time, r CheckoutRules) time.Time {
	lo := now.Add(r.MinLife + checkoutSlack)
	hi := now.Add(r.MaxLife - checkoutSlack)
	exp := hi
	if !hold.IsZero() {
		exp = hold
	}
	if exp.Before(lo) {
		exp = lo
	}
	if exp.After(hi) {
		exp = hi
	}
	return exp.Truncate(time.Second) // providers count in seconds
}

// describe fills in what the client buys and who they are.
func describe(tx Tx, plan *CheckoutPlan) error {
	p := plan.Payment
	c, err := tx.Client(p.ClientID)
	if err != nil {
		return err
	}
	plan.Email, plan.Language = c.Email, c.Language
	if p.Purpose == PurposePackage && p.PackageID != 0 {
		pk, err := tx.Package(p.PackageID)
		if err != nil {
			return err
		}
		plan.Product = pk.Name
		plan.Detail = fmt.Sprintf("%d credits, valid %d days", pk.Credits, pk.ValidityDays)
		plan.Package, plan.Credits, plan.ValidityDays = pk.Name, pk.Credits, pk.ValidityDays
		return nil
	}
	plan.Product = "Payment"
	if p.BookingID == 0 {
		return nil
	}
	b, err := tx.Booking(p.BookingID)
	if err != nil {
		return err
	}
	sess, err := tx.Session(b.SessionID)
	if err != nil {
		return err
	}
	st, err := tx.SessionType(sess.TypeID)
	if err != nil {
		return err
	}
	coach, err := tx.Coach(sess.CoachID)
	if err != nil {
		return err
	}
	plan.Product = st.Name
	if p.Purpose == PurposeFee {
		plan.Product = "Late cancellation fee: " + st.Name
	}
	start := sess.Start
	if loc, err := LoadZone(coach.Zone); err == nil {
		start = start.In(loc)
	}
	plan.Detail = start.Format("Mon 2 Jan 2006, 15:04") + " (" + coach.Zone + ") with " + coach.Name
	plan.Type, plan.Start, plan.Zone, plan.Coach = st.Name, sess.Start, coach.Zone, coach.Name
	return nil
}

// OpenCheckout records the page a provider opened for a prepared attempt:
// the payment now points at it (Method and ExternalID) and a held seat
// stays held until the page expires plus the grace. Errors: ENOTFOUND,
// ECONFLICT (the payment stopped being payable meanwhile; the page is
// recorded as expired and the caller should close it at the provider).
func (s *Payments) OpenCheckout(ctx context.Context, page *CheckoutPage, r CheckoutRules) (*CheckoutPage, error) {
	if page.SessionID == "" || page.URL == "" {
		return nil, fmt.Errorf("core: a checkout page opens with its provider's session id and url, got %q and %q",
			page.SessionID, page.URL)
	}
	var out *CheckoutPage
	var refused error
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		p, err := tx.Payment(page.PaymentID)
		if err != nil {
			return err
		}
		var b *Booking
		if p.Purpose == PurposeBooking && p.BookingID != 0 {
			// Lock the session before touching the booking (lock order).
			if b, err = tx.Booking(p.BookingID); err != nil {
				return err
			}
			if _, err := tx.LockSession(b.SessionID); err != nil {
				return err
			}
			if b, err = tx.Booking(p.BookingID); err != nil {
				return err
			}
			if p, err = tx.Payment(page.PaymentID); err != nil {
				return err
			}
		}
		last, err := tx.LastCheckout(p.ID)
		if err != nil {
			return err
		}
		if last.Attempt == page.Attempt && last.Status == CheckoutOpen && last.SessionID == page.SessionID {
			out = last // a twin request stored the same page first
			return nil
		}
		out = page
		page.Status, page.Updated = CheckoutOpen, now
		if refused = payable(p); refused != nil {
			page.Status = CheckoutExpired
			return tx.PutCheckout(page)
		}
		if err := tx.PutCheckout(page); err != nil {
			return err
		}
		if last.Attempt > page.Attempt {
			return nil // a newer attempt superseded this one
		}
		p.Method, p.ExternalID, p.Updated = r.Provider, page.SessionID, now
		if err := tx.UpdatePayment(p); err != nil {
			return err
		}
		if b == nil || b.Status != BookingPendingPayment {
			return nil
		}
		sess, err := tx.Session(b.SessionID)
		if err != nil {
			return err
		}
		until := page.Expires.Add(r.Grace)
		if until.After(sess.Start) {
			until = sess.Start
		}
		if until.After(b.HoldUntil) {
			b.HoldUntil, b.Updated = until, now
			return tx.UpdateBooking(b)
		}
		return nil
	})
	if err == nil {
		err = refused
	}
	return out, err
}

// StaleCheckouts lists a provider's pages still open that can no longer
// take money for us: their payment was paid, cancelled or refunded by
// other means, a newer page replaced them, they expired, or their
// creation was abandoned. The provider should close them (then
// CloseCheckout) so nobody pays twice.
func (s *Payments) StaleCheckouts(ctx context.Context, provider string, limit int) ([]*CheckoutPage, error) {
	var out []*CheckoutPage
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		pages, err := tx.OpenCheckouts(provider, limit)
		if err != nil {
			return err
		}
		for _, pg := range pages {
			if pg.Status == CheckoutCreating {
				if now.Sub(pg.Created) >= claimLife {
					out = append(out, pg)
				}
				continue
			}
			p, err := tx.Payment(pg.PaymentID)
			if err != nil {
				return err
			}
			if pg.Expires.After(now) && p.Status == PaymentPending && p.ExternalID == pg.SessionID {
				continue
			}
			out = append(out, pg)
		}
		return nil
	})
	return out, err
}

// CloseCheckout records that a page was closed at the provider, has
// expired there, or was never made. A page paid meanwhile stays paid.
// Errors: ENOTFOUND.
func (s *Payments) CloseCheckout(ctx context.Context, paymentID int64, attempt int) error {
	return s.update(ctx, func(tx Tx, now time.Time) error {
		pg, err := tx.Checkout(paymentID, attempt)
		if err != nil {
			return err
		}
		if pg.Status != CheckoutCreating && pg.Status != CheckoutOpen {
			return nil
		}
		pg.Status, pg.Updated = CheckoutExpired, now
		return tx.PutCheckout(pg)
	})
}
