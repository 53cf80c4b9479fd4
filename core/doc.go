// Package core is Slotbot's booking domain: coaches, clients, session types,
// sessions, bookings, packages, passes, payments, policies, the outbox of
// notices and the audit trail, with the rules that bind them.
//
// It imports only the standard library. Chats live in package bot, storage
// in the adapters; both speak to this package in its own words. Every
// service call runs in one store transaction and reads "now" once from an
// injected Clock.
//
// # Areas
//
// The domain is one package split by area: Service is a plain struct with
// one field per area (areas.go), and a caller names the area it acts in,
// svc.Bookings.Book or svc.Outbox.ClaimNotices. The areas share an
// unexported base (service.go: store, clock, observers, the transaction
// helpers); the rules more than one area applies are plain functions that
// take the transaction (setStatus, notify, bestPass, the policy
// functions in policy.go), so areas seldom call each other, and an area
// that does holds the other in a field (Admin's demo uses Accounts and
// Catalog). One package rather than sub-packages keeps those shared rules
// unexported.
//
//	Bookings  book.go cancel.go reschedule.go offer.go promote.go attendance.go client_queries.go
//	Catalog   catalog_queries.go setup.go admin_catalog.go session_edit.go sessiontype.go session.go
//	Slots     slotbook*.go slotgrid.go slots.go slot_release.go availability*.go feed*.go
//	Payments  payment*.go payments.go money.go
//	Passes    credits.go pass.go pass_reads.go unpaid.go
//	Accounts  chat.go chat_reads.go people.go client.go coach.go link*.go applink.go admin_coaches.go
//	Channels  channel.go channel_reads.go
//	Coaching  admin_agenda.go admin_docs.go admin_files.go coach_reads.go progress.go
//	Admin     admin_disrupt.go report.go demo.go
//	Outbox    outbox*.go notice*.go retention.go sendbudget.go sendpace.go ops*.go
//	Inbox     inbox.go
//
// Calendars (calendar*.go), the coaches' own calendars, is built apart by
// NewCalendars because it needs the adapter that reads them.
//
// Shared by all: service.go (Service, base, the transaction helpers),
// store.go (Store, Tx and its parts), booking.go (the booking state
// machine), policy.go (windows, late cancels, reminders), events.go (the
// observers), error.go and clock.go.
//
// A transaction's Tx is composed of parts (PeopleTx, CatalogTx,
// BookingTx, PassTx, PaymentTx, NoticeTx, ChannelTx, OutboxTx, InboxTx,
// ...), the same methods every store implements. Channels, Outbox and
// Inbox see only the parts they use (channelsTx, outboxTx and InboxTx, in
// areas.go: their update, view, browse and single hand the narrow type,
// so the compiler keeps them to it). The other areas see the whole Tx,
// because the rules they share (setStatus, bestPass, promote) take it.
package core
