package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// A person who uses Slotbot on Telegram and on Discord starts with two
// client records. Linking joins them: /link on one platform gives a
// one-time code, "/link CODE" on the other redeems it, and from then on
// both accounts point at one client, so bookings, passes and payments are
// shared.
//
// The merge rule: the client that has history — bookings, passes,
// payments, or a coach record — keeps it, and the other, empty one is
// folded into it (its accounts move over, blank profile fields are
// filled from it, and its row is deleted). When neither has history the
// older client stays. When both have history the link is refused: moving
// bookings and credits between two ledgers could double-book a session or
// hide a payment, so a coach sorts it out by hand.

// LinkTTL is how long a link code can be redeemed.
const LinkTTL = 10 * time.Minute

// linkCodeLen is the length of a code in symbols: 40 bits of entropy,
// which no one guesses within LinkTTL.
const linkCodeLen = 8

// linkAlphabet is Crockford's base 32: no I, L, O or U, so a code read
// aloud or retyped is not misread.
const linkAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// errBadLinkCode is what every wrong, used or expired code gets, so a
// guesser learns nothing.
var errBadLinkCode = NewError(EINVALID, "err.link.bad", "That code is wrong or has expired. Send /link on your other app for a new one.")

// LinkResult tells what redeeming a code did.
type LinkResult struct {
	Client   *Client    // the client every linked account now shares
	Accounts []*Account // all of its accounts, by platform
	// Already is true when the two accounts were linked before.
	Already bool
}

