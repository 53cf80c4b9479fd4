package stripe

import (
	"net/http"
	"testing"
	"time"
)

// FuzzWebhook feeds the handler signed bodies of any shape: it must never
// fail on our side (500) nor panic, whatever Stripe (or a leaked secret)
// sends; it answers 200, 400, 413 or, for an event ahead of its payment,
// 503.
func FuzzWebhook(f *testing.F) {
	for _, seed := range [][]byte{
		event("evt_f1", "checkout.session.completed", completed("cs_test_fuzz", "pi_fuzz", 5000)),
		event("evt_f2", "checkout.session.expired", map[string]any{"id": "cs_test_fuzz", "object": "checkout.session"}),
		event("evt_f3", "charge.refunded", map[string]any{"id": "ch_1", "object": "charge", "payment_intent": "pi_fuzz", "refunded": true}),
		event("evt_f4", "charge.refund.updated", map[string]any{"id": "re_1", "object": "refund", "payment_intent": map[string]any{"id": "pi_fuzz"}, "status": "failed"}),
		event("evt_f5", "checkout.session.async_payment_succeeded", map[string]any{"id": "cs_test_fuzz", "object": "checkout.session", "payment_status": "paid", "payment_intent": []any{1}}),
		[]byte(`{"id":"evt_x","type":"checkout.session.completed","data":{"object":{"object":"checkout.session","id":5}}}`),
		[]byte(`{"id":"","data":null}`),
		[]byte(`{}`),
		[]byte(`null`),
	} {
		f.Add(seed)
	}
	e := newEnv(f, false)
	_, res := e.hold("Fuzz", e.paidSession())
	e.openPage(res.Payment, "cs_test_fuzz")
	f.Fuzz(func(t *testing.T, body []byte) {
		w := e.post(body, sign(body, testSecret, time.Now()))
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusServiceUnavailable:
		default:
			t.Fatalf("answered %d %q to %q", w.Code, w.Body.String(), body)
		}
	})
}

// FuzzWebhookSignature: any signature header other than Stripe's own is
// refused before the body is read as an event.
func FuzzWebhookSignature(f *testing.F) {
	body := event("evt_sig", "checkout.session.completed", completed("cs_test_fuzz", "pi_fuzz", 5000))
	good := sign(body, testSecret, time.Now())
	for _, seed := range []string{"", good[:len(good)-1] + "0", "t=1,v1=00", "t=,v1=", ",,,", "v1=" + good, "t=9999999999,v1=ab,v0=cd"} {
		f.Add(seed)
	}
	e := newEnv(f, false)
	f.Fuzz(func(t *testing.T, header string) {
		if header == good {
			return
		}
		if w := e.post(body, header); w.Code != http.StatusBadRequest {
			t.Fatalf("header %q answered %d", header, w.Code)
		}
	})
}
