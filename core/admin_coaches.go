package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Who is a coach: owners (a bootstrap list the bot reads from its
// configuration) make people coaches, either directly by their chat
// account or with a one-time invite code the new coach sends. Deciding
// who is an owner is the caller's job; these services only ever turn an
// existing person into a coach.

// errBadInvite is what every wrong, used or expired invite gets, so a
// guesser learns nothing.
var errBadInvite = NewError(EINVALID, "err.invite.bad", "That invite code is wrong or has expired. Ask the owner for a new one.")

// CoachInviteHash is the stored form of a normalised invite code.
func CoachInviteHash(code string) string {
	sum := sha256.Sum256([]byte("slotbot-coach:" + code))
	return hex.EncodeToString(sum[:])
}

// NewCoachInvite issues a one-time code that makes whoever sends it a
// coach, valid for CoachInviteTTL. The code is returned in clear once;
// only its hash is stored. byClientID is the owner who asked. Errors:
// ENOTFOUND (no such client).
func (s *Accounts) NewCoachInvite(ctx context.Context, byClientID int64) (string, time.Time, error) {
	var raw [linkCodeLen]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", time.Time{}, fmt.Errorf("invite code: %w", err)
	}
	var b strings.Builder
	for _, x := range raw {
		b.WriteByte(linkAlphabet[int(x)%len(linkAlphabet)])
	}
	code := b.String()
	var expires time.Time
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(byClientID); err != nil {
			return err
		}
		expires = now.Add(CoachInviteTTL)
		return tx.PutCoachInvite(&CoachInvite{Hash: CoachInviteHash(code), CreatedBy: byClientID, Expires: expires, Created: now})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return code[:4] + "-" + code[4:], expires, nil
}

// errInviteTries is the answer once too many wrong codes were sent.
var errInviteTries = NewError(EUNAUTHORIZED, "err.invite.too_many",
	"Too many wrong invite codes. Please wait an hour, then check the code with the owner and send it again.")

// RedeemCoachInvite makes clientID a coach with the code an owner gave
// them; the code is used up only when it works. A wrong code is
// counted: past InviteTriesPerPerson of a person's, or
// InviteTriesOverall of everyone's, within InviteTriesWindow, no code is
// tried (a right one neither) until the window has moved on. Errors:
// EINVALID (a wrong, used or expired code), EUNAUTHORIZED (too many
// wrong codes), ECONFLICT (already a coach), ENOTFOUND.
func (s *Accounts) RedeemCoachInvite(ctx context.Context, clientID int64, typed string) (*Coach, error) {
	var c *Coach
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		mine, all, err := tx.InviteFailures(clientID, now.Add(-InviteTriesWindow))
		if err != nil {
			return err
		}
		if mine >= InviteTriesPerPerson || all >= InviteTriesOverall {
			return errInviteTries
		}
		code, ok := NormalizeLinkCode(typed)
		if !ok {
			return errBadInvite
		}
		inv, err := tx.TakeCoachInvite(CoachInviteHash(code))
		if ErrorCode(err) == ENOTFOUND {
			return errBadInvite
		} else if err != nil {
			return err
		}
		if !now.Before(inv.Expires) {
			return errBadInvite
		}
		c, err = makeCoach(tx, now, clientID)
		return err
	})
	if errors.Is(err, errBadInvite) {
		// Counted in a transaction of its own: the one above rolled back.
		if ferr := s.update(ctx, func(tx Tx, now time.Time) error {
			return tx.AddInviteFailure(clientID, now, now.Add(-InviteTriesWindow))
		}); ferr != nil {
			return nil, ferr
		}
	}
	return c, err
}

// MakeCoach makes the person behind a chat account a coach, as an owner's
// "/addcoach telegram:123" asks. Errors: ENOTFOUND (nobody with that
// account has talked to the bot yet), ECONFLICT (already a coach).
func (s *Accounts) MakeCoach(ctx context.Context, platform, userID string) (*Coach, error) {
	var c *Coach
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		acc, err := tx.Account(platform, userID)
		if ErrorCode(err) == ENOTFOUND {
			return NewError(ENOTFOUND, "err.coach.unknown_person", "Nobody with that account has talked to me yet. Ask them to send /start first, or give them an invite code.")
		} else if err != nil {
			return err
		}
		c, err = makeCoach(tx, now, acc.ClientID)
		return err
	})
	return c, err
}

// makeCoach creates the coach record of a person: their name, their zone
// (UTC until they set one) and the default house rules.
func makeCoach(tx Tx, now time.Time, clientID int64) (*Coach, error) {
	cl, err := tx.Client(clientID)
	if err != nil {
		return nil, err
	}
	switch _, err := tx.CoachByClient(clientID); {
	case err == nil:
		return nil, NewError(ECONFLICT, "err.coach.already", "That person is already a coach.")
	case ErrorCode(err) != ENOTFOUND:
		return nil, err
	}
	zone := cl.Zone
	if zone == "" {
		zone = "UTC"
	}
	c := &Coach{ClientID: clientID, Name: cl.Name, Zone: zone, Policy: DefaultPolicy(), Created: now}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, tx.CreateCoach(c)
}
