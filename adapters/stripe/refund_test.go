package stripe

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// payOnline books and pays a paid 1:1 through Checkout and the webhook.
func (e *env) payOnline(name string) (*core.Client, *core.BookResult, string) {
	e.t.Helper()
	c, res := e.hold(name, e.paidSession())
	cs := e.checkout(res.Payment)
	e.deliver(event("evt_pay_"+cs, "checkout.session.completed", completed(cs, "pi_"+cs, 5000)), http.StatusOK)
	if b := e.booking(res.Booking.ID); b.Status != core.BookingConfirmed {
		e.t.Fatalf("booking = %s", b.Status)
	}
	return c, res, cs
}

// A client cancels a paid session outside the window: the payment is
// refunded through Stripe, once, however often the refunder runs.
func TestRefundAfterClientCancels(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	c, res, cs := e.payOnline("Maria")
	_, out, err := e.svc.Bookings.Cancel(e.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "ill"})
	e.must(err)
	if out.Refund.Amount != 5000 {
		t.Fatalf("outcome = %+v", out)
	}
	for i := 0; i < 3; i++ {
		n, err := e.c.RefundDue(e.ctx)
		e.must(err)
		if want := map[bool]int{true: 1, false: 0}[i == 0]; n != want {
			t.Fatalf("run %d: %d refunds", i, n)
		}
	}
	refunds := e.calls.to("/v1/refunds")
	if len(refunds) != 1 || refunds[0].Form.Get("payment_intent") != "pi_"+cs ||
		refunds[0].Form.Get("metadata[slotbot_payment_id]") != itoa(res.Payment.ID) ||
		!strings.HasPrefix(refunds[0].IdempotencyKey, "slotbot-refund-") {
		t.Fatalf("refund requests = %+v", refunds)
	}
	if p := e.payment(res.Payment.ID); p.Status != core.PaymentRefunded || p.RefundDue {
		t.Fatalf("payment = %+v", p)
	}
	if n := len(e.notices(c.ID, core.NoticePaymentRefunded)); n != 1 {
		t.Fatalf("%d refund notices", n)
	}
}

// A coach cancels the session: every online payment is refunded.
func TestRefundAfterCoachCancels(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	_, res, _ := e.payOnline("Maria")
	// Inside the client's late window: the coach's cancellation still
	// refunds in full.
	e.clock.Advance(40 * time.Hour)
	if _, err := e.svc.Bookings.CancelSession(e.ctx, e.demo.Coach.ID, res.Booking.SessionID, "coach ill"); err != nil {
		t.Fatal(err)
	}
	n, err := e.c.RefundDue(e.ctx)
	if err != nil || n != 1 {
		t.Fatalf("RefundDue = %d, %v", n, err)
	}
	if p := e.payment(res.Payment.ID); p.Status != core.PaymentRefunded {
		t.Fatalf("payment = %s", p.Status)
	}
}

// The coach marked the seat paid in cash while the Checkout page was
// open: the page is closed at Stripe so nobody pays twice.
func TestStalePageClosed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	_, res := e.hold("Maria", e.paidSession())
	cs := e.checkout(res.Payment)
	_, err := e.svc.Payments.MarkPaymentPaid(e.ctx, res.Payment.ID, core.MethodManual, "cash")
	e.must(err)
	for i := 0; i < 2; i++ {
		n, err := e.c.CloseStale(e.ctx)
		e.must(err)
		if n != 1-i {
			t.Fatalf("run %d closed %d", i, n)
		}
	}
	expired := e.calls.to("/v1/checkout/sessions/" + cs + "/expire")
	if len(expired) != 1 {
		t.Fatalf("%d expire requests", len(expired))
	}
}
