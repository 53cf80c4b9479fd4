package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"time"
)

// A client can subscribe their calendar app to a feed of their upcoming
// bookings. The feed's address holds an unguessable token (256 random
// bits); only the token's SHA-256 is stored, so a leaked database row
// opens no calendar. A client has one token at a time: asking for a new
// one retires the old link.

// feedTokenBytes is the token's entropy in bytes.
const feedTokenBytes = 32

// FeedTokenLen is the length of a token in characters (unpadded
// base64url), for parsers of feed addresses.
const FeedTokenLen = 43

// errNoFeed is what every unknown, retired or malformed token gets.
var errNoFeed = NewError(ENOTFOUND, "err.feed.unknown", "No calendar has this address. Ask the bot for a new link.")

// FeedTokenHash is the stored form of a token.
func FeedTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewCalendarFeed gives the client a new calendar feed token, retiring
// any older one, and returns it in clear once, to build the link. Errors:
// ENOTFOUND (no such client).
func (s *Slots) NewCalendarFeed(ctx context.Context, clientID int64) (string, error) {
	var raw [feedTokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("feed token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		return tx.PutFeedToken(clientID, FeedTokenHash(token), now)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// HasCalendarFeed reports whether the client has a live feed link.
func (s *Slots) HasCalendarFeed(ctx context.Context, clientID int64) (bool, error) {
	var ok bool
	err := s.view(ctx, func(tx Tx, _ time.Time) (err error) {
		ok, err = tx.HasFeedToken(clientID)
		return err
	})
	return ok, err
}

// CalendarFeed returns the client a token belongs to and their upcoming
// bookings, soonest first, and the time it read them at. Errors:
// ENOTFOUND (an unknown, retired or malformed token).
func (s *Slots) CalendarFeed(ctx context.Context, token string) (*Client, []*BookingView, time.Time, error) {
	if !validFeedToken(token) {
		return nil, nil, time.Time{}, errNoFeed
	}
	var (
		c   *Client
		out []*BookingView
		at  time.Time
	)
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		at, out = now, nil
		id, err := tx.FeedClient(FeedTokenHash(token))
		if ErrorCode(err) == ENOTFOUND {
			return errNoFeed
		} else if err != nil {
			return err
		}
		if c, err = tx.Client(id); err != nil {
			return err
		}
		bs, err := tx.Bookings(BookingFilter{ClientID: id, Statuses: []BookingStatus{BookingConfirmed,
			BookingWaitlisted, BookingPendingPayment}, StartFrom: now.Add(-24 * time.Hour)})
		if err != nil {
			return err
		}
		r := newReader(tx)
		for _, b := range bs {
			v, err := r.booking(b)
			if err != nil {
				return err
			}
			if v.Upcoming(now) {
				out = append(out, v)
			}
		}
		slices.SortStableFunc(out, func(a, b *BookingView) int { return a.Session.Start.Compare(b.Session.Start) })
		return nil
	})
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	return c, out, at, nil
}

// validFeedToken accepts only what NewCalendarFeed makes: FeedTokenLen
// base64url characters.
func validFeedToken(token string) bool {
	if len(token) != FeedTokenLen {
		return false
	}
	for i := 0; i < len(token); i++ {
		switch c := token[i]; {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}
