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
		return core.Errorf(core.ECONFLICT, "You already have a booking for this session.")
	case strings.Contains(name, "accounts"):
		return core.Errorf(core.ECONFLICT, "This chat account is already linked.")
	}
	return core.Errorf(core.ECONFLICT, "That already exists.")
}

// CheckViolation is the *core.Error for a value a table refuses: EINVALID.
func CheckViolation(name string) *core.Error {
	if strings.Contains(name, "credits_left") {
		return core.Errorf(core.EINVALID, "Credits cannot go below zero.")
	}
	return core.Errorf(core.EINVALID, "That value is not allowed.")
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
			return core.Errorf(core.ENOTFOUND, "%s not found.", ref.what)
		}
	}
	return core.Errorf(core.ENOTFOUND, "Something this refers to does not exist.")
}
