package stripe

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
	stripego "github.com/stripe/stripe-go/v76"
)

// Metadata keys Slotbot puts on Checkout Sessions and PaymentIntents,
// linking Stripe's objects to ours for anyone reading the dashboard. The
// webhook trusts the session id it stored, not these.
const (
	metaPayment = "slotbot_payment_id"
	metaBooking = "slotbot_booking_id"
	metaPackage = "slotbot_package_id"
	metaClient  = "slotbot_client_id"
)

// CheckoutURL returns the Stripe Checkout page where the client pays p:
// the page already open for it, or a new Checkout Session. Asking again
// returns the same page until it expires, and two racing asks create one
// session (same attempt, same idempotency key, same parameters). It
// implements bot.Checkout. Errors: ECONFLICT (p is no longer payable),
// EUNAVAILABLE (Stripe unreachable), EINTERNAL.
func (c *Client) CheckoutURL(ctx context.Context, p *core.Payment) (string, error) {
	plan, err := c.svc.Payments.PrepareCheckout(ctx, p.ID, rules)
	if err != nil {
		return "", err
	}
	if plan.Page.URL != "" {
		return plan.Page.URL, nil
	}
	sess, err := c.sessions.New(c.sessionParams(ctx, plan))
	if err != nil {
		err = apiError("create checkout session", err)
		c.log.Warn("stripe: checkout session not created", "payment_id", p.ID, "attempt", plan.Page.Attempt, "err", err)
		return "", err
	}
	if sess.ID == "" || sess.URL == "" {
		// A Stripe-compatible API that answered without either: no page
		// to record as open (nothing could expire it, or pay it).
		err := fmt.Errorf("%w: stripe: create checkout session: the answer has no id or no url", unavailable)
		c.log.Warn("stripe: checkout session not created", "payment_id", p.ID, "attempt", plan.Page.Attempt, "err", err)
		return "", err
	}
	page := *plan.Page
	page.SessionID, page.URL = sess.ID, sess.URL
	out, err := c.svc.Payments.OpenCheckout(ctx, &page, rules)
	if core.ErrorCode(err) == core.ECONFLICT {
		// Paid or cancelled meanwhile: nobody may pay this page.
		c.expire(ctx, sess.ID)
	}
	if err != nil {
		return "", err
	}
	c.log.Info("stripe: checkout session opened", "payment_id", p.ID, "session_id", out.SessionID,
		"attempt", out.Attempt, "expires", out.Expires)
	return out.URL, nil
}

// sessionParams builds the Checkout Session request for a planned page.
// Everything in it comes from the stored plan, so a retry of the same
// attempt sends the same request under the same idempotency key.
func (c *Client) sessionParams(ctx context.Context, plan *core.CheckoutPlan) *stripego.CheckoutSessionParams {
	p, page := plan.Payment, plan.Page
	meta := map[string]string{metaPayment: strconv.FormatInt(p.ID, 10), metaClient: strconv.FormatInt(p.ClientID, 10)}
	if p.BookingID != 0 {
		meta[metaBooking] = strconv.FormatInt(p.BookingID, 10)
	}
	if p.PackageID != 0 {
		meta[metaPackage] = strconv.FormatInt(p.PackageID, 10)
	}
	name, detail := plan.Product, plan.Detail
	if c.cfg.Describe != nil {
		name, detail = c.cfg.Describe(plan)
	}
	product := &stripego.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripego.String(limit(name, 250))}
	if detail != "" {
		product.Description = stripego.String(limit(detail, 500))
	}
	description := name
	if detail != "" {
		description += " — " + detail
	}
	params := &stripego.CheckoutSessionParams{
		Params:            stripego.Params{Context: ctx},
		Metadata:          meta,
		Mode:              stripego.String(string(stripego.CheckoutSessionModePayment)),
		ClientReferenceID: stripego.String(clientReference(p.ID)),
		SuccessURL:        stripego.String(c.returnURL("paid") + "&session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:         stripego.String(c.returnURL("cancelled")),
		ExpiresAt:         stripego.Int64(page.Expires.Unix()),
		Locale:            stripego.String(locale(plan.Language)),
		LineItems: []*stripego.CheckoutSessionLineItemParams{{
			Quantity: stripego.Int64(1),
			PriceData: &stripego.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripego.String(strings.ToLower(p.Amount.Currency)),
				UnitAmount:  stripego.Int64(p.Amount.Amount),
				ProductData: product,
			},
		}},
		PaymentIntentData: &stripego.CheckoutSessionPaymentIntentDataParams{
			Description: stripego.String(limit(description, 1000)),
			Metadata:    meta,
		},
	}
	if plan.Email != "" {
		params.CustomerEmail = stripego.String(plan.Email)
	}
	params.SetIdempotencyKey(checkoutKey(p, page.Attempt))
	return params
}

// checkoutKey is the idempotency key of one attempt at a payment's page:
// the payment id and attempt, plus the payment's creation time so two
// installations sharing a Stripe account never collide.
func checkoutKey(p *core.Payment, attempt int) string {
	return fmt.Sprintf("slotbot-checkout-%d-%d-%d", p.ID, attempt, p.Created.UnixMicro())
}

// clientReference is the Checkout Session's client_reference_id.
func clientReference(paymentID int64) string {
	return "slotbot-payment-" + strconv.FormatInt(paymentID, 10)
}

// returnURL is the page Checkout sends the client back to.
func (c *Client) returnURL(result string) string {
	return strings.TrimSuffix(c.cfg.PublicURL, "/") + ReturnPath + "?result=" + url.QueryEscape(result)
}

// checkoutLocales are the languages Stripe Checkout speaks, by the base
// code the bot uses (Stripe's regional variants are left to "auto").
var checkoutLocales = map[string]bool{"bg": true, "cs": true, "da": true, "de": true, "el": true, "en": true, "es": true,
	"et": true, "fi": true, "fil": true, "fr": true, "hr": true, "hu": true, "id": true, "it": true, "ja": true, "ko": true,
	"lt": true, "lv": true, "ms": true, "mt": true, "nb": true, "nl": true, "pl": true, "pt": true, "ro": true, "ru": true,
	"sk": true, "sl": true, "sv": true, "th": true, "tr": true, "vi": true, "zh": true}

// locale picks Checkout's language from the client's: the same when
// Checkout speaks it, else Stripe's guess from the browser.
func locale(lang string) string {
	if checkoutLocales[lang] {
		return lang
	}
	return "auto"
}

// limit cuts s to n bytes at a rune boundary; Stripe caps text fields.
func limit(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n]
}

// utf8Start reports whether b begins a UTF-8 sequence.
func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// expire closes at Stripe a Checkout Session nobody should pay (already
// recorded as closed); a failure is logged: if the client pays anyway, the
// money is recorded as paid twice and refunded.
func (c *Client) expire(ctx context.Context, sessionID string) {
	params := &stripego.CheckoutSessionExpireParams{Params: stripego.Params{Context: ctx}}
	if _, err := c.sessions.Expire(sessionID, params); err != nil {
		c.log.Warn("stripe: could not expire checkout session", "session_id", sessionID, "err", apiError("expire", err))
	}
}
