package core

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"
)

// A coach's agenda feed is the client feed's counterpart: the coach's
// phone calendar subscribes to it and shows their Slotbot sessions with
// the names of the clients booked. The token works like a client's
// (feed.go): 256 random bits, only the hash stored, one at a time.

// coachFeedDays is how far ahead the agenda feed lists sessions.
const coachFeedDays = 90

// errNoCoachFeed is what every unknown, retired or malformed agenda token
// gets.
var errNoCoachFeed = NewError(ENOTFOUND, "err.feed.unknown_agenda", "No agenda has this address. Ask the bot for a new link.")

// NewCoachFeed gives the coach a new agenda feed token, retiring any
// older one, and returns it in clear once. Errors: ENOTFOUND (no such
// coach).
func (s *Slots) NewCoachFeed(ctx context.Context, coachID int64) (string, error) {
	var raw [feedTokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("feed token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		return tx.PutCoachFeedToken(coachID, FeedTokenHash(token), now)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// HasCoachFeed reports whether the coach has a live agenda feed link.
func (s *Slots) HasCoachFeed(ctx context.Context, coachID int64) (bool, error) {
	var ok bool
	err := s.view(ctx, func(tx Tx, _ time.Time) (err error) {
		ok, err = tx.HasCoachFeedToken(coachID)
		return err
	})
	return ok, err
}

// CoachFeed returns the coach a token belongs to with the language the
// coach chats in ("" when unknown), the coach's scheduled sessions from a
// day ago to coachFeedDays ahead with who is booked, by start, and the
// time it read them at. Errors: ENOTFOUND (an unknown, retired or
// malformed token).
func (s *Slots) CoachFeed(ctx context.Context, token string) (*Coach, string, []*AgendaEntry, time.Time, error) {
	if !validFeedToken(token) {
		return nil, "", nil, time.Time{}, errNoCoachFeed
	}
	var (
		coach *Coach
		lang  string
		out   []*AgendaEntry
		at    time.Time
	)
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		at = now
		id, err := tx.FeedCoach(FeedTokenHash(token))
		if ErrorCode(err) == ENOTFOUND {
			return errNoCoachFeed
		} else if err != nil {
			return err
		}
		if coach, err = tx.Coach(id); err != nil {
			return err
		}
		if coach.ClientID != 0 {
			me, err := tx.Client(coach.ClientID)
			if err != nil {
				return err
			}
			lang = me.Language
		}
		ss, err := tx.Sessions(SessionFilter{CoachID: id, Status: SessionScheduled,
			From: now.Add(-24 * time.Hour), To: now.AddDate(0, 0, coachFeedDays)})
		if err != nil {
			return err
		}
		out, err = agendaEntries(tx, ss)
		return err
	})
	if err != nil {
		return nil, "", nil, time.Time{}, err
	}
	return coach, lang, out, at, nil
}
