package telegram

import (
	"context"
	"strconv"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Limits are Telegram's flood limits as the adapter keeps them: the
// bot's overall rate, the rate into one private chat and into one group
// or channel. The zero value means DefaultLimits.
type Limits = core.SendLimits

// Rate is Every-spaced messages with bursts of up to Burst at once.
type Rate = core.SendRate

// DefaultLimits are Telegram's limits as its Bot FAQ states them, with a
// margin for the jitter between a send's booking and its arrival:
// messages in bulk "not more than 30 a second or so" (kept at 29), "not
// more than one message per second" in a chat with "short bursts" (kept
// at bursts of 2), "not more than 20 messages per minute" in a group
// (one every 3.1 s). Only messages count: edits and callback answers do
// not. A notice books its place up to 5 s ahead, or goes back to the
// outbox until its place comes.
func DefaultLimits() Limits {
	return Limits{
		Overall: Rate{Every: time.Second / 29, Burst: 1},
		Private: Rate{Every: time.Second, Burst: 2},
		Group:   Rate{Every: 3100 * time.Millisecond, Burst: 1},
		Horizon: 5 * time.Second,
	}
}

// pace is what a Bot API call is to the limits.
type pace int

const (
	free   pace = iota // not a message (an edit, a callback answer, getUpdates): not counted
	reply              // a message to a person waiting for it: first in line
	notice             // a message nobody is waiting for (a notice, a post): yields to replies
)

// wait holds a message into chat until its budgets allow it; sent must
// be called once the call is over. A notice that would wait past the
// horizon is not booked: wait returns how long until its place is
// expected instead.
func (a *Adapter) wait(ctx context.Context, chat int64, p pace) (sent func(), retryIn time.Duration, err error) {
	id, group := strconv.FormatInt(chat, 10), chat < 0 // groups and channels have negative ids
	switch p {
	case reply:
		return func() {}, 0, a.limit.Reply(ctx, id, group)
	case notice:
		return a.limit.Notice(ctx, id, group)
	}
	return func() {}, 0, ctx.Err()
}

// hold keeps chat (and, after a notice, every chat: Telegram does not
// say which limit a 429 is for) silent for d, after a 429.
func (a *Adapter) hold(ctx context.Context, chat int64, p pace, d time.Duration) {
	if p == free || chat == 0 {
		return
	}
	a.limit.Hold(ctx, strconv.FormatInt(chat, 10), chat < 0, p == notice, d)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error { return core.Sleep(ctx, d) }
