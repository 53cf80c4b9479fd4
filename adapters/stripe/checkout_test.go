package stripe

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A client holding a paid 1:1 gets one Checkout Session, built from the
// session type and linked to the payment, booking and client; asking
// again shows the same page without calling Stripe.
func TestCheckoutForASession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	maria, res := e.hold("Maria", e.paidSession())
	link, err := e.c.CheckoutURL(e.ctx, res.Payment)
	e.must(err)
	if !strings.HasPrefix(link, "https://") {
		t.Fatalf("link = %q", link)
	}
	sent := e.calls.to("/v1/checkout/sessions")
	if len(sent) != 1 {
		t.Fatalf("%d checkout requests", len(sent))
	}
	pid := strconv.FormatInt(res.Payment.ID, 10)
	f := sent[0].Form
	// The hold (30 min) is shorter than Stripe's minimum: the page lives
	// 32 minutes and the seat stays held 5 minutes more.
	expires := tuesday10.Add(32 * time.Minute)
	for key, want := range map[string]string{
		"mode":                                              "payment",
		"client_reference_id":                               "slotbot-payment-" + pid,
		"expires_at":                                        strconv.FormatInt(expires.Unix(), 10),
		"line_items[0][quantity]":                           "1",
		"line_items[0][price_data][currency]":               "eur",
		"line_items[0][price_data][unit_amount]":            "5000",
		"line_items[0][price_data][product_data][name]":     "Standard session",
		"metadata[slotbot_payment_id]":                      pid,
		"metadata[slotbot_booking_id]":                      strconv.FormatInt(res.Booking.ID, 10),
		"metadata[slotbot_client_id]":                       strconv.FormatInt(maria.ID, 10),
		"payment_intent_data[metadata][slotbot_payment_id]": pid,
		"customer_email":                                    "maria@example.com",
		"locale":                                            "fr",
		"cancel_url":                                        "https://slotbot.example/stripe/return?result=cancelled",
		"success_url":                                       "https://slotbot.example/stripe/return?result=paid&session_id={CHECKOUT_SESSION_ID}",
	} {
		if got := f.Get(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if d := f.Get("line_items[0][price_data][product_data][description]"); !strings.Contains(d, "Thu 4 Jun 2026, 10:00 (Europe/Paris)") {
		t.Errorf("description = %q", d)
	}
	if k := sent[0].IdempotencyKey; !strings.HasPrefix(k, "slotbot-checkout-"+pid+"-1-") {
		t.Errorf("idempotency key = %q", k)
	}
	pay := e.payment(res.Payment.ID)
	if pay.Method != core.MethodStripe || !strings.HasPrefix(pay.ExternalID, "cs_") || pay.Status != core.PaymentPending {
		t.Fatalf("payment = %+v", pay)
	}
	if b := e.booking(res.Booking.ID); !b.HoldUntil.Equal(expires.Add(5 * time.Minute)) {
		t.Fatalf("hold until %s", b.HoldUntil)
	}
	again, err := e.c.CheckoutURL(e.ctx, res.Payment)
	e.must(err)
	if again != link || len(e.calls.to("/v1/checkout/sessions")) != 1 {
		t.Fatalf("second ask: %q and %d requests", again, len(e.calls.to("/v1/checkout/sessions")))
	}
}

// Buying a package: the page is named after the package, lives Stripe's
// longest, and carries the package id.
func TestCheckoutForAPackage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	c := e.client("Noah")
	pay, err := e.svc.Passes.BuyPackage(e.ctx, c.ID, e.demo.Packs[0].ID)
	e.must(err)
	e.checkout(pay)
	f := e.calls.to("/v1/checkout/sessions")[0].Form
	for key, want := range map[string]string{
		"line_items[0][price_data][unit_amount]":        "22500",
		"line_items[0][price_data][product_data][name]": "5 sessions",
		"metadata[slotbot_package_id]":                  strconv.FormatInt(e.demo.Packs[0].ID, 10),
		"expires_at":                                    strconv.FormatInt(tuesday10.Add(24*time.Hour-2*time.Minute).Unix(), 10),
	} {
		if got := f.Get(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if f.Get("metadata[slotbot_booking_id]") != "" {
		t.Error("a package payment names a booking")
	}
}

// Nothing to pay, nothing asked of Stripe: a paid payment, and a hold
// that has ended.
func TestCheckoutRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	_, res := e.hold("Maria", e.paidSession())
	_, err := e.svc.Payments.MarkPaymentPaid(e.ctx, res.Payment.ID, core.MethodManual, "cash")
	e.must(err)
	if _, err := e.c.CheckoutURL(e.ctx, res.Payment); core.ErrorCode(err) != core.ECONFLICT {
		t.Fatalf("paid payment: %v", err)
	}
	_, res2 := e.hold("Noah", e.paidSession())
	e.clock.Advance(31 * time.Minute)
	if _, err := e.c.CheckoutURL(e.ctx, res2.Payment); core.ErrorCode(err) != core.ECONFLICT {
		t.Fatalf("ended hold: %v", err)
	}
	if n := len(e.calls.to("/v1/")); n != 0 {
		t.Fatalf("%d requests to Stripe", n)
	}
}

// Stripe down: the client is told to try again, and the next ask (after
// the claim lapsed) starts a new attempt.
func TestCheckoutStripeUnreachable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	_, res := e.hold("Maria", e.paidSession())
	_, err := e.c.CheckoutURL(e.ctx, res.Payment)
	if core.ErrorCode(err) != core.EUNAVAILABLE || !strings.Contains(core.ErrorMessage(err), "try again") {
		t.Fatalf("err = %v", err)
	}
	if p := e.payment(res.Payment.ID); p.ExternalID != "" || p.Method != core.MethodManual {
		t.Fatalf("payment = %+v", p)
	}
}

// answerWithoutID is a Stripe-compatible API that creates a Checkout
// Session but leaves its id out of the answer.
type answerWithoutID struct{}

func (answerWithoutID) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(strings.NewReader(`{"object":"checkout.session","url":"https://checkout.example/pay"}`)),
		Request: r}, nil
}

// A Stripe-compatible API answering without a session id leaves no
// "open" page behind (none could be expired, matched to its payment, or
// reused): the client is told to try again, and the payment stays as it
// was.
func TestCheckoutAnswerWithoutID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	e.calls.next = answerWithoutID{}
	_, res := e.hold("Maria", e.paidSession())
	_, err := e.c.CheckoutURL(e.ctx, res.Payment)
	if core.ErrorCode(err) != core.EUNAVAILABLE || !strings.Contains(core.ErrorMessage(err), "try again") {
		t.Fatalf("err = %v", err)
	}
	var last *core.CheckoutPage
	err = e.store.View(e.ctx, func(tx core.Tx) (err error) { last, err = tx.LastCheckout(res.Payment.ID); return err })
	if err == nil && last.Status == core.CheckoutOpen {
		t.Fatalf("an open page without an id was recorded: %+v", last)
	}
	if p := e.payment(res.Payment.ID); p.ExternalID != "" || p.Status != core.PaymentPending {
		t.Fatalf("payment = %+v", p)
	}
}
