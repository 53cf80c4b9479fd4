package stripe

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Checkout completed for a held seat: the booking is confirmed and the
// client gets a receipt. The same event delivered ten times has one
// effect.
func TestWebhookCompletedConfirmsBookingOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	maria, res := e.hold("Maria", e.paidSession())
	cs := e.checkout(res.Payment)
	body := event("evt_paid_1", "checkout.session.completed", completed(cs, "pi_maria", 5000))
	e.deliver(body, http.StatusOK)
	if b := e.booking(res.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("booking = %s", b.Status)
	}
	p := e.payment(res.Payment.ID)
	if p.Status != core.PaymentPaid || p.Method != core.MethodStripe || p.ExternalID != cs || p.RefundDue {
		t.Fatalf("payment = %+v", p)
	}
	after := e.snapshot()
	for i := 0; i < 9; i++ {
		e.deliver(body, http.StatusOK)
	}
	if got := e.snapshot(); got != after {
		t.Fatalf("replays changed:\n%s\nwas:\n%s", got, after)
	}
	if n := len(e.notices(maria.ID, core.NoticePaymentPaid)); n != 1 {
		t.Fatalf("%d receipts", n)
	}
	if n := len(e.notices(maria.ID, core.NoticeBooked)); n != 1 {
		t.Fatalf("%d confirmations", n)
	}
}

// Checkout completed for a package: the pass lands at once, once.
func TestWebhookCompletedGrantsPass(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	c := e.client("Noah")
	pay, err := e.svc.Passes.BuyPackage(e.ctx, c.ID, e.demo.Packs[1].ID)
	e.must(err)
	cs := e.checkout(pay)
	body := event("evt_pack", "checkout.session.completed", completed(cs, "pi_pack", 40000))
	for i := 0; i < 10; i++ {
		e.deliver(body, http.StatusOK)
	}
	var passes []*core.Pass
	e.must(e.store.View(e.ctx, func(tx core.Tx) (err error) { passes, err = tx.Passes(c.ID); return }))
	if len(passes) != 1 || passes[0].CreditsLeft != 10 || passes[0].Name != "10 sessions" {
		t.Fatalf("passes = %d", len(passes))
	}
	if p := e.payment(pay.ID); p.Status != core.PaymentPaid || p.PassID != passes[0].ID {
		t.Fatalf("payment = %+v", p)
	}
}

// A forged signature, a stale or missing one, a tampered body: 400 and
// nothing changed.
func TestWebhookRefusesForgedAndStale(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	_, res := e.hold("Maria", e.paidSession())
	cs := e.openPage(res.Payment, "cs_test_forged")
	body := event("evt_forged", "checkout.session.completed", completed(cs, "pi_x", 5000))
	before := e.snapshot()
	tampered := bytes.Replace(body, []byte(`"amount_total":5000`), []byte(`"amount_total":1`), 1)
	for name, req := range map[string]struct {
		body []byte
		sig  string
	}{
		"wrong secret":    {body, sign(body, "whsec_not_ours", time.Now())},
		"stale timestamp": {body, sign(body, testSecret, time.Now().Add(-10*time.Minute))},
		"future stamp":    {body, sign(body, testSecret, time.Now().Add(10*time.Minute))},
		"no signature":    {body, ""},
		"garbled header":  {body, "t=abc,v1=zz"},
		"tampered body":   {tampered, sign(body, testSecret, time.Now())},
		"signed garbage":  {[]byte("not json"), sign([]byte("not json"), testSecret, time.Now())},
	} {
		if w := e.post(req.body, req.sig); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %q", name, w.Code, w.Body.String())
		}
	}
	if got := e.snapshot(); got != before {
		t.Fatalf("a refused webhook changed:\n%s\nwas:\n%s", got, before)
	}
	// The genuine event still applies: refusals did not use up its id.
	e.deliver(body, http.StatusOK)
	if b := e.booking(res.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("booking = %s", b.Status)
	}
}

