// Package core is Slotbot's booking domain: coaches, clients, session types,
// sessions, bookings, packages, passes, payments, policies, the outbox of
// notices and the audit trail, with the rules that bind them.
//
// It imports only the standard library. Chats live in package bot, storage
// in the adapters; both speak to this package in its own words. Every
// service call runs in one store transaction and reads "now" once from an
// injected Clock.
package core
