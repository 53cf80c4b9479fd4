package sqlstore

import (
	"strings"

	"github.com/slotbot/slotbot/core"
)

// The functions below give both dialects the same words for the same
// constraint, whatever their drivers call it. name is what the driver
// tells about the constraint: its name on PostgreSQL, the error text on
// SQLite (which names the columns of a unique index, not the index).

// UniqueViolation is the *core.Error for a row that would duplicate
// another: ECONFLICT.
func UniqueViolation(name string) *core.Error {
	switch {
	case strings.Contains(name, "bookings"):
		return core.NewError(core.ECONFLICT, "err.store.duplicate_booking", "You already have a booking for this session.")
	case strings.Contains(name, "accounts"):
		return core.NewError(core.ECONFLICT, "err.store.account_linked", "This chat account is already linked.")
	}
	return core.NewError(core.ECONFLICT, "err.store.exists", "That already exists.")
}

// CheckViolation is the *core.Error for a value a table refuses: EINVALID.
func CheckViolation(name string) *core.Error {
	if strings.Contains(name, "credits_left") {
		return core.NewError(core.EINVALID, "err.pass.below_zero", "Credits cannot go below zero.")
	}
	return core.NewError(core.EINVALID, "err.store.not_allowed", "That value is not allowed.")
}

// ForeignKeyViolation is the *core.Error for a reference to a row that
// does not exist: ENOTFOUND, naming the row when the driver tells which.
func ForeignKeyViolation(name string) *core.Error {
	for _, ref := range []struct{ column, what string }{
		{"session_id", "Session"},
		{"client_id", "Client"},
		{"coach_id", "Coach"},
		{"type_id", "Session type"},
		{"package_id", "Package"},
		{"pass_id", "Pass"},
		{"payment_id", "Payment"},
		{"booking_id", "Booking"},
		{"rescheduled_", "Booking"},
	} {
		if strings.Contains(name, ref.column) {
			return notFound(ref.what)
		}
	}
	return core.NewError(core.ENOTFOUND, "err.not_found.reference", "Something this refers to does not exist.")
}

// notFound is the ENOTFOUND of a missing row of what ("Session type"),
// with the text a chat shows for it.
func notFound(what string) *core.Error {
	key, ok := map[string]string{
		"Account": "err.not_found.account", "Availability": "err.not_found.availability",
		"Booking": "err.not_found.booking", "Calendar": "err.not_found.calendar", "Agenda feed": "err.not_found.feed", "Calendar feed": "err.not_found.feed", "Channel": "err.not_found.channel",
		"Client": "err.not_found.client", "Coach": "err.not_found.coach", "Conversation": "err.not_found.conversation",
		"Invite": "err.not_found.invite", "Link code": "err.not_found.link_code", "Notice": "err.not_found.notice",
		"Offer": "err.not_found.offer", "Package": "err.not_found.package", "Pass": "err.not_found.pass",
		"Payment": "err.not_found.payment", "Payment page": "err.not_found.payment_page",
		"Payment policy": "err.not_found.payment_policy", "Session": "err.not_found.session",
		"Session type": "err.not_found.session_type",
	}[what]
	if !ok {
		return core.NewError(core.ENOTFOUND, "err.not_found.reference", what+" not found.")
	}
	return core.NewError(core.ENOTFOUND, key, what+" not found.")
}
