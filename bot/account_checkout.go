package bot

import (
	"context"

	"github.com/slotbot/slotbot/core"
)

// Checkout makes a payment link for a pending payment, e.g. a Stripe
// Checkout Session; the bot shows it as a Pay button.
type Checkout interface {
	// CheckoutURL returns the page where the client pays p. It may be
	// called again for the same payment and must then not charge twice.
	CheckoutURL(ctx context.Context, p *core.Payment) (string, error)
}
