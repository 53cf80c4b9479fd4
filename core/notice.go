package core

import "time"

// NoticeKind says what a notice tells; the bot renders each kind.
type NoticeKind string

// Notice kinds written by the core services.
const (
	NoticeBooked           NoticeKind = "booked"            // to the client: your seat is confirmed
	NoticeAwaitingPayment  NoticeKind = "awaiting_payment"  // to the client: pay to keep your seat
	NoticeWaitlisted       NoticeKind = "waitlisted"        // to the client: you are number N
	NoticePromoted         NoticeKind = "promoted"          // to the client: a seat freed, you are in
	NoticePromotedPay      NoticeKind = "promoted_pay"      // to the client: a seat freed, pay to keep it
	NoticePromotionSkipped NoticeKind = "promotion_skipped" // to the client: no valid pass when a seat freed
	NoticeCancelled        NoticeKind = "cancelled"         // to the client: your booking is cancelled
	NoticeSessionCancelled NoticeKind = "session_cancelled" // to the client: the coach cancelled
	NoticeRescheduled      NoticeKind = "rescheduled"       // to the client: moved to another time
	NoticeHoldReleased     NoticeKind = "hold_released"     // to the client: unpaid seat released
	NoticeReminder         NoticeKind = "reminder"          // to the client: session soon
	NoticePassGranted      NoticeKind = "pass_granted"      // to the client: credits landed
	NoticePaymentPaid      NoticeKind = "payment_paid"      // to the client: receipt
	NoticeCoachBooked      NoticeKind = "coach_booked"      // to the coach: new booking
	NoticeCoachCancelled   NoticeKind = "coach_cancelled"   // to the coach: a client cancelled
	NoticeCoachRescheduled NoticeKind = "coach_rescheduled" // to the coach: a client moved
	NoticeCoachPromoted    NoticeKind = "coach_promoted"    // to the coach: waitlist moved up
	NoticeCoachRefundDue   NoticeKind = "coach_refund_due"  // to the coach: refund a payment
	NoticeCoachPaid        NoticeKind = "coach_paid"        // to the coach: a payment came in
	// NoticeCoachHoldReleased tells the coach that a booking's unpaid hold
	// ended and its seat was given back. Data: "client_id", "payment_id",
	// "amount".
	NoticeCoachHoldReleased NoticeKind = "coach_hold_released"
)

// Recipient kinds of a notice.
const (
	ToClient = "client"
	ToCoach  = "coach"
)

// NoticeStatus is where a notice stands in the outbox.
type NoticeStatus string

// Outbox statuses.
const (
	NoticePending   NoticeStatus = "pending"
	NoticeSent      NoticeStatus = "sent"
	NoticeDead      NoticeStatus = "dead"      // gave up after retries
	NoticeWithdrawn NoticeStatus = "withdrawn" // no longer true (e.g. a reminder of a cancelled booking)
)

// Notice is one outbox row: something a person must hear about, written
// in the same transaction as the change that caused it, sent later.
type Notice struct {
	ID        int64
	Kind      NoticeKind
	ToKind    string // ToClient or ToCoach
	ToID      int64
	BookingID int64
	SessionID int64
	Data      map[string]string // kind-specific details (reason, position, ...)
	Due       time.Time
	Status    NoticeStatus
	Attempts  int
	LastError string
	Created   time.Time
	Sent      time.Time
}

// NoticeFilter selects notices; zero fields match everything.
type NoticeFilter struct {
	ToKind    string
	ToID      int64
	BookingID int64
	SessionID int64
	Kind      NoticeKind
	Status    NoticeStatus
}
