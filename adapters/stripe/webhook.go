package stripe

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// Paths cmd mounts on the HTTP listener.
const (
	WebhookPath = "/stripe/webhook" // Stripe posts events here (Webhook)
	ReturnPath  = "/stripe/return"  // Checkout sends the client back here (ReturnPage)
)

// maxWebhookBody bounds a webhook request; Stripe's events are a few KB.
const maxWebhookBody = 256 << 10

// Webhook returns the handler of Stripe's events. It answers:
//   - 400 to anything not signed with STRIPE_WEBHOOK_SECRET within the
//     tolerance (five minutes, either side of now), or not an event, and
//     changes nothing;
//   - 200 to an event applied now, applied before (each event id is
//     recorded in the transaction that applies it, so a replay changes
//     nothing), not ours, or of a type we do not use;
//   - 503 to an event that came before the one it follows (a refund of a
//     payment not yet recorded as paid) or while the store is busy, and
//     500 to our own faults: Stripe delivers those again later.
//
// Signatures are checked with IgnoreAPIVersionMismatch: the webhook
// endpoint's API version is chosen in the Stripe dashboard and may differ
// from the one stripe-go v76 pins (2023-10-16); rejecting such events
// would leave every payment unconfirmed until someone noticed. The
// handler reads only a few long-stable fields of each object (ids,
// payment_status, payment_intent, refunded, status) with its own small
// types, never stripe-go's full ones, so another version cannot be
// misread.
func (c *Client) Webhook() http.Handler { return http.HandlerFunc(c.serveWebhook) }

func (c *Client) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "unreadable request", http.StatusBadRequest)
		return
	}
	if ahead, ok := signedAhead(r.Header.Get("Stripe-Signature"), time.Now()); ok && ahead > c.cfg.Tolerance {
		// stripe-go checks only that a signature is not too old: one
		// stamped in the future would stay valid until then.
		c.log.Warn("stripe: webhook refused", "reason", "signature stamped in the future", "ahead", ahead.String(),
			"remote", r.RemoteAddr)
		http.Error(w, "invalid signature or payload", http.StatusBadRequest)
		return
	}
	ev, err := webhook.ConstructEventWithOptions(body, r.Header.Get("Stripe-Signature"), c.cfg.WebhookSecret,
		webhook.ConstructEventOptions{Tolerance: c.cfg.Tolerance, IgnoreAPIVersionMismatch: true})
	if err != nil {
		c.log.Warn("stripe: webhook refused", "reason", refusal(err), "remote", r.RemoteAddr)
		http.Error(w, "invalid signature or payload", http.StatusBadRequest)
		return
	}
	status, msg := c.apply(r.Context(), ev)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, msg+"\n")
}

// signedAhead reads the t= timestamp of a Stripe-Signature header and
// tells how far after now it is; false when there is none to read (the
// signature check refuses those).
func signedAhead(header string, now time.Time) (time.Duration, bool) {
	for _, part := range strings.Split(header, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "t="); ok {
			sec, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return 0, false
			}
			return time.Unix(sec, 0).Sub(now), true
		}
	}
	return 0, false
}

// refusal words why a webhook was refused, for the log; the library's own
// messages quote the payload.
func refusal(err error) string {
	switch {
	case errors.Is(err, webhook.ErrNotSigned):
		return "no signature"
	case errors.Is(err, webhook.ErrInvalidHeader):
		return "malformed signature header"
	case errors.Is(err, webhook.ErrTooOld):
		return "signature too old"
	case errors.Is(err, webhook.ErrNoValidSignature):
		return "signature does not match"
	}
	return "not an event"
}

// Stripe event types the webhook applies.
const (
	evCheckoutCompleted     = "checkout.session.completed"
	evCheckoutAsyncSucceded = "checkout.session.async_payment_succeeded"
	evCheckoutAsyncFailed   = "checkout.session.async_payment_failed"
	evCheckoutExpired       = "checkout.session.expired"
	evChargeRefunded        = "charge.refunded"
	evChargeRefundUpdated   = "charge.refund.updated"
	evRefundUpdated         = "refund.updated"
	evRefundFailed          = "refund.failed"
)

