package telegram

import (
	"context"
	"sync"
	"time"
)

// Limits are Telegram's flood limits as the adapter keeps them: a rate
// and a burst overall, per private chat and per group. The zero value
// means Telegram's published limits (DefaultLimits).
type Limits struct {
	Global    Rate // every message the bot sends
	Private   Rate // messages into one private chat
	Group     Rate // messages into one group or channel
	Unlimited bool // no waiting at all: for benchmarks of the bot itself
}

// Rate is Every-spaced sends with bursts of up to Burst at once.
type Rate struct {
	Every time.Duration
	Burst int
}

// DefaultLimits are Telegram's limits: about 30 messages a second
// overall, one a second in a chat (short bursts tolerated) and 20 a
// minute in a group.
func DefaultLimits() Limits {
	return Limits{
		Global:  Rate{Every: time.Second / 30, Burst: 10},
		Private: Rate{Every: time.Second, Burst: 3},
		Group:   Rate{Every: 3 * time.Second, Burst: 3},
	}
}

// limiter spaces sends to respect Limits. It keeps, per bucket, the
// theoretical arrival time of the next send (GCRA): a send may go at t
// when t >= tat - (burst-1)*every, and pushes tat by every.
type limiter struct {
	limits Limits
	now    func() time.Time

	mu     sync.Mutex
	global time.Time
	chats  map[int64]time.Time
}

// newLimiter makes a limiter; now is the clock (time.Now outside tests).
func newLimiter(l Limits, now func() time.Time) *limiter {
	return &limiter{limits: l, now: now, chats: map[int64]time.Time{}}
}

// pruneAt is the number of remembered chats past which idle ones are
// forgotten.
const pruneAt = 10000

// take sends into chat now if both its chat's limit and the overall one
// allow it, booking the send and returning 0; otherwise it books nothing
// and returns how long until it may be allowed. Nothing is booked ahead,
// so a chat held back (by its own limit or a 429) never holds up the
// others. chat 0 is checked against the overall limit only; Telegram's
// groups and channels have negative ids, private chats positive ones.
func (l *limiter) take(chat int64) time.Duration {
	if l.limits.Unlimited {
		return 0
	}
	per := l.perChat(chat)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	at := earliest(now, l.global, l.limits.Global)
	if chat != 0 {
		at = later(at, earliest(now, l.chats[chat], per))
	}
	if at.After(now) {
		return at.Sub(now)
	}
	l.global = later(l.global, now).Add(l.limits.Global.Every)
	if chat != 0 {
		l.chats[chat] = later(l.chats[chat], now).Add(per.Every)
		if len(l.chats) > pruneAt {
			for id, t := range l.chats {
				if !t.After(now) {
					delete(l.chats, id) // a full bucket is the same as none
				}
			}
		}
	}
	return 0
}

// penalize holds every send into chat (0: all sends) back until now+d,
// after Telegram answered 429 with retry_after d.
func (l *limiter) penalize(chat int64, d time.Duration) {
	if l.limits.Unlimited {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	until := l.now().Add(d)
	if chat == 0 {
		l.global = later(l.global, until.Add(l.limits.Global.Every*time.Duration(max(l.limits.Global.Burst-1, 0))))
		return
	}
	per := l.perChat(chat)
	l.chats[chat] = later(l.chats[chat], until.Add(per.Every*time.Duration(max(per.Burst-1, 0))))
}

// perChat is the limit of one chat.
func (l *limiter) perChat(chat int64) Rate {
	if chat < 0 {
		return l.limits.Group
	}
	return l.limits.Private
}

// wait sleeps until a send into chat may go and books it, or ctx ends.
func (l *limiter) wait(ctx context.Context, chat int64) error {
	for {
		d := l.take(chat)
		if d == 0 {
			return ctx.Err()
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// earliest is when a bucket with theoretical arrival time tat allows a
// send, no sooner than now.
func earliest(now, tat time.Time, r Rate) time.Time {
	allow := tat.Add(-r.Every * time.Duration(max(r.Burst-1, 0)))
	return later(now, allow)
}

// later is the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
