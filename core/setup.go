package core

import (
	"context"
	"time"
)

// SetPolicy replaces a coach's house rules. Errors: EINVALID, ENOTFOUND.
func (s *Catalog) SetPolicy(ctx context.Context, coachID int64, p Policy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		c, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		c.Policy = p
		return tx.UpdateCoach(c)
	})
}

// CreateSessionType adds an offer to a coach's menu. Errors: EINVALID,
// ENOTFOUND (no such coach).
func (s *Catalog) CreateSessionType(ctx context.Context, t *SessionType) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(t.CoachID); err != nil {
			return err
		}
		return tx.CreateSessionType(t)
	})
}

// CreatePackage adds a pack of credits to a coach's shop. Errors:
// EINVALID, ENOTFOUND.
func (s *Catalog) CreatePackage(ctx context.Context, p *Package) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(p.CoachID); err != nil {
			return err
		}
		for _, id := range p.TypeIDs {
			t, err := tx.SessionType(id)
			if err != nil {
				return err
			}
			if t.CoachID != p.CoachID {
				return NewError(EINVALID, "err.package.foreign_types", "A package covers only its coach's session types.")
			}
		}
		return tx.CreatePackage(p)
	})
}

// ScheduleRequest puts one occurrence of a session type on the calendar;
// zero fields take the type's defaults.
type ScheduleRequest struct {
	CoachID  int64
	TypeID   int64
	Start    time.Time
	Capacity int
	Mode     Mode
	Place    string
	Link     string
	Deadline time.Time
	Notes    string
	Links    []string
	// IgnoreCalendars schedules even over busy times of the coach's own
	// calendars; unset, such a plan is refused with a *BusyClashError.
	IgnoreCalendars bool
}

// ScheduleSession creates a session from its type's terms. Errors:
// EINVALID (past start, bad terms), ENOTFOUND, EUNAUTHORIZED (another
// coach's type), *BusyClashError (a busy time of the coach's calendars,
// unless req.IgnoreCalendars).
func (s *Catalog) ScheduleSession(ctx context.Context, req ScheduleRequest) (*Session, error) {
	var sess *Session
	err := s.update(ctx, func(tx Tx, now time.Time) error {
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
		if !req.Start.After(now) {
			return NewError(EINVALID, "err.session.start_past", "A session must start in the future.")
		}
		if (req.Mode == ModeOnline && !t.Online) || (req.Mode == ModeInPerson && !t.InPerson) {
			if req.Mode == ModeOnline {
				return NewError(EINVALID, "err.type.not_online", "“{Type}” is not offered online.", "Type", t.Name)
			}
			return NewError(EINVALID, "err.type.not_in_person", "“{Type}” is not offered in person.", "Type", t.Name)
		}
		sess = newSession(t, req, now)
		if err := sess.Validate(); err != nil {
			return err
		}
		if !req.IgnoreCalendars {
			coach, err := tx.Coach(t.CoachID)
			if err != nil {
				return err
			}
			if err := checkPlanned(tx, coach, []*Session{sess}); err != nil {
				return err
			}
		}
		return tx.CreateSession(sess)
	})
	return sess, err
}

// newSession fills a session from its type and a request.
func newSession(t *SessionType, req ScheduleRequest, now time.Time) *Session {
	sess := &Session{CoachID: t.CoachID, TypeID: t.ID, Start: DBTime(req.Start), End: DBTime(req.Start.Add(t.Duration)),
		Capacity: req.Capacity, Mode: req.Mode, Place: req.Place, Link: req.Link, Deadline: DBTime(req.Deadline),
		Notes: req.Notes, Links: req.Links, Price: t.Price, CreditCost: t.CreditCost, Status: SessionScheduled, Created: now}
	if sess.Capacity == 0 {
		sess.Capacity = t.Capacity
	}
	if sess.Mode == "" {
		sess.Mode = ModeInPerson
		if t.Online && !t.InPerson {
			sess.Mode = ModeOnline
		}
	}
	if sess.Place == "" && sess.Mode == ModeInPerson {
		sess.Place = t.Location
	}
	if sess.Link == "" && sess.Mode == ModeOnline {
		sess.Link = t.VideoLink
	}
	return sess
}
