package stripe

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slotbot/slotbot/core"
	stripego "github.com/stripe/stripe-go/v76"
)

// refundBatch bounds the refunds one RefundDue call makes, so one run of
// the scheduler stays short; the rest wait for the next run.
const refundBatch = 50

// RefundDue gives back, through Stripe's Refund API, the money of every
// Stripe payment the domain marked for refund (a cancellation outside
// the window, a coach's cancellation, money that came too late or twice),
// then records each refund. Every refund carries an idempotency key
// derived from the payment and the Checkout Session that took the money,
// so a crash or a second replica between asking Stripe and recording the
// answer never refunds twice; a charge Stripe reports already refunded
// counts as done. It returns how many refunds it recorded; a failure of
// one payment does not stop the others, and all are returned joined. The
// scheduler calls it (cmd wires it), or Run does.
func (c *Client) RefundDue(ctx context.Context) (int, error) {
	tasks, err := c.svc.Payments.RefundsDue(ctx, core.MethodStripe, refundBatch)
	if err != nil {
		return 0, fmt.Errorf("stripe: listing refunds due: %w", err)
	}
	n := 0
	var errs []error
	for _, t := range tasks {
		if ctx.Err() != nil {
			break
		}
		if err := c.refund(ctx, t); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// refund makes one refund and records it.
func (c *Client) refund(ctx context.Context, t core.RefundTask) error {
	p := t.Payment
	if t.Page == nil {
		return fmt.Errorf("stripe: payment %d is due a refund but no Checkout Session of ours took it; refund it by hand", p.ID)
	}
	pi := t.Page.PaymentRef
	if pi == "" {
		s, err := c.sessions.Get(t.Page.SessionID, &stripego.CheckoutSessionParams{Params: stripego.Params{Context: ctx}})
		if err != nil {
			return apiError("read checkout session "+t.Page.SessionID, err)
		}
		if s.PaymentIntent == nil || s.PaymentIntent.ID == "" {
			return fmt.Errorf("stripe: checkout session %s of payment %d has no PaymentIntent to refund", t.Page.SessionID, p.ID)
		}
		pi = s.PaymentIntent.ID
	}
	params := &stripego.RefundParams{
		Params:        stripego.Params{Context: ctx},
		PaymentIntent: stripego.String(pi),
		Amount:        stripego.Int64(p.Amount.Amount),
		Reason:        stripego.String(string(stripego.RefundReasonRequestedByCustomer)),
		Metadata:      map[string]string{metaPayment: strconv.FormatInt(p.ID, 10), metaClient: strconv.FormatInt(p.ClientID, 10)},
	}
	params.SetIdempotencyKey(refundKey(p, t.Page))
	refundID := ""
	rf, err := c.refunds.New(params)
	var se *stripego.Error
	switch {
	case err == nil:
		if rf.Status == stripego.RefundStatusFailed || rf.Status == stripego.RefundStatusCanceled {
			return fmt.Errorf("stripe: refund %s of payment %d is %s", rf.ID, p.ID, rf.Status)
		}
		refundID = rf.ID
	case errors.As(err, &se) && se.Code == stripego.ErrorCodeChargeAlreadyRefunded:
		// Refunded before (by us after the idempotency key expired, or
		// on the dashboard): record it.
	default:
		return apiError(fmt.Sprintf("refund payment %d", p.ID), err)
	}
	if _, err := c.svc.Payments.RefundMade(ctx, core.MethodStripe, p.ID, refundID); err != nil {
		return fmt.Errorf("stripe: recording refund %s of payment %d: %w", refundID, p.ID, err)
	}
	c.log.Info("stripe: refund made", "payment_id", p.ID, "refund_id", refundID, "amount", p.Amount.String())
	return nil
}

// refundKey is the idempotency key of a payment's refund.
func refundKey(p *core.Payment, pg *core.CheckoutPage) string {
	return "slotbot-refund-" + strconv.FormatInt(p.ID, 10) + "-" + pg.SessionID
}

// CloseStale closes the Checkout Sessions that can no longer take money
// for us (their payment was settled otherwise, cancelled, or replaced by a
// newer page) so nobody pays twice, and records the ones Stripe already
// expired. It returns how many it closed.
func (c *Client) CloseStale(ctx context.Context) (int, error) {
	pages, err := c.svc.Payments.StaleCheckouts(ctx, core.MethodStripe, refundBatch)
	if err != nil {
		return 0, fmt.Errorf("stripe: listing stale checkout sessions: %w", err)
	}
	now := c.svc.Clock.Now()
	n := 0
	var errs []error
	for _, pg := range pages {
		if ctx.Err() != nil {
			break
		}
		if pg.SessionID != "" && pg.Expires.After(now) {
			params := &stripego.CheckoutSessionExpireParams{Params: stripego.Params{Context: ctx}}
			if _, err := c.sessions.Expire(pg.SessionID, params); err != nil {
				var se *stripego.Error
				if !errors.As(err, &se) || se.Type != stripego.ErrorTypeInvalidRequest {
					errs = append(errs, apiError("expire "+pg.SessionID, err))
					continue
				}
				// Not open any more (completed or expired): its event
				// tells the rest.
			}
		}
		if err := c.svc.Payments.CloseCheckout(ctx, pg.PaymentID, pg.Attempt); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// Run refunds what is due and closes stale pages every interval until ctx
// ends, logging failures; cmd may run it when the scheduler does not call
// RefundDue itself.
func (c *Client) Run(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := c.RefundDue(ctx); err != nil {
			c.log.Error("stripe: refunds", "made", n, "err", err)
		}
		if _, err := c.CloseStale(ctx); err != nil {
			c.log.Warn("stripe: closing stale checkout sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