// Checkout completes after the hold expired and the seat went to the next
// in line: the late payer is told, and by default refunded through
// Stripe, once.
func TestWebhookLatePaymentRefunded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	sess := e.paidSession()
	slow, res := e.hold("Slow", sess)
	next := e.client("Next")
	_, err := e.svc.Passes.GrantPass(e.ctx, next.ID, e.demo.Packs[0].ID, "manual")
	e.must(err)
	w, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: next.ID, SessionID: sess.ID})
	e.must(err)
	cs := e.checkout(res.Payment)
	// The page expired (the event is lost) and the hold ended.
	e.clock.Advance(40 * time.Minute)
	if n, err := e.svc.Payments.ReleaseExpiredHolds(e.ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	if b := e.booking(w.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("next in line = %s", b.Status)
	}
	e.deliver(event("evt_late", "checkout.session.completed", completed(cs, "pi_slow", 5000)), http.StatusOK)
	p := e.payment(res.Payment.ID)
	if p.Status != core.PaymentPaid || !p.RefundDue {
		t.Fatalf("late payment = %+v", p)
	}
	told := e.notices(slow.ID, core.NoticePaymentLate)
	if len(told) != 1 || told[0].Data["outcome"] != "refund" || told[0].Data["amount"] != "EUR 50.00" {
		t.Fatalf("late notices = %+v", told)
	}
	if b := e.booking(w.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatal("the seat changed hands again")
	}
	for i := 0; i < 2; i++ {
		n, err := e.c.RefundDue(e.ctx)
		e.must(err)
		if n != i^1 {
			t.Fatalf("run %d refunded %d", i, n)
		}
	}
	refunds := e.calls.to("/v1/refunds")
	if len(refunds) != 1 || refunds[0].Form.Get("payment_intent") != "pi_slow" || refunds[0].Form.Get("amount") != "5000" ||
		refunds[0].IdempotencyKey != "slotbot-refund-"+itoa(p.ID)+"-"+cs {
		t.Fatalf("refund requests = %+v", refunds)
	}
	if p := e.payment(res.Payment.ID); p.Status != core.PaymentRefunded || p.RefundDue {
		t.Fatalf("after refund = %+v", p)
	}
	if n := len(e.notices(slow.ID, core.NoticePaymentRefunded)); n != 1 {
		t.Fatalf("%d refund notices", n)
	}
	// Stripe's charge.refunded for our refund changes nothing more.
	e.deliver(event("evt_late_refunded", "charge.refunded", map[string]any{"id": "ch_1", "object": "charge",
		"payment_intent": "pi_slow", "refunded": true, "amount": 5000, "amount_refunded": 5000}), http.StatusOK)
	if n := len(e.notices(slow.ID, core.NoticePaymentRefunded)); n != 1 {
		t.Fatalf("%d refund notices", n)
	}
}

// The same, for a coach who keeps late money as credit: the client gets
// a credit for that kind of session and nothing is refunded.
func TestWebhookLatePaymentKeptAsCredit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	e.must(e.svc.Payments.SetPaymentPolicy(e.ctx, core.PaymentPolicy{CoachID: e.demo.Coach.ID, LatePayment: core.LatePaymentCredit}))
	sess := e.paidSession()
	slow, res := e.hold("Slow", sess)
	cs := e.checkout(res.Payment)
	e.clock.Advance(40 * time.Minute)
	_, err := e.svc.Payments.ReleaseExpiredHolds(e.ctx)
	e.must(err)
	// Someone else takes the freed seat.
	taker := e.client("Taker")
	_, err = e.svc.Passes.GrantPass(e.ctx, taker.ID, e.demo.Packs[0].ID, "manual")
	e.must(err)
	_, err = e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: taker.ID, SessionID: sess.ID})
	e.must(err)
	e.deliver(event("evt_late_credit", "checkout.session.completed", completed(cs, "pi_slow", 5000)), http.StatusOK)
	p := e.payment(res.Payment.ID)
	if p.Status != core.PaymentPaid || p.RefundDue || p.PassID == 0 {
		t.Fatalf("late payment = %+v", p)
	}
	told := e.notices(slow.ID, core.NoticePaymentLate)
	if len(told) != 1 || told[0].Data["outcome"] != "credit" || told[0].Data["credits"] != "1" {
		t.Fatalf("late notices = %+v", told)
	}
	if n, err := e.c.RefundDue(e.ctx); err != nil || n != 0 || len(e.calls.to("/v1/refunds")) != 0 {
		t.Fatalf("refunded credit money: %d, %v", n, err)
	}
}

