package core

import "time"

// PaymentProviderTx is the part of Tx that online payment needs: the
// provider's payment pages of each payment, the provider's events already
// applied, and each coach's payment rules.
type PaymentProviderTx interface {
	// MarkProviderEvent records a provider's event id and reports whether
	// it is new; a replayed event returns false.
	MarkProviderEvent(provider, eventID, kind string, at time.Time) (bool, error)
	// PutCheckout inserts or replaces the page (PaymentID, Attempt).
	PutCheckout(c *CheckoutPage) error
	// Checkout returns one attempt's page; ENOTFOUND when none.
	Checkout(paymentID int64, attempt int) (*CheckoutPage, error)
	// LastCheckout returns a payment's newest page; ENOTFOUND when none.
	LastCheckout(paymentID int64) (*CheckoutPage, error)
	// CheckoutBySession finds a page by the provider's session id;
	// ENOTFOUND when it is not one of ours.
	CheckoutBySession(provider, sessionID string) (*CheckoutPage, error)
	// CheckoutByPaymentRef finds the page whose money the provider calls
	// ref (a Stripe PaymentIntent); ENOTFOUND when none.
	CheckoutByPaymentRef(provider, ref string) (*CheckoutPage, error)
	// OpenCheckouts lists a provider's pages still open, oldest first.
	OpenCheckouts(provider string, limit int) ([]*CheckoutPage, error)
	// PaymentPolicy returns a coach's payment rules, the defaults when
	// the coach never set them.
	PaymentPolicy(coachID int64) (*PaymentPolicy, error)
	// PutPaymentPolicy stores a coach's payment rules.
	PutPaymentPolicy(p *PaymentPolicy) error
}

// CheckoutStatus is where a provider's payment page stands.
type CheckoutStatus string

// Payment page statuses.
const (
	CheckoutCreating CheckoutStatus = "creating" // claimed; the provider is being asked for the page
	CheckoutOpen     CheckoutStatus = "open"     // the client can pay on it
	CheckoutPaid     CheckoutStatus = "paid"     // the provider took the money
	CheckoutExpired  CheckoutStatus = "expired"  // closed unpaid
)

// CheckoutPage is one payment page a provider opened for a pending
// payment (a Stripe Checkout Session). It is kept so asking twice shows
// the same page, so a provider's event can be traced to our payment, and
// so a refund knows which money to give back.
type CheckoutPage struct {
	PaymentID  int64
	Attempt    int // 1 for the first page of a payment, then 2, … once one expires
	Provider   string
	SessionID  string // the provider's id of the page; "" while creating
	URL        string
	Status     CheckoutStatus
	Expires    time.Time // the provider closes the page then
	PaymentRef string    // the provider's id of the money taken (a PaymentIntent), once paid
	RefundRef  string    // the provider's id of the refund, once refunded
	Created    time.Time
	Updated    time.Time
}

// LatePayment says what happens to money for a seat that went before it
// arrived (the hold ended and someone else took the place).
type LatePayment string

// What a coach may choose for late payments.
const (
	LatePaymentRefund LatePayment = "refund" // give the money back (the default)
	LatePaymentCredit LatePayment = "credit" // keep it as pass credits for the same kind of session
)

// PaymentPolicy is a coach's rules for money, beside the booking Policy.
type PaymentPolicy struct {
	CoachID     int64
	LatePayment LatePayment
}

// DefaultPaymentPolicy is what a coach who never chose has: late money
// is refunded.
func DefaultPaymentPolicy(coachID int64) *PaymentPolicy {
	return &PaymentPolicy{CoachID: coachID, LatePayment: LatePaymentRefund}
}

// Validate refuses rules that cannot be applied.
func (p *PaymentPolicy) Validate() error {
	switch p.LatePayment {
	case LatePaymentRefund, LatePaymentCredit:
		return nil
	}
	return NewError(EINVALID, "err.pay.late_outcome", "A late payment is either refunded or kept as credit.")
}
