package discord

import (
	"context"
	"fmt"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// DefaultLimits are Discord's limits as the adapter keeps them for the
// messages it posts (notices, announcements, replies to direct
// messages): about 50 requests a second for the bot (kept at 40, the
// rest for interactions and edits) and 5 messages per 5 seconds in a
// channel (one every 1.25 s). Discord's per-route buckets, which it
// announces in its answers' headers, discordgo keeps on top of these.
// Answers to interactions are not counted: Discord does not limit them
// so.
func DefaultLimits() core.SendLimits {
	channel := core.SendRate{Every: 1250 * time.Millisecond, Burst: 1}
	return core.SendLimits{
		Overall: core.SendRate{Every: time.Second / 40, Burst: 1},
		Private: channel,
		Group:   channel,
		Horizon: 5 * time.Second,
	}
}

// pace is what a message is to the limits: a reply someone waits for,
// or a notice nobody does.
type pace int

const (
	reply pace = iota
	notice
)

// wait holds a message into channel until the send budgets allow it;
// sent must be called once the call is over. A notice whose place is
// further than the horizon is a bot.RetryAfterError, for the scheduler
// to send it later.
func (a *Adapter) wait(ctx context.Context, channel string, p pace) (sent func(), err error) {
	if p == reply {
		return func() {}, a.limit.Reply(ctx, channel, false)
	}
	sent, retryIn, err := a.limit.Notice(ctx, channel, false)
	if err == nil && retryIn > 0 {
		err = fmt.Errorf("discord: channel %s: %w", channel, bot.RetryAfterError{After: retryIn})
	}
	return sent, err
}
