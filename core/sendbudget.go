package core

import (
	"context"
	"sync"
	"time"
)

// A chat platform limits how fast a bot sends: Telegram about 30
// messages a second overall, one a second in a chat and 20 a minute in a
// group; Discord about 50 requests a second and 5 messages per 5 seconds
// in a channel. The limit is the bot's, whatever the number of processes
// serving it, so the budget is kept where every replica sees it: in
// PostgreSQL, or in the one process on SQLite. Each budget is a
// generic cell rate (GCRA): a key's theoretical arrival time (tat) moves
// by Every at each message, and a message may go at t when
// tat - (Burst-1)·Every <= t.

// SendRate is one budget's rate: a message every Every, with bursts of
// up to Burst at once.
type SendRate struct {
	Every time.Duration
	Burst int
}

// tolerance is how far ahead of now a key's tat may run.
func (r SendRate) tolerance() time.Duration { return r.Every * time.Duration(max(r.Burst-1, 0)) }

// SendTake asks for one message into a chat: from the chat's budget and
// the bot's overall one.
//
// A reply (to a person waiting for it) waits only for its chat: it is
// counted in the overall budget too but never held by it, so replies go
// first and notices, which wait for the overall budget, yield to them.
// A notice reserves its place in the overall budget up to Horizon ahead
// and then must wait that long; it leaves its chat one message of burst,
// so a notice never takes the place of a reply in the chat.
type SendTake struct {
	Chat        string // the chat's key, e.g. "telegram:123"
	ChatRate    SendRate
	Overall     string // the bot's key, e.g. "telegram"
	OverallRate SendRate
	Reply       bool
	// Horizon is how far ahead a notice may reserve its place; beyond
	// it nothing is reserved and the grant says when to ask again.
	Horizon time.Duration
	// GivenUp is how many places this notice booked and gave up (it
	// woke too late for them): they never went, so its chat lets that
	// many more through. Without it the notice waited for its chat a
	// whole interval (a second) behind its own booking.
	GivenUp int
}

// ChatTolerance is how far ahead of the send the chat's tat may run.
// The stores that keep the budgets out of process pass it to theirs.
func (t SendTake) ChatTolerance() time.Duration {
	tol := t.ChatRate.tolerance()
	if !t.Reply {
		tol = max(tol-t.ChatRate.Every, 0) // one message of burst stays the replies'
	}
	return tol + t.ChatRate.Every*time.Duration(t.GivenUp)
}

// SendGrant answers a SendTake. With OK the message's place is booked and
// it may go after Wait (zero: now); without it nothing was booked and
// Wait is how far its earliest place is (a notice's is booked once it is
// within the horizon).
type SendGrant struct {
	OK   bool
	Wait time.Duration
}

// SendBudgets keeps the send budgets of the bot's platforms; every Store
// does (PostgreSQL across replicas, SQLite in its one process).
type SendBudgets interface {
	// TakeSend books one message at now, if its budgets allow.
	TakeSend(ctx context.Context, now time.Time, take SendTake) (SendGrant, error)
	// HoldSend lets nothing through key before until (a 429 asked to
	// wait); rate is the key's, whose burst must not refill meanwhile.
	HoldSend(ctx context.Context, key string, rate SendRate, until time.Time) error
}

// Take applies a SendTake to two theoretical arrival times (zero: a
// key never used), returning the grant and the new times. The store
// implementations run this same rule, in process or in SQL.
func (t SendTake) Take(now, chat, overall time.Time) (g SendGrant, newChat, newOverall time.Time) {
	chat, overall = later(chat, now), later(overall, now)
	chatAllows := chat.Add(-t.ChatTolerance())
	at := now
	if t.Reply {
		if chatAllows.After(now) {
			return SendGrant{Wait: chatAllows.Sub(now)}, chat, overall
		}
	} else {
		at = later(now, overall.Add(-t.OverallRate.tolerance()))
		if at.Sub(now) > t.Horizon {
			return SendGrant{Wait: at.Sub(now)}, chat, overall
		}
		if chatAllows.After(at) {
			// Held by its chat: book nothing, so the overall budget
			// stays whole for other chats.
			return SendGrant{Wait: chatAllows.Sub(now)}, chat, overall
		}
	}
	return SendGrant{OK: true, Wait: at.Sub(now)}, later(chat, at).Add(t.ChatRate.Every), later(overall, at).Add(t.OverallRate.Every)
}

// Hold is the theoretical arrival time of a key held until until: no
// message before until, and no burst right after it.
func (r SendRate) Hold(tat, until time.Time) time.Time {
	return later(tat, until.Add(r.tolerance()))
}

// later is the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// MemoryBudgets keeps send budgets in process: the budgets of a bot
// served by one process (SQLite), and of tests.
type MemoryBudgets struct {
	mu   sync.Mutex
	tats map[string]time.Time
}

// NewMemoryBudgets returns empty budgets.
func NewMemoryBudgets() *MemoryBudgets { return &MemoryBudgets{tats: map[string]time.Time{}} }

// memoryPruneAt is the number of keys past which spent ones (whose tat
// has passed: the same as no key) are forgotten.
const memoryPruneAt = 4096

// TakeSend books one message at now, if its budgets allow.
func (b *MemoryBudgets) TakeSend(_ context.Context, now time.Time, take SendTake) (SendGrant, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	g, chat, overall := take.Take(now, b.tats[take.Chat], b.tats[take.Overall])
	if g.OK {
		b.tats[take.Chat], b.tats[take.Overall] = chat, overall
		if len(b.tats) > memoryPruneAt {
			for k, t := range b.tats {
				if !t.After(now) {
					delete(b.tats, k)
				}
			}
		}
	}
	return g, nil
}

// HoldSend lets nothing through key before until.
func (b *MemoryBudgets) HoldSend(_ context.Context, key string, rate SendRate, until time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tats[key] = rate.Hold(b.tats[key], until)
	return nil
}
