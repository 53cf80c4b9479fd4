package core

import (
	"context"
	"math"
	"slices"
	"time"
)

// MeasurementKind names what a client measures in progress tracking:
// weight and body measurements, each in one fixed unit.
type MeasurementKind string

// Measurement kinds, in the order pages list them.
const (
	MeasureWeight  MeasurementKind = "weight"   // kg
	MeasureBodyFat MeasurementKind = "body_fat" // %
	MeasureWaist   MeasurementKind = "waist"    // cm
	MeasureHips    MeasurementKind = "hips"     // cm
	MeasureChest   MeasurementKind = "chest"    // cm
	MeasureArm     MeasurementKind = "arm"      // cm
	MeasureThigh   MeasurementKind = "thigh"    // cm
)

// MeasurementKinds lists every kind in display order, so pages offer them
// all without keeping their own list.
func MeasurementKinds() []MeasurementKind {
	return []MeasurementKind{MeasureWeight, MeasureBodyFat, MeasureWaist, MeasureHips, MeasureChest, MeasureArm, MeasureThigh}
}

// Unit is the one unit a kind is logged in: "kg", "%" or "cm".
func (k MeasurementKind) Unit() string {
	switch k {
	case MeasureWeight:
		return "kg"
	case MeasureBodyFat:
		return "%"
	}
	return "cm"
}

// Range is the plausible range of a kind, to catch typos such as 725 kg;
// ok is false for an unknown kind.
func (k MeasurementKind) Range() (lo, hi float64, ok bool) {
	switch k {
	case MeasureWeight:
		return 20, 400, true
	case MeasureBodyFat:
		return 2, 75, true
	case MeasureWaist, MeasureHips, MeasureChest:
		return 30, 250, true
	case MeasureArm, MeasureThigh:
		return 10, 150, true
	}
	return 0, 0, false
}

// Measurement is one value a client logged, in its kind's unit.
type Measurement struct {
	ID       int64
	ClientID int64
	Kind     MeasurementKind
	Value    float64 // rounded to two decimals
	At       time.Time
}

// Validate checks a measurement's kind and that its value is plausible.
func (m *Measurement) Validate() error {
	lo, hi, ok := m.Kind.Range()
	if !ok {
		return NewError(EINVALID, "err.progress.unknown_kind", "I don't know the measurement \"{Kind}\".", "Kind", m.Kind)
	}
	if math.IsNaN(m.Value) || m.Value < lo || m.Value > hi {
		return NewError(EINVALID, "err.progress.range", "A {Measure} between {Low} and {High} {Unit}, please.", "Measure", m.Kind, "Low", lo, "High", hi, "Unit", m.Kind.Unit())
	}
	return nil
}

// humanKind words a kind for messages.
func humanKind(k MeasurementKind) string {
	if k == MeasureBodyFat {
		return "body fat"
	}
	return string(k)
}

// Progress is a client's tracking page: who turned it on, and what was
// logged, newest first.
type Progress struct {
	Client       *Client
	Coaches      []int64 // coaches who turned tracking on; none: off
	Measurements []*Measurement
}

// Enabled reports whether any coach turned tracking on for the client.
func (p *Progress) Enabled() bool { return len(p.Coaches) > 0 }

// EnabledBy reports whether coachID turned tracking on for the client.
func (p *Progress) EnabledBy(coachID int64) bool { return slices.Contains(p.Coaches, coachID) }

// ProgressTx is the storage of progress tracking, embedded in Tx.
type ProgressTx interface {
	// SetProgress turns tracking on (recording when) or off for a
	// coach's client; setting the current state again changes nothing.
	SetProgress(coachID, clientID int64, on bool, at time.Time) error
	// ProgressCoaches lists, by id, the coaches who turned tracking on
	// for the client.
	ProgressCoaches(clientID int64) ([]int64, error)
	// CreateMeasurement stores a measurement and sets its ID.
	CreateMeasurement(m *Measurement) error
	// Measurements lists a client's measurements newest first (by time,
	// then id); a limit of zero or less lists them all.
	Measurements(clientID int64, limit int) ([]*Measurement, error)
}

