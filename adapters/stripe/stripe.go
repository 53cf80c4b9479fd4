// Package stripe takes payments online with Stripe Checkout: it opens a
// Checkout Session for a pending payment (bot.Checkout), applies Stripe's
// webhook events to the booking domain once each (Webhook), and gives
// money back through the Refund API when the domain says a refund is due
// (RefundDue).
//
// It talks to Stripe through stripe-go's service clients for the two APIs
// it calls (Checkout Sessions and Refunds) on a backend built from its
// Config, never the package globals, so tests can point one client at
// stripe-mock while nothing else in the process changes. (stripe-go's
// client.API would link all of Stripe's services, 134 packages, into the
// binary.)
package stripe

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
	"github.com/stripe/stripe-go/v76/refund"
)

// Config is what the Stripe adapter needs, filled by cmd/slotbot from
// the environment (the variables named below) or set by hand in tests.
type Config struct {
	// SecretKey is the API key (STRIPE_SECRET_KEY, sk_… or rk_…); empty
	// turns online payment off.
	SecretKey string
	// WebhookSecret verifies webhook signatures (STRIPE_WEBHOOK_SECRET,
	// whsec_…); required with a SecretKey.
	WebhookSecret string
	// APIURL points the client at another Stripe-compatible server, such
	// as stripe-mock (STRIPE_API_URL, without /v1); empty: Stripe.
	APIURL string
	// PublicURL is where this server is reached from the internet
	// (SLOTBOT_PUBLIC_URL); Checkout returns the client to its
	// /stripe/return page.
	PublicURL string
	// MaxNetworkRetries is how often stripe-go retries a failed request
	// (with the same idempotency key); cmd/slotbot sets 2, tests 0.
	MaxNetworkRetries int64
	// Tolerance is how old a webhook signature may be; 0: five minutes.
	Tolerance time.Duration
	// HTTPClient makes the API calls; nil: one with a 30-second timeout.
	HTTPClient *http.Client
	// Logger receives the adapter's logs; nil: discard.
	Logger *slog.Logger
	// Describe words what a Checkout page sells in the client's language
	// (the product's name and its detail); cmd/slotbot passes the bot's.
	// nil: the plan's English words.
	Describe func(plan *core.CheckoutPlan) (product, detail string)
}

// Enabled reports whether online payment is configured.
func (c Config) Enabled() bool { return c.SecretKey != "" }

// Validate checks an enabled configuration, naming the variable at fault.
func (c Config) Validate() error {
	if !c.Enabled() {
		return errors.New("stripe: STRIPE_SECRET_KEY is not set")
	}
	if !strings.HasPrefix(c.SecretKey, "sk_") && !strings.HasPrefix(c.SecretKey, "rk_") {
		return errors.New("stripe: STRIPE_SECRET_KEY must be a secret (sk_…) or restricted (rk_…) key")
	}
	if c.WebhookSecret == "" {
		return errors.New("stripe: STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY: payments are confirmed by webhook")
	}
	if err := absoluteURL(c.PublicURL); err != nil {
		return fmt.Errorf("stripe: SLOTBOT_PUBLIC_URL (where Checkout sends clients back) %w", err)
	}
	if c.APIURL != "" {
		if err := absoluteURL(c.APIURL); err != nil {
			return fmt.Errorf("stripe: STRIPE_API_URL %w", err)
		}
	}
	return nil
}

// absoluteURL refuses anything but an http(s) URL with a host.
func absoluteURL(s string) error {
	u, err := url.Parse(s)
	if s == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("must be an absolute http(s) URL, got %q", s)
	}
	return nil
}

// LogValue shows the configuration without its secrets.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("enabled", c.Enabled()), slog.String("secret_key", mask(c.SecretKey)),
		slog.String("webhook_secret", mask(c.WebhookSecret)), slog.String("api_url", c.APIURL),
		slog.String("public_url", c.PublicURL))
}

// mask keeps a key's kind (sk_test_, whsec_) and hides the rest.
func mask(s string) string {
	if s == "" {
		return ""
	}
	if i := strings.LastIndexByte(s, '_'); i >= 0 && i < 8 {
		return s[:i+1] + "…"
	}
	return "…"
}

// rules are Stripe's limits on a Checkout Session: it lives 30 minutes to
// 24 hours. A held seat stays held five minutes past its page, for
// webhooks that come late.
var rules = core.CheckoutRules{Provider: core.MethodStripe, MinLife: 30 * time.Minute, MaxLife: 24 * time.Hour, Grace: 5 * time.Minute}

// Rules returns the page limits the adapter applies, for documentation
// and tests.
func Rules() core.CheckoutRules { return rules }

// Client is Slotbot's Stripe account: Checkout links, the webhook and
// refunds. It is safe for concurrent use; all state is in the store.
type Client struct {
	svc      *core.Service
	sessions *session.Client // Checkout Sessions: create, read, expire
	refunds  *refund.Client
	cfg      Config
	log      *slog.Logger
}

// New validates cfg and returns a client for the domain svc.
func New(svc *core.Service, cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Tolerance == 0 {
		cfg.Tolerance = 5 * time.Minute
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "stripe")
	bc := &stripego.BackendConfig{HTTPClient: cfg.HTTPClient, MaxNetworkRetries: stripego.Int64(cfg.MaxNetworkRetries),
		LeveledLogger: leveled{log}}
	if cfg.APIURL != "" {
		bc.URL = stripego.String(strings.TrimSuffix(cfg.APIURL, "/"))
	}
	backend := stripego.GetBackendWithConfig(stripego.APIBackend, bc)
	return &Client{svc: svc, sessions: &session.Client{B: backend, Key: cfg.SecretKey},
		refunds: &refund.Client{B: backend, Key: cfg.SecretKey}, cfg: cfg, log: log}, nil
}

// leveled sends stripe-go's own logs to slog: its errors as warnings
// (we log what matters ourselves), the rest at debug.
type leveled struct{ log *slog.Logger }

func (l leveled) Debugf(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l leveled) Infof(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l leveled) Warnf(format string, v ...any)  { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l leveled) Errorf(format string, v ...any) { l.log.Warn(fmt.Sprintf(format, v...)) }

// unavailable is what a person sees when Stripe cannot be reached.
var unavailable = core.NewError(core.EUNAVAILABLE, "err.pay.unavailable", "Online payment is unavailable right now. Please try again in a moment.")

// apiError turns a failed Stripe call into a domain error: a network
// fault, rate limit or Stripe outage is EUNAVAILABLE (try again), anything
// else (a request Stripe refuses, a bad key) is ours and EINTERNAL. The
// Stripe error stays in the chain for the logs.
func apiError(op string, err error) error {
	var se *stripego.Error
	if errors.As(err, &se) {
		if se.HTTPStatusCode == http.StatusTooManyRequests || se.HTTPStatusCode == http.StatusConflict ||
			se.HTTPStatusCode >= 500 || se.Type == stripego.ErrorTypeAPI || se.Type == stripego.ErrorTypeIdempotency {
			return fmt.Errorf("%w: stripe: %s: %w", unavailable, op, err)
		}
		return fmt.Errorf("stripe: %s: %s %s (request %s): %w", op, se.Type, se.Code, se.RequestID, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stripe: %s: %w", op, err)
	}
	return fmt.Errorf("%w: stripe: %s: %w", unavailable, op, err)
}
