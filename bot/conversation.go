package bot

import (
	"context"
	"strconv"

	"github.com/slotbot/slotbot/core"
)

// Multi-step flows keep their state in the store (core.Conversation), so
// a button pressed after a restart still works. Every change bumps the
// step; a flow's buttons carry the step they were drawn at, and a button
// from an older step — a double tap, an old menu — is stale.

// conversation loads the person's flow state: the first call of a turn
// takes the copy read with the person, in the same transaction.
func (b *Bot) conversation(ctx context.Context, t *turn) (*core.Conversation, error) {
	if c := t.conv; c != nil {
		t.conv = nil
		return c, nil
	}
	return b.svc.Accounts.Conversation(ctx, t.req.Platform, t.req.UserID)
}

// advance stores c as the next step of flow; a concurrent press of the
// same button loses and is told the button expired.
func (b *Bot) advance(ctx context.Context, t *turn, c *core.Conversation, flow string) error {
	c.Flow = flow
	c.Step++
	c.Updated = core.DBTime(t.now)
	if c.Data == nil {
		c.Data = map[string]string{}
	}
	err := b.svc.Accounts.PutConversation(ctx, c)
	if core.ErrorCode(err) == core.ECONFLICT {
		return ErrStaleButton
	}
	return err
}

// reset ends any flow, keeping the step counter moving so older buttons
// stay stale.
func (b *Bot) reset(ctx context.Context, t *turn) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	if c.Flow == "" && len(c.Data) == 0 {
		return nil
	}
	c.Data = map[string]string{}
	return b.advance(ctx, t, c, "")
}

// step renders a conversation's step for button data.
func step(c *core.Conversation) string { return strconv.FormatInt(int64(c.Step), 36) }

// current loads the conversation and checks that the pressed button's
// i-th argument is its current step in flow; anything else is stale.
func (b *Bot) current(ctx context.Context, t *turn, flow string, i int) (*core.Conversation, error) {
	s, err := t.cb.arg(i)
	if err != nil {
		return nil, err
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return nil, err
	}
	if c.Flow != flow || s != step(c) {
		return nil, ErrStaleButton
	}
	return c, nil
}