// Checkout expired: the seat is released at once and offered to the next
// in line; a replay changes nothing.
func TestWebhookExpiredReleasesHold(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	sess := e.paidSession()
	slow, res := e.hold("Slow", sess)
	next := e.client("Next")
	_, err := e.svc.Passes.GrantPass(e.ctx, next.ID, e.demo.Packs[0].ID, "manual")
	e.must(err)
	w, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: next.ID, SessionID: sess.ID})
	e.must(err)
	cs := e.checkout(res.Payment)
	e.clock.Advance(33 * time.Minute)
	body := event("evt_expired", "checkout.session.expired", map[string]any{"id": cs, "object": "checkout.session",
		"payment_status": "unpaid", "status": "expired", "payment_intent": nil})
	e.deliver(body, http.StatusOK)
	if b := e.booking(res.Booking.ID); b.Status != core.BookingCancelled {
		t.Fatalf("held = %s", b.Status)
	}
	if b := e.booking(w.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("next in line = %s", b.Status)
	}
	after := e.snapshot()
	e.deliver(body, http.StatusOK)
	if e.snapshot() != after {
		t.Fatal("a replayed expiry changed something")
	}
	if n := len(e.notices(slow.ID, core.NoticeHoldReleased)); n != 1 {
		t.Fatalf("%d release notices", n)
	}
}

// A refund made on the Stripe dashboard is reflected; one that comes
// before the payment is known waits (503) and applies once redelivered.
func TestWebhookRefundEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	maria, res := e.hold("Maria", e.paidSession())
	cs := e.checkout(res.Payment)
	e.deliver(event("evt_pay", "checkout.session.completed", completed(cs, "pi_m", 5000)), http.StatusOK)
	refund := event("evt_refund", "charge.refunded", map[string]any{"id": "ch_m", "object": "charge",
		"payment_intent": map[string]any{"id": "pi_m", "object": "payment_intent"}, "refunded": true,
		"amount": 5000, "amount_refunded": 5000, "refunds": map[string]any{"data": []any{map[string]any{"id": "re_m"}}}})
	partial := event("evt_partial", "charge.refunded", map[string]any{"id": "ch_m", "object": "charge",
		"payment_intent": "pi_m", "refunded": false, "amount": 5000, "amount_refunded": 1000})
	e.deliver(partial, http.StatusOK)
	if p := e.payment(res.Payment.ID); p.Status != core.PaymentPaid {
		t.Fatalf("after a partial refund = %s", p.Status)
	}
	e.deliver(refund, http.StatusOK)
	e.deliver(refund, http.StatusOK)
	if p := e.payment(res.Payment.ID); p.Status != core.PaymentRefunded {
		t.Fatalf("after refund = %s", p.Status)
	}
	if n := len(e.notices(maria.ID, core.NoticePaymentRefunded)); n != 1 {
		t.Fatalf("%d refund notices", n)
	}
	// A failed refund gives the money back to the coach to settle.
	failed := event("evt_refund_failed", "charge.refund.updated", map[string]any{"id": "re_m", "object": "refund",
		"payment_intent": "pi_m", "status": "failed"})
	e.deliver(failed, http.StatusOK)
	if p := e.payment(res.Payment.ID); p.Status != core.PaymentPaid || p.RefundDue {
		t.Fatalf("after failed refund = %+v", p)
	}
}

