package core

import (
	"strings"
	"time"
)

// DeductAt says when a pass pays for a seat.
type DeductAt string

// When a credit leaves a pass.
const (
	DeductAtBooking    DeductAt = "booking"    // when the seat is confirmed
	DeductAtCompletion DeductAt = "completion" // at the end of the session ("pay at the end of a workout"); reserved until then
)

// Package is a pack a coach sells: N credits valid for some days, for some
// session types.
type Package struct {
	ID           int64
	CoachID      int64
	Name         string
	Credits      int
	Price        Money
	ValidityDays int
	TypeIDs      []int64 // session types covered; empty: all of the coach's
	DeductAt     DeductAt
	Retired      bool
}

// Validate checks a package.
func (p *Package) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return NewError(EINVALID, "err.package.name_missing", "A package needs a name.")
	}
	if p.Credits < 1 {
		return NewError(EINVALID, "err.package.no_credits", "A package holds at least one credit.")
	}
	if p.ValidityDays < 1 {
		return NewError(EINVALID, "err.package.no_days", "A package is valid for at least one day.")
	}
	if err := p.Price.validate("price"); err != nil {
		return err
	}
	if p.DeductAt != DeductAtBooking && p.DeductAt != DeductAtCompletion {
		return NewError(EINVALID, "err.package.deduct", "Credits are taken at booking or at completion.")
	}
	return nil
}

// Pass is a client's purchased (or granted) package: the credits left and
// until when. It keeps the package's terms as they were at purchase.
type Pass struct {
	ID          int64
	ClientID    int64
	CoachID     int64
	PackageID   int64 // 0 for a pass granted by hand
	Name        string
	Credits     int // granted in total
	CreditsLeft int // never negative
	TypeIDs     []int64
	DeductAt    DeductAt
	Expires     time.Time
	Source      string // "purchase", "manual", "stripe", ...
	Created     time.Time
	// Reserved is the credits held by live bookings that pay at completion;
	// computed by UsablePasses, never stored.
	Reserved int
}

// Covers reports whether the pass pays for sessions of a type.
func (p *Pass) Covers(coachID, typeID int64) bool {
	if p.CoachID != coachID {
		return false
	}
	if len(p.TypeIDs) == 0 {
		return true
	}
	for _, id := range p.TypeIDs {
		if id == typeID {
			return true
		}
	}
	return false
}

// Expired reports whether the pass can no longer be used at t.
func (p *Pass) Expired(t time.Time) bool { return !t.Before(p.Expires) }

// PassEntry is one line of a pass's ledger. Credits left always equals the
// sum of the entries.
type PassEntry struct {
	ID        int64
	PassID    int64
	Delta     int
	Kind      string // "grant", "deduct", "return", "expire", "adjust", "refund"
	BookingID int64
	Note      string
	At        time.Time
}

// Ledger entry kinds.
const (
	EntryGrant  = "grant"
	EntryDeduct = "deduct"
	EntryReturn = "return"
	EntryExpire = "expire"
	EntryAdjust = "adjust"
	EntryRefund = "refund" // a refunded package's credits left, removed
)
