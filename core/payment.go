package core

import "time"

// PaymentStatus is where a payment stands: pending until the client pays
// (online, or the coach marks it paid), then paid, refunded or cancelled.
type PaymentStatus string

// Payment statuses.
const (
	PaymentPending   PaymentStatus = "pending"
	PaymentPaid      PaymentStatus = "paid"
	PaymentRefunded  PaymentStatus = "refunded"
	PaymentCancelled PaymentStatus = "cancelled"
)

// Payment methods.
const (
	MethodStripe = "stripe"
	MethodManual = "manual"
)

// Payment is money owed or paid for a booking, a package or a fee.
type Payment struct {
	ID         int64
	ClientID   int64
	CoachID    int64
	BookingID  int64  // the booking it pays for; 0 if none
	PackageID  int64  // the package it buys; 0 if none
	PassID     int64  // the pass it bought, once paid
	Purpose    string // "booking", "package", "fee"
	Amount     Money
	Method     string
	Status     PaymentStatus
	RefundDue  bool   // a refund was decided and not yet made
	ExternalID string // e.g. the Stripe Checkout Session id
	Created    time.Time
	Updated    time.Time
	PaidAt     time.Time
}

// Payment purposes.
const (
	PurposeBooking = "booking"
	PurposePackage = "package"
	PurposeFee     = "fee"
)

// PaymentFilter selects payments; zero fields match everything.
type PaymentFilter struct {
	ClientID  int64
	CoachID   int64
	BookingID int64
	Status    PaymentStatus
	RefundDue bool
}
