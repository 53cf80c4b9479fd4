package core

import (
	"strings"
	"time"
)

// SessionType is what a coach offers: "Free consultation", "Standard
// session (60 min)", "Yoga class". Sessions copy its terms when created, so
// editing or retiring a type never changes an existing booking.
type SessionType struct {
	ID         int64
	CoachID    int64
	Name       string
	Duration   time.Duration
	Price      Money // zero: free, or credits only
	CreditCost int   // credits a pass pays for one seat; 0: passes do not apply
	Online     bool
	InPerson   bool
	Location   string // where in-person sessions happen
	VideoLink  string // where online sessions happen
	Capacity   int    // default seats; 1 for a 1:1
	Retired    bool
	// Unpaid overrides the coach's rule for unpaid bookings of this type;
	// UnpaidAsCoach ("") follows it.
	Unpaid UnpaidMode
}

// Validate checks a session type.
func (t *SessionType) Validate() error {
	if strings.TrimSpace(t.Name) == "" {
		return NewError(EINVALID, "err.type.name_missing", "A session type needs a name.")
	}
	if t.Duration < 5*time.Minute || t.Duration > 24*time.Hour {
		return NewError(EINVALID, "err.type.duration_range", "A session lasts between 5 minutes and 24 hours.")
	}
	if t.Duration%time.Minute != 0 {
		return NewError(EINVALID, "err.type.duration_minutes", "Durations are whole minutes.")
	}
	if err := t.Price.validate("price"); err != nil {
		return err
	}
	if t.CreditCost < 0 {
		return NewError(EINVALID, "err.session.cost_negative", "The credit cost cannot be negative.")
	}
	if !t.Online && !t.InPerson {
		return NewError(EINVALID, "err.type.mode", "A session type is online, in person, or both.")
	}
	if t.Capacity < 1 {
		return NewError(EINVALID, "err.session.no_seat", "A session needs at least one seat.")
	}
	return validUnpaid(t.Unpaid, true)
}

// Free reports whether booking needs neither payment nor credits.
func (t *SessionType) Free() bool { return t.Price.IsZero() && t.CreditCost == 0 }
