package stripe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
	"github.com/stripe/stripe-go/v76/webhook"
)

// testSecret signs the tests' webhook payloads.
const testSecret = "whsec_test_slotbot"

// env is a demo studio on a fresh SQLite store with a Stripe client
// pointed at stripe-mock, and a record of every request sent to it.
type env struct {
	t     testing.TB
	ctx   context.Context
	store core.Store
	svc   *core.Service
	clock *storetest.Clock
	demo  *core.Demo
	c     *Client
	calls *calls
}

// tuesday10 is the domain's "now" in these tests: Tuesday 2 June 2026, 10:00
// in Paris. Webhook signatures use the real time, as Stripe's do.
var tuesday10 = time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)

// newEnv builds an env; withMock false points the client at nothing, for
// tests that never reach the Stripe API.
func newEnv(t testing.TB, withMock bool) *env {
	t.Helper()
	apiURL := "http://127.0.0.1:1"
	if withMock {
		needMock(t)
		apiURL = mock.url
	}
	e := &env{t: t, ctx: context.Background(), store: sqlitetest.Open(t), clock: storetest.NewClock(tuesday10),
		calls: &calls{next: http.DefaultTransport}}
	e.svc = core.NewService(e.store, e.clock)
	d, err := e.svc.Admin.SeedDemo(e.ctx, 0)
	e.must(err)
	e.demo = d
	// A studio paid online holds unpaid seats while the client pays.
	pol := d.Coach.Policy
	pol.Unpaid = core.UnpaidHold
	e.must(e.svc.Catalog.SetPolicy(e.ctx, d.Coach.ID, pol))
	d.Coach.Policy = pol
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if _, fuzz := t.(*testing.F); fuzz {
		log = slog.New(slog.DiscardHandler) // F.Log may not be called from the fuzz function
	}
	e.c, err = New(e.svc, Config{SecretKey: "sk_test_slotbot", WebhookSecret: testSecret, APIURL: apiURL,
		PublicURL: "https://slotbot.example/", HTTPClient: &http.Client{Transport: e.calls, Timeout: 10 * time.Second},
		Logger: log})
	e.must(err)
	return e
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// testWriter sends logs to the test's output.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// call is one request the client sent to Stripe.
type call struct {
	Method, Path, IdempotencyKey string
	Form                         url.Values
}

// calls records the requests to Stripe and passes them on.
type calls struct {
	mu   sync.Mutex
	list []call
	next http.RoundTripper
}

func (c *calls) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	form, _ := url.ParseQuery(string(body))
	c.mu.Lock()
	c.list = append(c.list, call{Method: r.Method, Path: r.URL.Path, IdempotencyKey: r.Header.Get("Idempotency-Key"), Form: form})
	c.mu.Unlock()
	return c.next.RoundTrip(r)
}

// to returns the calls to a path prefix.
func (c *calls) to(prefix string) []call {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []call
	for _, x := range c.list {
		if strings.HasPrefix(x.Path, prefix) {
			out = append(out, x)
		}
	}
	return out
}

// paidSession schedules a 1:1 standard session (EUR 50) two days ahead
// with one seat.
func (e *env) paidSession() *core.Session {
	e.t.Helper()
	s, err := e.svc.Catalog.ScheduleSession(e.ctx, core.ScheduleRequest{CoachID: e.demo.Coach.ID, TypeID: e.demo.Standard.ID,
		Start: e.clock.Now().Add(48 * time.Hour), Capacity: 1})
	e.must(err)
	return s
}

// client registers a client.
func (e *env) client(name string) *core.Client {
	e.t.Helper()
	c := &core.Client{Name: name, Zone: "Europe/Paris", Language: "fr", Email: strings.ToLower(name) + "@example.com"}
	e.must(e.svc.Accounts.CreateClient(e.ctx, c))
	return c
}

// hold books sess for a new client without a pass: a seat held for
// payment.
func (e *env) hold(name string, sess *core.Session) (*core.Client, *core.BookResult) {
	e.t.Helper()
	c := e.client(name)
	res, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	e.must(err)
	if res.Payment == nil || res.Booking.Status != core.BookingPendingPayment {
		e.t.Fatalf("booking = %+v", res.Booking)
	}
	return c, res
}