// NewLinkCode issues a one-time code for the account (platform, userID),
// replacing any code it had. The code is returned in clear once, to show
// the person; only its hash is stored. Errors: ENOTFOUND (no such
// account).
func (s *Accounts) NewLinkCode(ctx context.Context, platform, userID string) (code string, expires time.Time, err error) {
	var raw [linkCodeLen]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", time.Time{}, fmt.Errorf("link code: %w", err)
	}
	var b strings.Builder
	for _, x := range raw {
		b.WriteByte(linkAlphabet[int(x)%len(linkAlphabet)]) // 256 is a multiple of 32: no bias
	}
	code = b.String()
	err = s.update(ctx, func(tx Tx, now time.Time) error {
		acc, err := tx.Account(platform, userID)
		if err != nil {
			return err
		}
		expires = now.Add(LinkTTL)
		return tx.PutLinkCode(&LinkCode{Hash: LinkCodeHash(code), ClientID: acc.ClientID, Platform: platform,
			UserID: userID, Expires: expires, Created: now})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return code[:4] + "-" + code[4:], expires, nil
}

// NormalizeLinkCode reads a code as a person may type it — any case,
// with spaces or dashes, O for 0, I or L for 1 — and reports whether it
// has the shape of a code.
func NormalizeLinkCode(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(linkAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
		if b.Len() > linkCodeLen {
			return "", false
		}
	}
	return b.String(), b.Len() == linkCodeLen
}

// LinkCodeHash is the stored form of a normalised code.
func LinkCodeHash(code string) string {
	sum := sha256.Sum256([]byte("slotbot-link:" + code))
	return hex.EncodeToString(sum[:])
}

// RedeemLinkCode links the account (platform, userID), which typed code,
// with the account that asked for it, following the merge rule above.
// The code is used up only when the link succeeds. Errors: EINVALID (a
// wrong, used or expired code, or one typed on the platform it came
// from), ECONFLICT (both clients have history, or the merge would give
// one client two accounts on one platform), ENOTFOUND.
func (s *Accounts) RedeemLinkCode(ctx context.Context, platform, userID, code string) (*LinkResult, error) {
	norm, ok := NormalizeLinkCode(code)
	if !ok {
		return nil, errBadLinkCode
	}
	var res LinkResult
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		lc, err := tx.TakeLinkCode(LinkCodeHash(norm))
		if ErrorCode(err) == ENOTFOUND {
			return errBadLinkCode
		} else if err != nil {
			return err
		}
		if !now.Before(lc.Expires) {
			return errBadLinkCode // rolled back: the cleanup in PutLinkCode removes it
		}
		if lc.Platform == platform {
			if lc.UserID == userID {
				return NewError(EINVALID, "err.link.same_app", "Type this code in your other app (Telegram or Discord), not here.")
			}
			return NewError(EINVALID, "err.link.same_platform", "This code links accounts on two different apps; it came from another {Platform} account.", "Platform", platformName(platform))
		}
		issuer, err := tx.Account(lc.Platform, lc.UserID)
		if err != nil {
			return err
		}
		me, err := tx.Account(platform, userID)
		if err != nil {
			return err
		}
		if issuer.ClientID == me.ClientID {
			res.Already = true
			return linkResult(tx, issuer.ClientID, &res)
		}
		keep, drop, err := linkPick(tx, issuer.ClientID, me.ClientID)
		if err != nil {
			return err
		}
		if err := linkMerge(tx, keep, drop); err != nil {
			return err
		}
		return linkResult(tx, keep.ID, &res)
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// linkPick applies the merge rule to two clients: which one stays.
func linkPick(tx Tx, a, b int64) (keep, drop *Client, err error) {
	ca, err := tx.Client(a)
	if err != nil {
		return nil, nil, err
	}
	cb, err := tx.Client(b)
	if err != nil {
		return nil, nil, err
	}
	ha, err := linkHistory(tx, a)
	if err != nil {
		return nil, nil, err
	}
	hb, err := linkHistory(tx, b)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case ha && hb:
		return nil, nil, NewError(ECONFLICT, "err.link.both_history", "Both accounts already have bookings, passes or payments, so I can't join them automatically. Please ask your coach to merge them.")
	case ha:
		return ca, cb, nil
	case hb:
		return cb, ca, nil
	case ca.ID < cb.ID:
		return ca, cb, nil
	}
	return cb, ca, nil
}

// linkHistory reports whether a client has anything a merge could lose:
// bookings, passes, payments or a coach record.
func linkHistory(tx Tx, clientID int64) (bool, error) {
	bs, err := tx.Bookings(BookingFilter{ClientID: clientID, Limit: 1})
	if err != nil || len(bs) > 0 {
		return len(bs) > 0, err
	}
	ps, err := tx.Passes(clientID)
	if err != nil || len(ps) > 0 {
		return len(ps) > 0, err
	}
	pays, err := tx.Payments(PaymentFilter{ClientID: clientID})
	if err != nil || len(pays) > 0 {
		return len(pays) > 0, err
	}
	_, err = tx.CoachByClient(clientID)
	switch ErrorCode(err) {
	case "":
		return true, nil
	case ENOTFOUND:
		return false, nil
	}
	return false, err
}

// linkMerge moves drop's accounts to keep, fills keep's blank profile
// fields from drop, and deletes drop's row when nothing else uses it.
func linkMerge(tx Tx, keep, drop *Client) error {
	kept, err := tx.Accounts(keep.ID)
	if err != nil {
		return err
	}
	moving, err := tx.Accounts(drop.ID)
	if err != nil {
		return err
	}
	for _, m := range moving {
		for _, k := range kept {
			if k.Platform == m.Platform {
				return NewError(ECONFLICT, "err.link.taken", "Your other account is already linked to a different {Platform} account.", "Platform", platformName(m.Platform))
			}
		}
	}
	for _, m := range moving {
		m.ClientID = keep.ID
		if err := tx.PutAccount(m); err != nil {
			return err
		}
	}
	changed := false
	for _, f := range []struct{ dst, src *string }{
		{&keep.Zone, &drop.Zone}, {&keep.Language, &drop.Language}, {&keep.Email, &drop.Email}, {&keep.Phone, &drop.Phone},
	} {
		if *f.dst == "" && *f.src != "" {
			*f.dst, changed = *f.src, true
		}
	}
	if changed {
		if err := tx.UpdateClient(keep); err != nil {
			return err
		}
	}
	_, err = tx.DropClientIfUnused(drop.ID)
	return err
}

// linkResult fills res with the client and its accounts.
func linkResult(tx Tx, clientID int64, res *LinkResult) (err error) {
	if res.Client, err = tx.Client(clientID); err != nil {
		return err
	}
	res.Accounts, err = tx.Accounts(clientID)
	return err
}

// platformName words a platform id for messages.
func platformName(p string) string {
	switch p {
	case "telegram":
		return "Telegram"
	case "discord":
		return "Discord"
	}
	return p
}
