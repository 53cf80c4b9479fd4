package core

// AvailabilityTx is the part of Tx that stores a coach's availability
// rules and serialises slot booking per coach.
type AvailabilityTx interface {
	// Availability returns the coach's rules; ENOTFOUND when never set.
	Availability(coachID int64) (*Availability, error)
	// PutAvailability stores the rules of a.CoachID, replacing any.
	PutAvailability(a *Availability) error
	// LockCoach reads a coach and holds it until the transaction ends, so
	// two clients booking the coach's open slots are decided one by one.
	LockCoach(id int64) (*Coach, error)
}
