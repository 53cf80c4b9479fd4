package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The terminal chat runs a configured Stripe as serve does, as the README
// promises of every configured part: the banner names the webhook, which
// answers on the HTTP listener; a client booking a paid class gets a Pay
// button to the Checkout page; and with Stripe unreachable the client is
// told that online payment is down, not sent to pay cash in silence.
func TestTerminalChatRunsStripe(t *testing.T) {
	t.Parallel()
	stripeAPI := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost && r.URL.Path == "/v1/checkout/sessions" {
			fmt.Fprint(w, `{"id":"cs_test_chat","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_chat"}`)
			return
		}
		fmt.Fprint(w, `{"object":"list","data":[],"has_more":false}`)
	}))
	defer stripeAPI.Close()
	for _, c := range []struct {
		name, api, typed, want string
	}{
		// The second class listed is always still open for booking; the
		// demo takes a class's price at the session, or online ahead.
		{"reachable", stripeAPI.URL, "/start\n1\n/classes\n2\n1\n", "💳 Pay €15.00 — https://checkout.stripe.com/c/pay/cs_test_chat"},
		{"unreachable", "http://127.0.0.1:9", "/start\n1\n/packages\n1\n", "⚠️ Online payment is not working right now"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, typing := io.Pipe()
			out, errs := &lockedBuffer{}, &lockedBuffer{}
			m := &Main{Getenv: env(map[string]string{
				"DATABASE_URL":          "sqlite:" + filepath.Join(t.TempDir(), "x.db"),
				"SLOTBOT_HTTP_ADDR":     "127.0.0.1:0",
				"SLOTBOT_PUBLIC_URL":    "https://book.example.com",
				"STRIPE_SECRET_KEY":     fakeStripeKey,
				"STRIPE_WEBHOOK_SECRET": fakeStripeWebhook,
				"STRIPE_API_URL":        c.api,
			}), Stdin: in, Stdout: out, Stderr: errs}
			done := make(chan error, 1)
			go func() { done <- m.Run(context.Background(), nil) }()
			hook := waitFor(t, out, done, regexp.MustCompile(`Stripe's events are taken at (http://\S+/stripe/webhook) `))
			if code := post(t, hook, []byte(`{"id":"evt_1"}`), "Stripe-Signature", "t=1,v1=bad"); code != http.StatusBadRequest {
				t.Fatalf("an unsigned event at %s: %d, want 400", hook, code)
			}
			fmt.Fprint(typing, c.typed)
			waitUntil(t, 20*time.Second, c.want, func() bool { return strings.Contains(out.String(), c.want) })
			typing.Close()
			if err := <-done; err != nil {
				t.Fatalf("%v\n%s", err, errs.String())
			}
			if c.name == "reachable" && strings.Contains(out.String(), "Pay your coach directly") {
				t.Fatalf("online payment works, yet the client is sent to the coach:\n%s", out.String())
			}
		})
	}
}