// checkout opens the Stripe page of a payment and returns its session id.
func (e *env) checkout(p *core.Payment) string {
	e.t.Helper()
	link, err := e.c.CheckoutURL(e.ctx, p)
	e.must(err)
	if !strings.HasPrefix(link, "https://") {
		e.t.Fatalf("checkout url = %q", link)
	}
	return e.payment(p.ID).ExternalID
}

// openPage records a page for a payment as CheckoutURL would, without
// asking Stripe, for tests of the webhook alone.
func (e *env) openPage(p *core.Payment, sessionID string) string {
	e.t.Helper()
	plan, err := e.svc.Payments.PrepareCheckout(e.ctx, p.ID, Rules())
	e.must(err)
	pg := *plan.Page
	pg.SessionID, pg.URL = sessionID, "https://checkout.example/"+sessionID
	_, err = e.svc.Payments.OpenCheckout(e.ctx, &pg, Rules())
	e.must(err)
	return sessionID
}

func (e *env) payment(id int64) *core.Payment {
	e.t.Helper()
	var p *core.Payment
	e.must(e.store.View(e.ctx, func(tx core.Tx) (err error) { p, err = tx.Payment(id); return }))
	return p
}

func (e *env) booking(id int64) *core.Booking {
	e.t.Helper()
	var b *core.Booking
	e.must(e.store.View(e.ctx, func(tx core.Tx) (err error) { b, err = tx.Booking(id); return }))
	return b
}

// notices lists the notices of a kind to a client.
func (e *env) notices(clientID int64, kind core.NoticeKind) []*core.Notice {
	e.t.Helper()
	var ns []*core.Notice
	e.must(e.store.View(e.ctx, func(tx core.Tx) (err error) {
		ns, err = tx.Notices(core.NoticeFilter{ToKind: core.ToClient, ToID: clientID, Kind: kind})
		return
	}))
	return ns
}

// snapshot renders every row a webhook can change (storetest.Snapshot,
// with each payment's checkout page and the kinds of notices), to show
// that a refused or replayed one changed nothing.
func (e *env) snapshot() string {
	e.t.Helper()
	var b strings.Builder
	b.WriteString(storetest.Snapshot(e.t, e.store))
	e.must(e.store.View(e.ctx, func(tx core.Tx) error {
		ps, err := tx.Payments(core.PaymentFilter{})
		if err != nil {
			return err
		}
		for _, p := range ps {
			if pg, err := tx.LastCheckout(p.ID); err == nil {
				fmt.Fprintf(&b, "page %+v\n", *pg)
			}
		}
		ns, err := tx.Notices(core.NoticeFilter{})
		if err != nil {
			return err
		}
		var kinds []string
		for _, n := range ns {
			kinds = append(kinds, string(n.Kind))
		}
		sort.Strings(kinds)
		fmt.Fprintf(&b, "notices %v\n", kinds)
		return nil
	}))
	return b.String()
}

// event builds a Stripe event around obj, as the API version v76 pins.
func event(id, typ string, obj map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"id": id, "object": "event", "type": typ, "api_version": "2023-10-16",
		"created": time.Now().Unix(), "livemode": false, "pending_webhooks": 1, "data": map[string]any{"object": obj}})
	if err != nil {
		panic(err)
	}
	return b
}

// completed is a paid Checkout Session as Stripe sends it.
func completed(sessionID, paymentIntent string, amount int64) map[string]any {
	return map[string]any{"id": sessionID, "object": "checkout.session", "payment_status": "paid", "status": "complete",
		"payment_intent": paymentIntent, "amount_total": amount, "currency": "eur", "mode": "payment"}
}

// sign returns the Stripe-Signature header for body signed at t.
func sign(body []byte, secret string, t time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: t}).Header
}

// post delivers body to the webhook with a signature header.
func (e *env) post(body []byte, signature string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, WebhookPath, bytes.NewReader(body))
	if signature != "" {
		r.Header.Set("Stripe-Signature", signature)
	}
	w := httptest.NewRecorder()
	e.c.Webhook().ServeHTTP(w, r)
	return w
}

// deliver posts body signed now with the right secret and expects code.
func (e *env) deliver(body []byte, code int) {
	e.t.Helper()
	if w := e.post(body, sign(body, testSecret, time.Now())); w.Code != code {
		e.t.Fatalf("webhook answered %d %q, want %d", w.Code, w.Body.String(), code)
	}
}
