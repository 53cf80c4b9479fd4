package sqlstore

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// availabilityJSON stores core.Availability as one JSON document: the
// rules are read and written whole, never queried by part.
type availabilityJSON core.Availability

// Value encodes the rules.
func (a availabilityJSON) Value() (driver.Value, error) {
	b, err := json.Marshal(core.Availability(a))
	return string(b), err
}

// Scan decodes the rules.
func (a *availabilityJSON) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("availability: cannot scan %T", src)
	}
	return json.Unmarshal(b, (*core.Availability)(a))
}

// Availability returns a coach's stored rules, through the cache; a coach
// without rules (ENOTFOUND: the defaults apply) is remembered too.
func (t *tx) Availability(coachID int64) (*core.Availability, error) {
	a, err := cached(t, tAvailability, idKey(coachID), cloneAvailability, func() (*core.Availability, error) {
		a, err := one(t, "availability", "Availability", func(s rowScanner) (*core.Availability, error) {
			var a availabilityJSON
			err := s.Scan(&a)
			a.CoachID = coachID
			return (*core.Availability)(&a), err
		}, `SELECT rules FROM availability WHERE coach_id = ?`, coachID)
		if core.ErrorCode(err) == core.ENOTFOUND {
			return nil, nil // cached as none
		}
		return a, err
	})
	if err == nil && a == nil {
		return nil, notFound("Availability")
	}
	return a, err
}

// PutAvailability replaces a coach's rules.
func (t *tx) PutAvailability(a *core.Availability) error {
	_, err := t.exec("put availability", `INSERT INTO availability (coach_id, rules) VALUES (?, ?)
		ON CONFLICT (coach_id) DO UPDATE SET rules = excluded.rules`, a.CoachID, availabilityJSON(*a))
	return err
}

// LockCoach reads a coach with the dialect's row lock.
func (t *tx) LockCoach(id int64) (*core.Coach, error) {
	if t.readOnly {
		return nil, fmt.Errorf("%s: lock coach %d in a read-only transaction", t.d.Name, id)
	}
	// FOR NO KEY UPDATE on PostgreSQL: it serialises slot bookings of the
	// coach without blocking inserts that merely reference the coach
	// (sessions, passes, payments), which FOR UPDATE would.
	lock := strings.Replace(t.d.Lock, "FOR UPDATE", "FOR NO KEY UPDATE", 1)
	return one(t, "lock coach", "Coach", scanCoach, `SELECT `+coachCols+` FROM coaches WHERE id = ?`+lock, id)
}
