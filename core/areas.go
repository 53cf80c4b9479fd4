package core

import (
	"context"
	"time"
)

// The domain's areas. Each is a small service type whose methods are what
// its callers (the bot, the adapters, the scheduler) may do in that area;
// `go doc core.Bookings` lists one. They share one *base (store, clock,
// observers, the transaction helpers); the rules they have in common are
// plain functions that take the transaction (setStatus, notify,
// bestPass, ...), so an area rarely needs another, and when it does it
// holds that area in a field, visible here. Channels, Outbox and Inbox
// see a narrower transaction than Tx (below). doc.go maps areas to files.

// Bookings is a client's bookings in group sessions: booking (book.go),
// cancelling (cancel.go), rescheduling (reschedule.go), the waitlist's
// offers (offer.go), attendance (attendance.go) and the client's own
// booking screens (client_queries.go).
type Bookings struct{ *base }

// Catalog is what a coach offers and how it is edited: coaches, session
// types, packages and scheduled sessions (catalog_queries.go, setup.go,
// admin_catalog.go, session_edit.go).
type Catalog struct{ *base }

// Slots is one-to-one booking into a coach's open hours: the weekly
// availability, the free slots and their prices, booking and moving a
// slot (slotbook*.go, slotgrid.go), and the calendar feeds a client or a
// coach subscribes to (feed*.go).
type Slots struct{ *base }

// Payments is money: checkout with the payment provider and its events
// (payment_checkout.go, payment_events.go), marking paid and refunding
// (payments.go), the pay-later policy (payment_late.go), and a client's
// payments as shown (payment_reads.go).
type Payments struct{ *base }

// Passes is prepaid credit: buying a package, paying a booking with a
// pass, granting, adjusting and expiring credits (credits.go,
// unpaid.go), and the client's passes and packages as shown
// (pass_reads.go).
type Passes struct{ *base }

// Accounts is people and how they reach us: identifying a chat user and
// starting each update (chat.go), creating people (people.go), profiles
// and conversations (chat_reads.go), linking accounts across platforms and to the web app
// (link.go, applink.go), coach invitations (admin_coaches.go).
type Accounts struct{ *base }

// Channels is a coach's announcement channels: linking one and posting
// sessions to it (channel.go), and the posts to edit (channel_reads.go).
type Channels struct{ *base }

// channelsTx is all a Channels transaction may touch: the channels and
// their posts, the coach and session announced, and the notices that
// carry the posts.
type channelsTx interface {
	ChannelTx
	PeopleTx
	CatalogTx
	NoticeTx
}

// update is base.update seeing only channelsTx.
func (s *Channels) update(ctx context.Context, fn func(tx channelsTx, now time.Time) error) error {
	return s.base.update(ctx, func(t Tx, now time.Time) error { return fn(t, now) })
}

// browse is base.browse seeing only channelsTx.
func (s *Channels) browse(ctx context.Context, fn func(tx channelsTx, now time.Time) error) error {
	return s.base.browse(ctx, func(t Tx, now time.Time) error { return fn(t, now) })
}

// Coaching is a coach's daily work with clients: the agenda and roster
// (admin_agenda.go), sharing links and files (admin_docs.go,
// admin_files.go), progress measurements (progress.go) and the coach's
// own views of a session or booking (coach_reads.go).
type Coaching struct{ *base }

// Admin is a coach's rarer, wider actions: disrupting the schedule
// (cancelling a day, moving a session, running late: admin_disrupt.go),
// reports and exports (report.go), and the demo data (demo.go).
type Admin struct {
	*base
	accounts *Accounts // the demo creates people
	catalog  *Catalog  // and a catalog
}

// Outbox is the notices the domain writes for the chats, as the
// dispatcher claims and settles them (outbox.go), the jobs that write
// them (outbox_jobs.go), what a notice names and the send budgets
// (outbox_reads.go), retention (retention.go) and the health of it all
// (ops.go).
type Outbox struct{ *base }

// outboxTx is all an Outbox transaction may touch: the outbox and its
// operations, retention, and what the jobs and dead letters read to write
// their notices (people, sessions, passes, payments); no bookings.
type outboxTx interface {
	OutboxTx
	OpsTx
	RetentionTx
	NoticeTx
	PeopleTx
	ChatTx
	CatalogTx
	PassTx
	PaymentTx
}

// update is base.update seeing only outboxTx.
func (s *Outbox) update(ctx context.Context, fn func(tx outboxTx, now time.Time) error) error {
	return s.base.update(ctx, func(t Tx, now time.Time) error { return fn(t, now) })
}

// view is base.view seeing only outboxTx.
func (s *Outbox) view(ctx context.Context, fn func(tx outboxTx, now time.Time) error) error {
	return s.base.view(ctx, func(t Tx, now time.Time) error { return fn(t, now) })
}

// single is base.single seeing only outboxTx.
func (s *Outbox) single(ctx context.Context, fn func(tx outboxTx, now time.Time) error) error {
	return s.base.single(ctx, func(t Tx, now time.Time) error { return fn(t, now) })
}

// Inbox is the chats' incoming updates, stored before they are handled so
// a restart loses none (inbox.go). Its transactions see only InboxTx.
type Inbox struct{ *base }

// single is base.single seeing only InboxTx.
func (s *Inbox) single(ctx context.Context, fn func(tx InboxTx, now time.Time) error) error {
	return s.base.single(ctx, func(t Tx, now time.Time) error { return fn(t, now) })
}

// browse is base.browse seeing only InboxTx.
func (s *Inbox) browse(ctx context.Context, fn func(tx InboxTx, now time.Time) error) error {
	return s.base.browse(ctx, func(t Tx, now time.Time) error { return fn(t, now) })
}