// Events that are not ours or not used are acknowledged and change
// nothing; the handler takes only POSTs of reasonable size.
func TestWebhookOtherEventsAndRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	before := e.snapshot()
	e.deliver(event("evt_other", "customer.created", map[string]any{"id": "cus_1", "object": "customer"}), http.StatusOK)
	e.deliver(event("evt_not_ours", "checkout.session.completed", completed("cs_someone_else", "pi_1", 100)), http.StatusOK)
	e.deliver(event("evt_wrong_object", "checkout.session.completed", map[string]any{"id": "ch_1", "object": "charge"}), http.StatusBadRequest)
	e.deliver(event("evt_processing", "checkout.session.completed", map[string]any{"id": "cs_1", "object": "checkout.session",
		"payment_status": "unpaid"}), http.StatusOK)
	if e.snapshot() != before {
		t.Fatal("something changed")
	}
	r := httptest.NewRequest(http.MethodGet, WebhookPath, nil)
	w := httptest.NewRecorder()
	e.c.Webhook().ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET = %d", w.Code)
	}
	big := bytes.Repeat([]byte("x"), maxWebhookBody+1)
	if w := e.post(big, sign(big, testSecret, time.Now())); w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("big body = %d", w.Code)
	}
}

// returnWords are the return page's words in three languages, as the
// catalog would give them.
var returnWords = ReturnTexts{
	Match: func(tag string) string {
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if base == "fr" || base == "ru" {
			return base
		}
		return "en"
	},
	Text: func(lang, key string, _ ...any) string {
		return map[string]string{"en.stripe.return.paid_title": "Thank you!", "fr.stripe.return.paid_title": "Merci !",
			"ru.stripe.return.paid_title": "Спасибо!", "en.stripe.return.cancelled_body": "Nothing was charged.",
			"ru.stripe.return.cancelled_body": "Деньги не списаны."}[lang+"."+key]
	},
}

// The page Checkout returns to speaks the browser's most preferred
// language among those the bot speaks.
func TestReturnPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	for _, c := range []struct{ query, lang, want, html string }{
		{"?result=paid", "fr-FR,fr;q=0.9", "Merci !", `lang="fr"`},
		{"?result=paid", "en", "Thank you!", `lang="en"`},
		{"?result=paid", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "Спасибо!", `lang="ru"`},
		{"?result=paid", "de-DE,de;q=0.9,ru;q=0.5,fr;q=0.4", "Спасибо!", `lang="ru"`},
		{"?result=paid", "en;q=0.2,fr;q=0.9", "Merci !", `lang="fr"`},
		{"?result=cancelled", "ru", "Деньги не списаны.", `lang="ru"`},
		{"?result=cancelled", "", "Nothing was charged", `lang="en"`},
		{"?result=<script>", "en", "Nothing was charged", `lang="en"`},
	} {
		r := httptest.NewRequest(http.MethodGet, ReturnPath+c.query, nil)
		r.Header.Set("Accept-Language", c.lang)
		w := httptest.NewRecorder()
		e.c.ReturnPage(returnWords).ServeHTTP(w, r)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, c.want) || !strings.Contains(body, c.html) || strings.Contains(body, "<script>") {
			t.Fatalf("%s %q: %d %s", c.query, c.lang, w.Code, body)
		}
	}
}

// FuzzAcceptLanguage: whatever a browser sends, the header is read
// without panicking, into lower-case tags of letters, digits and dashes.
func FuzzAcceptLanguage(f *testing.F) {
	for _, s := range []string{"", "ru-RU,ru;q=0.9,en;q=0.8", "*", "fr;q=0", "en;q=abc", "de;q=2", strings.Repeat("a,", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		tags := acceptLanguages(header)
		if len(tags) > 16 {
			t.Fatalf("%d tags", len(tags))
		}
		for _, tag := range tags {
			if tag == "" || strings.Trim(tag, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
				t.Fatalf("tag %q from %q", tag, header)
			}
		}
		_ = pickLanguage(header, returnWords.Match)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
