package core

import (
	"context"
	"strings"
	"time"
)

// Conversation is the state of a multi-step chat flow (the booking wizard,
// a cancel confirmation) kept in the database, so buttons still work after
// a restart and a double tap acts once: each step bumps Step, and a button
// carrying an older step is stale.
type Conversation struct {
	Platform string
	UserID   string
	Flow     string            // e.g. "book"; "" when idle
	Step     int               // bumped on every change
	Data     map[string]string // the flow's choices so far
	Updated  time.Time
}

// ChatTx is the part of Tx that chat adapters and the bot need beyond the
// booking domain.
type ChatTx interface {
	// Conversation returns the stored state, or a fresh idle one (Step 0)
	// when there is none.
	Conversation(platform, userID string) (*Conversation, error)
	// PutConversation stores c, but only if the stored Step is c.Step-1
	// (or none is stored and c.Step is 1): a concurrent double tap that
	// lost the race gets ECONFLICT.
	PutConversation(c *Conversation) error
	// MarkUpdate records a platform update id and reports whether it is
	// new; a redelivered update returns false.
	MarkUpdate(platform, updateID string, at time.Time) (bool, error)
	// CoachByClient returns the coach whose person record is clientID.
	CoachByClient(clientID int64) (*Coach, error)
}

// Identity is who wrote to the bot, as a platform reports them.
type Identity struct {
	Platform string
	UserID   string
	ChatID   string // their private chat, when the message came from one
	Name     string
	Language string
}

// Person is an identified chat user: their client record, and their coach
// record when they are a coach.
type Person struct {
	Client  *Client
	Coach   *Coach
	Account *Account
}

// Identify finds the client behind a chat account, creating both on first
// contact with the platform's name and language, and refreshing the
// private chat id. Errors: EINVALID (no platform or user id).
func (s *Service) Identify(ctx context.Context, id Identity) (*Person, error) {
	if id.Platform == "" || id.UserID == "" {
		return nil, Errorf(EINVALID, "Unknown sender.")
	}
	var p Person
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		acc, err := tx.Account(id.Platform, id.UserID)
		switch {
		case ErrorCode(err) == ENOTFOUND:
			name := strings.TrimSpace(id.Name)
			if name == "" {
				name = "Guest"
			}
			c := &Client{Name: name, Language: id.Language, Created: now}
			if err := tx.CreateClient(c); err != nil {
				return err
			}
			acc = &Account{Platform: id.Platform, UserID: id.UserID, ClientID: c.ID, ChatID: id.ChatID}
			if err := tx.PutAccount(acc); err != nil {
				return err
			}
		case err != nil:
			return err
		case id.ChatID != "" && (acc.ChatID != id.ChatID || acc.Unreachable):
			// They wrote to us privately: they can be reached there again.
			acc.ChatID, acc.Unreachable = id.ChatID, false
			if err := tx.PutAccount(acc); err != nil {
				return err
			}
		}
		p.Account = acc
		if p.Client, err = tx.Client(acc.ClientID); err != nil {
			return err
		}
		p.Coach, err = tx.CoachByClient(acc.ClientID)
		if ErrorCode(err) == ENOTFOUND {
			p.Coach, err = nil, nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// UpdateProfile saves a client's own profile fields. Errors: EINVALID,
// ENOTFOUND.
func (s *Service) UpdateProfile(ctx context.Context, c *Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		old, err := tx.Client(c.ID)
		if err != nil {
			return err
		}
		c.Created = old.Created
		return tx.UpdateClient(c)
	})
}
