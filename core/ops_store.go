package core

import "time"

// OpsTx is the part of Tx that running Slotbot needs beyond the booking
// domain: the tokens of the per-client calendar feeds (feed.go) and a
// summary of the outbox for metrics (ops.go).
type OpsTx interface {
	// PutFeedToken makes hash the client's one calendar feed token,
	// replacing any older one (whose links stop working).
	PutFeedToken(clientID int64, hash string, at time.Time) error
	// FeedClient returns the id of the client whose feed token has hash.
	// Errors: ENOTFOUND when no token has it.
	FeedClient(hash string) (int64, error)
	// HasFeedToken reports whether the client has a calendar feed token.
	HasFeedToken(clientID int64) (bool, error)
	// OutboxHealth summarises the outbox at now: how many pending notices
	// are due (counted up to OutboxDueCap), the due time of the oldest,
	// and how many were dead-lettered.
	OutboxHealth(now time.Time) (OutboxHealth, error)
	// Ping runs the cheapest statement there is, for readiness probes: a
	// transaction that runs no statement need not reach the database.
	Ping() error
}

// OutboxDueCap bounds the count of due notices in OutboxHealth, so a
// large backlog costs a metrics scrape a bounded index walk.
const OutboxDueCap = 100000
