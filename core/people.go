package core

import (
	"context"
	"time"
)

// The Accounts area's setup of people: a client and a coach.

// CreateClient registers a person who talks to the bot. Errors: EINVALID.
func (s *Accounts) CreateClient(ctx context.Context, c *Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		c.Created = now
		return tx.CreateClient(c)
	})
}

// CreateCoach registers a coach; a zero policy becomes DefaultPolicy.
// Errors: EINVALID.
func (s *Accounts) CreateCoach(ctx context.Context, c *Coach) error {
	if c.Policy.UnpaidHold == 0 && c.Policy.LateOutcome == "" {
		c.Policy = DefaultPolicy()
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		c.Created = now
		return tx.CreateCoach(c)
	})
}
