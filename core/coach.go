package core

import (
	"strings"
	"time"
)

// Coach runs sessions. Their weekly hours and agenda are read in their own
// IANA zone; everything is stored in UTC.
type Coach struct {
	ID       int64
	ClientID int64 // the coach's own person record (chat accounts hang off it); 0 if none
	Name     string
	Zone     string // IANA zone name, e.g. "Europe/Paris"
	Policy   Policy
	Created  time.Time
}

// Validate checks a coach before it is stored.
func (c *Coach) Validate() error {
	if strings.TrimSpace(c.Name) == "" {
		return NewError(EINVALID, "err.coach.name_missing", "A coach needs a name.")
	}
	if _, err := LoadZone(c.Zone); err != nil {
		return err
	}
	return c.Policy.Validate()
}

// LateOutcome says what a cancellation inside the late window costs.
type LateOutcome string

// Late-cancellation outcomes a coach can choose.
const (
	LateForfeit LateOutcome = "forfeit" // the credit or payment is kept
	LateFee     LateOutcome = "fee"     // the credit returns, a fee is due
	LateNone    LateOutcome = "none"    // late cancels cost nothing
)

// Policy is a coach's house rules, applied by the pure functions in
// policy.go.
type Policy struct {
	CancelWindow     time.Duration   // cancelling closer than this to the start is late
	LateOutcome      LateOutcome     // what a late cancel costs
	LateFee          Money           // the fee when LateOutcome is LateFee
	RescheduleNotice time.Duration   // no client reschedule closer than this to the start
	UnpaidHold       time.Duration   // how long an unpaid booking holds its seat, in UnpaidHold mode
	ReminderOffsets  []time.Duration // reminders this long before the start
	// Unpaid is what a booking without a pass does until it is paid:
	// confirmed with the amount due at the session, or held for
	// UnpaidHold then released (unpaid.go). "" is the former.
	Unpaid UnpaidMode
}

// DefaultPolicy is what a new coach starts with: the 24-hour rule our users
// know from FitConnect and Trainery, and unpaid bookings confirmed with the
// amount due at the session until the coach chooses holds for online
// payment (30 minutes then).
func DefaultPolicy() Policy {
	return Policy{
		CancelWindow:     24 * time.Hour,
		LateOutcome:      LateForfeit,
		RescheduleNotice: 24 * time.Hour,
		UnpaidHold:       30 * time.Minute,
		ReminderOffsets:  []time.Duration{24 * time.Hour, time.Hour},
		Unpaid:           UnpaidAtSession,
	}
}

// Validate refuses policies that cannot be applied.
func (p *Policy) Validate() error {
	if p.CancelWindow < 0 || p.RescheduleNotice < 0 {
		return NewError(EINVALID, "err.policy.window_negative", "Windows cannot be negative.")
	}
	if p.UnpaidHold <= 0 {
		return NewError(EINVALID, "err.policy.hold_zero", "The unpaid hold must be longer than zero.")
	}
	if err := validUnpaid(p.Unpaid, true); err != nil {
		return err
	}
	switch p.LateOutcome {
	case LateForfeit, LateNone:
	case LateFee:
		if p.LateFee.Amount <= 0 {
			return NewError(EINVALID, "err.policy.fee_missing", "A late-cancel fee needs an amount.")
		}
		if err := p.LateFee.validate("late-cancel fee"); err != nil {
			return err
		}
	default:
		return NewError(EINVALID, "err.policy.outcome", "The late-cancel outcome must be forfeit, fee or none.")
	}
	for _, o := range p.ReminderOffsets {
		if o <= 0 {
			return NewError(EINVALID, "err.policy.reminders", "Reminder offsets must be positive.")
		}
	}
	return nil
}

// LoadZone loads an IANA zone, refusing empty names and "Local" so stored
// zones never depend on the server's setting.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, NewError(EINVALID, "err.zone.missing", "Please give a time zone such as Europe/Paris.")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, NewError(EINVALID, "err.zone.unknown", "\"{Zone}\" is not a time zone I know. Try a name such as Europe/Paris.", "Zone", name)
	}
	return loc, nil
}
