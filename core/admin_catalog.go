package core

import (
	"context"
	"time"
)

// A coach's own catalog: session types and packages they edit and
// retire, and group sessions they put on the calendar one at a time or as
// a weekly series. Sessions copy their type's terms and passes their
// package's, so none of this changes a booking or a pass already made.

// maxSeriesWeeks bounds a weekly series, so one call stays one small
// transaction.
const maxSeriesWeeks = 52

// CoachSessionTypes lists every session type of a coach, retired ones
// included, oldest first: the coach's catalog page. Errors: ENOTFOUND.
func (s *Catalog) CoachSessionTypes(ctx context.Context, coachID int64) ([]*SessionType, error) {
	var out []*SessionType
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		var err error
		out, err = tx.SessionTypes(coachID)
		return err
	})
	return out, err
}

// CoachPackages lists every package of a coach, retired ones included.
// Errors: ENOTFOUND.
func (s *Catalog) CoachPackages(ctx context.Context, coachID int64) ([]*Package, error) {
	var out []*Package
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		var err error
		out, err = tx.Packages(coachID)
		return err
	})
	return out, err
}

// EditSessionType saves a coach's change to one of their session types;
// t.ID names it and its retired flag is kept. Errors: EINVALID,
// ENOTFOUND, EUNAUTHORIZED (another coach's type).
func (s *Catalog) EditSessionType(ctx context.Context, coachID int64, t *SessionType) error {
	t.CoachID = coachID
	if err := t.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		old, err := tx.SessionType(t.ID)
		if err != nil {
			return err
		}
		if old.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.type.other_coach", "That session type belongs to another coach.")
		}
		t.Retired = old.Retired
		return tx.UpdateSessionType(t)
	})
}

// RetireSessionType stops (or, with retired false, resumes) offering a
// session type; sessions already scheduled stay. Errors: ENOTFOUND,
// EUNAUTHORIZED.
func (s *Catalog) RetireSessionType(ctx context.Context, coachID, typeID int64, retired bool) (*SessionType, error) {
	var t *SessionType
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if t, err = tx.SessionType(typeID); err != nil {
			return err
		}
		if t.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.type.other_coach", "That session type belongs to another coach.")
		}
		if t.Retired == retired {
			return nil
		}
		t.Retired = retired
		return tx.UpdateSessionType(t)
	})
	return t, err
}

// EditPackage saves a coach's change to one of their packages; passes
// already sold keep their terms. Errors: EINVALID, ENOTFOUND,
// EUNAUTHORIZED.
func (s *Catalog) EditPackage(ctx context.Context, coachID int64, p *Package) error {
	p.CoachID = coachID
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		old, err := tx.Package(p.ID)
		if err != nil {
			return err
		}
		if old.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.package.other_coach", "That package belongs to another coach.")
		}
		if err := ownTypes(tx, coachID, p.TypeIDs); err != nil {
			return err
		}
		p.Retired = old.Retired
		return tx.UpdatePackage(p)
	})
}

// RetirePackage stops (or resumes) selling a package; passes already sold
// stay valid. Errors: ENOTFOUND, EUNAUTHORIZED.
func (s *Catalog) RetirePackage(ctx context.Context, coachID, packageID int64, retired bool) (*Package, error) {
	var p *Package
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if p, err = tx.Package(packageID); err != nil {
			return err
		}
		if p.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.package.other_coach", "That package belongs to another coach.")
		}
		if p.Retired == retired {
			return nil
		}
		p.Retired = retired
		return tx.UpdatePackage(p)
	})
	return p, err
}

// ownTypes refuses session types of another coach.
func ownTypes(tx Tx, coachID int64, ids []int64) error {
	for _, id := range ids {
		t, err := tx.SessionType(id)
		if err != nil {
			return err
		}
		if t.CoachID != coachID {
			return NewError(EINVALID, "err.package.foreign_types", "A package covers only its coach's session types.")
		}
	}
	return nil
}

// ScheduleSeries puts a session on the calendar every week for weeks
// weeks (1 for a single one), at the same wall-clock time in the coach's
// zone across DST changes, with the booking deadline the same time before
// each start. All or none are created. Errors: EINVALID (bad terms, a
// past start, too many weeks), ENOTFOUND, EUNAUTHORIZED (another coach's
// type), *BusyClashError (busy times of the coach's calendars, unless
// req.IgnoreCalendars).
func (s *Catalog) ScheduleSeries(ctx context.Context, req ScheduleRequest, weeks int) ([]*Session, error) {
	if weeks < 1 || weeks > maxSeriesWeeks {
		return nil, NewError(EINVALID, "err.series.weeks_range", "A series runs for 1 to {Max} weeks.", "Max", maxSeriesWeeks)
	}
	var out []*Session
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		coach, err := tx.Coach(req.CoachID)
		if err != nil {
			return err
		}
		loc, err := LoadZone(coach.Zone)
		if err != nil {
			return err
		}
		t, err := tx.SessionType(req.TypeID)
		if err != nil {
			return err
		}
		if t.CoachID != req.CoachID {
			return NewError(EUNAUTHORIZED, "err.type.other_coach", "That session type belongs to another coach.")
		}
		if t.Retired {
			return NewError(EINVALID, "err.type.retired", "The session type “{Type}” is retired.", "Type", t.Name)
		}
		if (req.Mode == ModeOnline && !t.Online) || (req.Mode == ModeInPerson && !t.InPerson) {
			if req.Mode == ModeOnline {
				return NewError(EINVALID, "err.type.not_online", "“{Type}” is not offered online.", "Type", t.Name)
			}
			return NewError(EINVALID, "err.type.not_in_person", "“{Type}” is not offered in person.", "Type", t.Name)
		}
		first := req.Start.In(loc)
		var lead time.Duration
		if !req.Deadline.IsZero() {
			lead = req.Start.Sub(req.Deadline)
		}
		out = out[:0]
		for w := 0; w < weeks; w++ {
			r := req
			r.Start = time.Date(first.Year(), first.Month(), first.Day()+7*w, first.Hour(), first.Minute(), 0, 0, loc)
			if !req.Deadline.IsZero() {
				r.Deadline = r.Start.Add(-lead)
			}
			if !r.Start.After(now) {
				return NewError(EINVALID, "err.session.start_past", "A session must start in the future.")
			}
			sess := newSession(t, r, now)
			if err := sess.Validate(); err != nil {
				return err
			}
			out = append(out, sess)
		}
		if !req.IgnoreCalendars {
			if err := checkPlanned(tx, coach, out); err != nil {
				return err
			}
		}
		for _, sess := range out {
			if err := tx.CreateSession(sess); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
