package core

import "time"

// The coach's admin services (issue 9): running the business from chat.
// Every method takes the acting coach's id and checks that the session,
// booking, pass or payment it touches is that coach's own, so the bot can
// pass ids from button data without trusting them. This file holds the
// types and store extension they share; the services are in admin_*.go.

// Notice kinds written by the coach's admin actions; the bot renders each
// (bot/notices_admin.go).
const (
	// NoticeDayCancelled tells a client, once, that the coach cancelled
	// every session of a day they were booked in. Data: "day"
	// (YYYY-MM-DD in the coach's zone), "reason", "items" (one line per
	// booking: start RFC 3339, tab, type id, tab, type name),
	// "credits_returned" (total), "refunds" (Money.String() values joined
	// by ";").
	NoticeDayCancelled NoticeKind = "day_cancelled"
	// NoticeSessionMoved tells a booked client that the coach moved the
	// session, and that they may cancel it free of charge until it
	// starts. Data: "from_start" (RFC 3339).
	NoticeSessionMoved NoticeKind = "session_moved"
	// NoticeRunningLate tells the clients of a coach's next session today
	// that it starts late. Data: "minutes".
	NoticeRunningLate NoticeKind = "running_late"
	// NoticeDocument gives a client a link (a plan, a PDF, a recording)
	// the coach shared for a session; it stays under the booking
	// (Session.Links). Data: "url", or "name" and "ref" for a file; and
	// "note", the words the coach sent with it, when there are any.
	NoticeDocument NoticeKind = "document"
	// NoticeCreditsAdjusted tells a client that their coach added or took
	// credits on one of their passes by hand, so a balance never changes
	// unseen. Data: "pass_id", "delta" (signed), "note" (the coach's).
	NoticeCreditsAdjusted NoticeKind = "credits_adjusted"
)

// CoachInviteTTL is how long an invitation to become a coach can be
// redeemed.
const CoachInviteTTL = 7 * 24 * time.Hour

// How many wrong invite codes are heard before RedeemCoachInvite stops
// trying any, per person and for everyone together, within
// InviteTriesWindow: enough for typos, far too few to guess a 40-bit
// code.
const (
	InviteTriesPerPerson = 5
	InviteTriesOverall   = 50
	InviteTriesWindow    = time.Hour
)

// CoachInvite is a one-time code an owner gives a person so they become a
// coach by sending "/coach CODE". Only a hash of the code is stored.
type CoachInvite struct {
	Hash      string // CoachInviteHash of the normalised code
	CreatedBy int64  // the owner's client id, for the record
	Expires   time.Time
	Created   time.Time
}

// FreeCancel is a client's right to cancel a booking at no cost until
// Until, granted when the coach moved its session (MoveSession): those
// who cannot make the new time are not charged for the coach's change.
type FreeCancel struct {
	BookingID int64
	Until     time.Time
	Created   time.Time
}

// AdminTx is the part of Tx the coach's admin services need beyond the
// booking domain.
type AdminTx interface {
	// PutCoachInvite stores an invitation, first deleting every one
	// expired at i.Created.
	PutCoachInvite(i *CoachInvite) error
	// TakeCoachInvite deletes and returns the invitation with hash, so a
	// code is used once. ENOTFOUND when there is none.
	TakeCoachInvite(hash string) (*CoachInvite, error)
	// InviteFailures counts the wrong invite codes sent since since: by
	// clientID, and by everyone.
	InviteFailures(clientID int64, since time.Time) (mine, all int, err error)
	// AddInviteFailure records a wrong invite code sent by clientID at at,
	// deleting those recorded before prune.
	AddInviteFailure(clientID int64, at, prune time.Time) error
	// PutFreeCancel grants (or extends) a booking's free cancellation.
	PutFreeCancel(f *FreeCancel) error
	// FreeCancel returns a booking's free cancellation; ENOTFOUND when it
	// has none.
	FreeCancel(bookingID int64) (*FreeCancel, error)
	// CoachClients lists, by name then id, the clients who booked one of
	// the coach's sessions, hold one of their passes or owe or paid them,
	// matching query (name, email or phone; "" matches all) — at most
	// limit (0: all).
	CoachClients(coachID int64, query string, limit int) ([]*Client, error)
}
