package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// The calendar Mini App is a web page. Inside Telegram, Telegram signs
// who opens it; from Discord and the terminal chat the bot hands out a
// link for one person that works once, within AppLinkTTL. The link's
// nonce is stored hashed; the web layer signs the rest of the link with
// the database's app secret, so every replica checks what any replica
// issued.

// AppLinkTTL is how long a calendar link may wait before it is opened.
const AppLinkTTL = 15 * time.Minute

// appNonceBytes is a link nonce's entropy in bytes.
const appNonceBytes = 16

// appSecretBytes is the size of the app secret.
const appSecretBytes = 32

// AppLink is one issued calendar link, kept until it is used or expires.
type AppLink struct {
	Hash     string // hex SHA-256 of the nonce
	ClientID int64
	Expires  time.Time
	Created  time.Time
}

// AppLinkTx is the part of Tx the Mini App's identity needs.
type AppLinkTx interface {
	// PutAppLink stores l, first deleting every link expired at
	// l.Created.
	PutAppLink(l *AppLink) error
	// TakeAppLink deletes and returns the link with hash, in one
	// statement: a link is used once. ENOTFOUND when there is none.
	TakeAppLink(hash string) (*AppLink, error)
	// AppSecret returns the secret stored under name, storing fresh
	// first when there is none: the first replica to ask decides it.
	AppSecret(name, fresh string, at time.Time) (string, error)
}

// errAppLink is what an unknown or already used link gets.
var errAppLink = NewError(EUNAUTHORIZED, "err.applink.used", "This calendar link was already used. Ask the bot for a new one.")

// errAppLinkExpired is what a link opened too late gets.
var errAppLinkExpired = NewError(EUNAUTHORIZED, "err.applink.expired", "This calendar link has expired. Ask the bot for a new one.")

// appNonceHash is the stored form of a nonce.
func appNonceHash(nonce string) string {
	sum := sha256.Sum256([]byte(nonce))
	return hex.EncodeToString(sum[:])
}

// NewAppLink issues a one-use calendar link nonce for the client, valid
// for AppLinkTTL, and returns it with its expiry. Errors: ENOTFOUND (no
// such client).
func (s *Accounts) NewAppLink(ctx context.Context, clientID int64) (string, time.Time, error) {
	var raw [appNonceBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", time.Time{}, fmt.Errorf("link nonce: %w", err)
	}
	nonce := base64.RawURLEncoding.EncodeToString(raw[:])
	var expires time.Time
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		expires = now.Add(AppLinkTTL)
		return tx.PutAppLink(&AppLink{Hash: appNonceHash(nonce), ClientID: clientID, Expires: expires, Created: now})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return nonce, expires, nil
}

// RedeemAppLink uses a link nonce up and returns the client it was
// issued to. Errors: EUNAUTHORIZED (unknown, already used, or expired:
// an expired link is used up too).
func (s *Accounts) RedeemAppLink(ctx context.Context, nonce string) (*Client, error) {
	var c *Client
	expired := false
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		c, expired = nil, false
		l, err := tx.TakeAppLink(appNonceHash(nonce))
		if ErrorCode(err) == ENOTFOUND {
			return errAppLink
		} else if err != nil {
			return err
		}
		if !now.Before(l.Expires) {
			expired = true // committed: the link is used up
			return nil
		}
		c, err = tx.Client(l.ClientID)
		return err
	})
	if err == nil && expired {
		return nil, errAppLinkExpired
	}
	return c, err
}

// AppSecret returns the secret the web layer signs links and page
// sessions with: made at random once per database, the same for every
// replica.
func (s *Accounts) AppSecret(ctx context.Context) ([]byte, error) {
	var raw [appSecretBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, fmt.Errorf("app secret: %w", err)
	}
	var out []byte
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		v, err := tx.AppSecret("webapp", hex.EncodeToString(raw[:]), now)
		if err != nil {
			return err
		}
		out, err = hex.DecodeString(v)
		return err
	})
	return out, err
}

// PersonOf returns the client with their coach record, when they are a
// coach, for a page that knows who is asking. Errors: ENOTFOUND.
func (s *Accounts) PersonOf(ctx context.Context, clientID int64) (*Person, error) {
	p := &Person{}
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		var err error
		if p.Client, err = tx.Client(clientID); err != nil {
			return err
		}
		p.Coach, err = tx.CoachByClient(clientID)
		if ErrorCode(err) == ENOTFOUND {
			p.Coach, err = nil, nil
		}
		return err
	})
	return p, err
}
