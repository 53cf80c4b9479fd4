package core

// The domain's areas: each is a small service type whose methods are what
// its callers (the bot, the adapters, the scheduler) may do in that area.
// They share one *base (store, clock, observers); private rules live in
// plain functions that take the transaction, so an area rarely needs
// another. See doc.go for the map from areas to files.

// Bookings is a client's bookings in group sessions: booking (book.go),
// cancelling (cancel.go), rescheduling (reschedule.go), the waitlist's
// offers (offer.go), attendance (attendance.go) and the client's own
// booking screens (client_queries.go).
type Bookings struct{ *base }

// Catalog is what a coach offers and how it is edited: coaches, session
// types, packages and scheduled sessions (catalog_queries.go, setup.go,
// admin_catalog.go, session_edit.go).
type Catalog struct{ *base }