// apply hands one verified event to the domain and picks the answer.
func (c *Client) apply(ctx context.Context, ev stripego.Event) (int, string) {
	if ev.ID == "" || ev.Data == nil {
		return http.StatusBadRequest, "not an event"
	}
	pev := core.ProviderEvent{Provider: core.MethodStripe, ID: ev.ID, Kind: string(ev.Type)}
	log := c.log.With("event_id", ev.ID, "event_type", string(ev.Type))
	var err error
	fresh := false
	switch string(ev.Type) {
	case evCheckoutCompleted, evCheckoutAsyncSucceded:
		var s checkoutObject
		if !decode(ev, "checkout.session", &s) {
			return http.StatusBadRequest, "not a checkout session"
		}
		if s.PaymentStatus != "paid" && s.PaymentStatus != "no_payment_required" {
			// A delayed method: async_payment_succeeded or _failed follows.
			log.Info("stripe: checkout completed, payment still processing", "session_id", s.ID)
			return http.StatusOK, "awaiting payment"
		}
		var p *core.Payment
		p, fresh, err = c.svc.Payments.CheckoutPaid(ctx, pev, s.ID, string(s.PaymentIntent))
		if err == nil && p != nil {
			if s.AmountTotal != p.Amount.Amount || !strings.EqualFold(s.Currency, p.Amount.Currency) {
				log.Error("stripe: amount paid differs from the payment", "payment_id", p.ID, "session_id", s.ID,
					"paid", s.AmountTotal, "currency", s.Currency, "due", p.Amount.String())
			}
			log.Info("stripe: checkout paid", "payment_id", p.ID, "session_id", s.ID, "status", string(p.Status),
				"refund_due", p.RefundDue)
		}
	case evCheckoutExpired, evCheckoutAsyncFailed:
		var s checkoutObject
		if !decode(ev, "checkout.session", &s) {
			return http.StatusBadRequest, "not a checkout session"
		}
		var released bool
		released, fresh, err = c.svc.Payments.CheckoutExpired(ctx, pev, s.ID, rules)
		if err == nil && fresh {
			log.Info("stripe: checkout closed unpaid", "session_id", s.ID, "seat_released", released)
		}
	case evChargeRefunded:
		var ch chargeObject
		if !decode(ev, "charge", &ch) {
			return http.StatusBadRequest, "not a charge"
		}
		if !ch.Refunded {
			log.Warn("stripe: partial refund made outside Slotbot; not recorded", "charge_id", ch.ID,
				"payment_intent", string(ch.PaymentIntent), "amount_refunded", ch.AmountRefunded)
			return http.StatusOK, "partial refund ignored"
		}
		refundID := ""
		if ch.Refunds != nil && len(ch.Refunds.Data) > 0 {
			refundID = ch.Refunds.Data[0].ID
		}
		var p *core.Payment
		p, fresh, err = c.svc.Payments.ProviderRefunded(ctx, pev, string(ch.PaymentIntent), refundID)
		if err == nil && p != nil {
			log.Info("stripe: refund recorded", "payment_id", p.ID, "charge_id", ch.ID)
		}
	case evChargeRefundUpdated, evRefundUpdated, evRefundFailed:
		var rf refundObject
		if !decode(ev, "refund", &rf) {
			return http.StatusBadRequest, "not a refund"
		}
		if rf.Status != "failed" && rf.Status != "canceled" {
			return http.StatusOK, "nothing to do"
		}
		fresh, err = c.svc.Payments.RefundFailed(ctx, pev, string(rf.PaymentIntent), rf.ID)
		if err == nil && fresh {
			log.Warn("stripe: refund failed; the coach settles it by hand", "refund_id", rf.ID)
		}
	default:
		return http.StatusOK, "ignored"
	}
	return c.answer(log, fresh, err)
}

// answer maps the domain's verdict to a status Stripe understands.
func (c *Client) answer(log *slog.Logger, fresh bool, err error) (int, string) {
	switch code := core.ErrorCode(err); {
	case err == nil && !fresh:
		return http.StatusOK, "already applied"
	case err == nil:
		return http.StatusOK, "applied"
	case errors.Is(err, core.ErrNotYet):
		log.Info("stripe: event ahead of the payment; Stripe will deliver it again", "err", err)
		return http.StatusServiceUnavailable, "not yet"
	case code == core.ENOTFOUND:
		log.Info("stripe: event about something not ours", "err", err)
		return http.StatusOK, "not ours"
	case code == core.ECONFLICT || code == core.EINVALID:
		log.Warn("stripe: event not applicable", "err", err)
		return http.StatusOK, "not applicable"
	case code == core.EUNAVAILABLE:
		log.Warn("stripe: store busy; Stripe will deliver the event again", "err", err)
		return http.StatusServiceUnavailable, "busy"
	}
	log.Error("stripe: event failed", "err", err)
	return http.StatusInternalServerError, "failed"
}

// decode reads an event's object into v if it is of the given kind and
// has an id.
func decode(ev stripego.Event, kind string, v interface{ id() string }) bool {
	if ev.Data.Object["object"] != kind {
		return false
	}
	return json.Unmarshal(ev.Data.Raw, v) == nil && v.id() != ""
}

// checkoutObject is the part of a Checkout Session the webhook reads.
type checkoutObject struct {
	ID            string `json:"id"`
	PaymentStatus string `json:"payment_status"`
	PaymentIntent ref    `json:"payment_intent"`
	AmountTotal   int64  `json:"amount_total"`
	Currency      string `json:"currency"`
}

func (o *checkoutObject) id() string { return o.ID }

// chargeObject is the part of a Charge the webhook reads.
type chargeObject struct {
	ID             string `json:"id"`
	PaymentIntent  ref    `json:"payment_intent"`
	Refunded       bool   `json:"refunded"`
	AmountRefunded int64  `json:"amount_refunded"`
	Refunds        *struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	} `json:"refunds"`
}

func (o *chargeObject) id() string { return o.ID }

// refundObject is the part of a Refund the webhook reads.
type refundObject struct {
	ID            string `json:"id"`
	PaymentIntent ref    `json:"payment_intent"`
	Status        string `json:"status"`
}

func (o *refundObject) id() string { return o.ID }

// ref is an object id that Stripe sends bare ("pi_1") or, when
// expanded, as an object with an id.
type ref string

// UnmarshalJSON reads either form, and null as "".
func (r *ref) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err == nil {
		*r = ""
		if s != nil {
			*r = ref(*s)
		}
		return nil
	}
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	*r = ref(o.ID)
	return nil
}