// EnableProgress lets a coach turn progress tracking on or off for one of
// their clients (someone who booked with them, holds their pass or paid
// them). Errors: ENOTFOUND (no such coach or client), EUNAUTHORIZED (not
// the coach's client).
// Turning it on tells the client (NoticeProgressOn), who could not know
// otherwise that they may now log.
func (s *Coaching) EnableProgress(ctx context.Context, coachID, clientID int64, on bool) error {
	return s.update(ctx, func(tx Tx, now time.Time) error {
		if err := mustCoachOf(tx, coachID, clientID); err != nil {
			return err
		}
		was, err := tx.ProgressCoaches(clientID)
		if err != nil {
			return err
		}
		if err := tx.SetProgress(coachID, clientID, on, now); err != nil || !on || slices.Contains(was, coachID) {
			return err
		}
		return notify(tx, now, Notice{Kind: NoticeProgressOn, ToKind: ToClient, ToID: clientID,
			Data: map[string]string{"coach_id": itoa(coachID)}})
	})
}

// NoticeProgressOn tells a client that a coach turned progress tracking
// on for them, and how to log. Data: "coach_id".
const NoticeProgressOn NoticeKind = "progress_on"

// LogMeasurement records a value the client measured now, once a coach
// has turned tracking on for them. Errors: ENOTFOUND (no such client),
// EUNAUTHORIZED (tracking is off), EINVALID (unknown kind, implausible
// value).
func (s *Coaching) LogMeasurement(ctx context.Context, clientID int64, kind MeasurementKind, value float64) (*Measurement, error) {
	m := &Measurement{ClientID: clientID, Kind: kind, Value: math.Round(value*100) / 100}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		coaches, err := tx.ProgressCoaches(clientID)
		if err != nil {
			return err
		}
		if len(coaches) == 0 {
			return NewError(EUNAUTHORIZED, "err.progress.off", "Progress tracking is not turned on for you yet — ask your coach.")
		}
		m.At = now
		return tx.CreateMeasurement(m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Measurements returns a client's progress page, the latest limit entries
// (zero or less: all). coachID 0 is the client asking about themself;
// otherwise the coach must be one of the client's coaches. Errors:
// ENOTFOUND, EUNAUTHORIZED.
func (s *Coaching) Measurements(ctx context.Context, coachID, clientID int64, limit int) (*Progress, error) {
	p := &Progress{}
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if coachID != 0 {
			if err := mustCoachOf(tx, coachID, clientID); err != nil {
				return err
			}
		}
		var err error
		if p.Client, err = tx.Client(clientID); err != nil {
			return err
		}
		if p.Coaches, err = tx.ProgressCoaches(clientID); err != nil {
			return err
		}
		p.Measurements, err = tx.Measurements(clientID, limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ProgressClients finds a coach's clients by name, email or phone, so a
// coach can open one's progress page. Errors: ENOTFOUND (no such coach).
func (s *Coaching) ProgressClients(ctx context.Context, coachID int64, query string, limit int) ([]*Client, error) {
	var out []*Client
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		found, err := tx.SearchClients(query, 200)
		if err != nil {
			return err
		}
		for _, c := range found {
			ok, err := coachOf(tx, coachID, c.ID)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, c)
			}
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// mustCoachOf refuses a coach acting on someone who is not their client.
func mustCoachOf(tx Tx, coachID, clientID int64) error {
	if _, err := tx.Coach(coachID); err != nil {
		return err
	}
	if _, err := tx.Client(clientID); err != nil {
		return err
	}
	ok, err := coachOf(tx, coachID, clientID)
	if err != nil {
		return err
	}
	if !ok {
		return NewError(EUNAUTHORIZED, "err.progress.not_client", "That person is not one of your clients.")
	}
	return nil
}

// coachOf reports whether a client has dealt with a coach: a pass, a
// payment, a booking in one of their sessions, or tracking they turned on.
func coachOf(tx Tx, coachID, clientID int64) (bool, error) {
	coaches, err := tx.ProgressCoaches(clientID)
	if err != nil {
		return false, err
	}
	if slices.Contains(coaches, coachID) {
		return true, nil
	}
	passes, err := tx.Passes(clientID)
	if err != nil {
		return false, err
	}
	for _, p := range passes {
		if p.CoachID == coachID {
			return true, nil
		}
	}
	pays, err := tx.Payments(PaymentFilter{ClientID: clientID, CoachID: coachID})
	if err != nil {
		return false, err
	}
	if len(pays) > 0 {
		return true, nil
	}
	bs, err := tx.Bookings(BookingFilter{ClientID: clientID})
	if err != nil {
		return false, err
	}
	seen := map[int64]bool{}
	for _, b := range bs {
		if seen[b.SessionID] {
			continue
		}
		seen[b.SessionID] = true
		sess, err := tx.Session(b.SessionID)
		if err != nil {
			return false, err
		}
		if sess.CoachID == coachID {
			return true, nil
		}
	}
	return false, nil
}
