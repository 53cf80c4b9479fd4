package core

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SendLimits are one platform's send limits, as its adapter keeps them.
type SendLimits struct {
	Overall SendRate // every message the bot sends, in all chats
	Private SendRate // messages into one private chat (or direct messages)
	Group   SendRate // messages into one group, channel or server channel
	// Horizon is how far ahead a notice may book its place in the
	// overall budget (and then wait for it), and how long it waits for
	// its chat, or in line for its turn to book; zero: five seconds.
	Horizon time.Duration
	// Unlimited turns pacing off: for benchmarks of the bot itself.
	Unlimited bool
}

// Pacer is a platform's one limiter: every message its adapter sends,
// replies and notices alike, passes here, and is counted in the bot's
// send budgets (SendBudgets), shared by every replica.
type Pacer struct {
	budgets  SendBudgets
	platform string
	limits   SendLimits
	now      func() time.Time

	wire chan struct{} // one token per notice on the wire (maxOnWire)

	// Once the bot's budget is booked up to the horizon, the notices
	// past it wait in line, one token for the process: only the first
	// asks for a place, when the next one comes within the horizon.
	// Each asking on its own found the same place and the same time to
	// ask again, then all asked together; and each put back came back
	// to be claimed, rendered and put back again.
	line chan struct{}
}

// maxOnWire is how many of a process's notices may be on the wire at
// once. A Bot API call takes 50–150 ms, and at 29 a second a notice
// leaves every 34 ms: with one call at a time a process sent at most one
// notice per round trip (16 a second for two replicas against a fake
// answering in 60 ms, 54 % of the limit). Departures stay spaced by their
// places, whatever the number in flight; 8 covers round trips up to 275 ms.
const maxOnWire = 8

// NewPacer paces platform's messages within limits, counted in budgets;
// now is the clock (time.Now outside tests).
func NewPacer(budgets SendBudgets, platform string, limits SendLimits, now func() time.Time) *Pacer {
	if limits.Horizon <= 0 {
		limits.Horizon = 5 * time.Second
	}
	return &Pacer{budgets: budgets, platform: platform, limits: limits, now: now,
		wire: make(chan struct{}, maxOnWire), line: make(chan struct{}, 1)}
}

// take is the SendTake of one message into chat.
func (p *Pacer) take(chat string, group, reply bool) SendTake {
	rate := p.limits.Private
	if group {
		rate = p.limits.Group
	}
	return SendTake{Chat: p.platform + ":" + chat, ChatRate: rate, Overall: p.platform, OverallRate: p.limits.Overall,
		Reply: reply, Horizon: p.limits.Horizon}
}

// Reply waits until a reply into chat may go, and books it. A reply
// waits only for its chat's budget; the overall one counts it without
// holding it. If the budgets cannot be reached, the reply goes: a person
// is waiting, and the platform's 429 is the last word.
func (p *Pacer) Reply(ctx context.Context, chat string, group bool) error {
	if p.limits.Unlimited {
		return nil
	}
	take := p.take(chat, group, true)
	for {
		g, err := p.takeReply(ctx, take)
		if err != nil || g.OK {
			return ctx.Err()
		}
		if err := Sleep(ctx, g.Wait); err != nil {
			return err
		}
	}
}

// replyBudgetWait bounds asking the budgets for a reply. A database that
// accepts connections and never answers holds a driver call past its
// context (cancelling it asks that same server), and a person told "try
// again in a moment" must be told within seconds: the ask runs beside
// the reply, which goes unpaced once this has passed.
const replyBudgetWait = time.Second

// takeReply asks the budgets for a reply's place, giving up after
// replyBudgetWait; the ask left behind ends with the driver's own
// deadline.
func (p *Pacer) takeReply(ctx context.Context, take SendTake) (SendGrant, error) {
	ctx, cancel := context.WithTimeout(ctx, replyBudgetWait)
	type answer struct {
		g   SendGrant
		err error
	}
	out := make(chan answer, 1)
	go func() {
		defer cancel()
		g, err := p.budgets.TakeSend(ctx, p.now(), take)
		out <- answer{g, err}
	}()
	select {
	case a := <-out:
		return a.g, a.err
	case <-ctx.Done():
		return SendGrant{}, fmt.Errorf("send budget: no answer within %v: %w", replyBudgetWait, ctx.Err())
	}
}

// Notice books a notice into chat within the horizon and waits for its
// place. When the bot's budget is booked up to the horizon, the notice
// waits in its process's line (Pacer.line) for its turn to book, up to
// another horizon; a chat that will be free within the horizon is waited
// for. When its place is further, nothing is booked and retryIn says
// when to ask again (the caller puts the notice back until then, rather
// than hold a worker), half the horizon at the soonest. With retryIn
// zero and no error, the notice must go now, and sent must be called
// once it has arrived (the call answered, or failed): it frees its
// place on the wire (maxOnWire).
func (p *Pacer) Notice(ctx context.Context, chat string, group bool) (sent func(), retryIn time.Duration, err error) {
	if p.limits.Unlimited {
		return func() {}, 0, nil
	}
	take := p.take(chat, group, false)
	horizon := p.limits.Horizon
	start := p.now()
	inLine := false
	leaveLine := func() {
		if inLine {
			<-p.line
			inLine = false
		}
	}
	defer leaveLine()
	for {
		// The place is asked for bookLead ahead: the booking's own
		// round trip must not make it late.
		ask := p.now().Add(bookLead)
		g, err := p.budgets.TakeSend(ctx, ask, take)
		if err != nil {
			return nil, 0, fmt.Errorf("send budget: %w", err)
		}
		if g.OK {
			leaveLine()
			sent, err := p.leave(ctx, ask.Add(g.Wait))
			if sent != nil || err != nil {
				return sent, 0, err
			}
			// Woke too late, its place given up: book again, its chat's
			// place with it, which it holds already.
			start = p.now()
			take.GivenUp++
			continue
		}
		place := ask.Add(g.Wait) // the earliest, not booked
		now := p.now()
		if place.Sub(now) <= horizon+bookLead {
			// Held by its chat, which will be free within the horizon:
			// not a wait for the bot's budget, so not in the line.
			leaveLine()
			if err := Sleep(ctx, place.Add(-bookLead).Sub(now)); err != nil {
				return nil, 0, err
			}
			continue
		}
		// Its place is past the horizon: it comes within it once the
		// places before it are taken.
		within := place.Add(-horizon - bookLead)
		if within.Sub(start) > horizon {
			return nil, max(within.Sub(now), horizon/2), nil
		}
		if within.Sub(now) > lineWait {
			// Not the next place of a full budget but a chat's far one,
			// or a hold after a 429: waited for out of the line.
			leaveLine()
			if err := Sleep(ctx, within.Sub(now)); err != nil {
				return nil, 0, err
			}
			continue
		}
		if !inLine {
			if !p.queue(ctx, start.Add(horizon).Sub(now)) {
				if ctx.Err() != nil {
					return nil, 0, ctx.Err()
				}
				return nil, horizon / 2, nil
			}
			inLine = true
			continue // the one before it has booked meanwhile: ask again
		}
		if err := Sleep(ctx, within.Sub(now)); err != nil {
			return nil, 0, err
		}
	}
}

// lineWait is the longest the first in line waits for its place to come
// within the horizon. Once the budget is booked up to the horizon, the
// next place comes within it an interval later (34 ms on Telegram), or
// after the replies counted meanwhile; a place further is its chat's
// (a group's, 3.1 s a message) or a hold's, and waiting for it in line
// would hold up the notices behind.
const lineWait = time.Second

// queue waits for the process's turn to book past the horizon (line), at
// most d, and reports whether it came.
func (p *Pacer) queue(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case p.line <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// bookLead is how far ahead of asking a notice's place is at the
// earliest. The statement that books it takes its time (a round trip to
// PostgreSQL, slower on a busy machine), and a place booked at the
// moment of asking was late on arrival: at the start of a broadcast
// the first notices gave their places up (leave) and booked again at
// the end of the queue. Once the budget is booked ahead, as in a
// broadcast, the lead changes nothing.
const bookLead = 50 * time.Millisecond

// wireTimeout is the longest a notice holds its place on the wire
// waiting for its arrival: hung calls must not stall the others.
const wireTimeout = time.Second

// leave waits until at, its booked place, and for a place on the wire
// (at most maxOnWire notices of the process at once), and goes, unless
// it is more than half an interval (Overall.Every) late: then it gives
// the place up (sent is nil) and books again. Each notice is measured
// against its own place, not against the previous departure: a gate
// that held each departure an interval after the one before added every
// late timer to all the notices after it, until one of them passed an
// interval and gave its place up (one replica sent 27.9-28.6 a second
// of the 29 booked, at load 2-6). Places are an interval apart and 29
// intervals make a second, so departures are never more than 30 within
// a second, across replicas too, and two are half an interval apart at
// the least; the other half of the interval is the wire's: a call held
// up on its way by more than that after it left made the platform see
// 31 within a second when a notice could leave a whole interval late.
func (p *Pacer) leave(ctx context.Context, at time.Time) (sent func(), err error) {
	if err := Sleep(ctx, at.Sub(p.now())); err != nil {
		return nil, err
	}
	select {
	case p.wire <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var once sync.Once
	done := func() { once.Do(func() { <-p.wire }) }
	if p.now().Sub(at) > p.limits.Overall.Every/2 {
		done()
		return nil, nil
	}
	time.AfterFunc(wireTimeout, done)
	return done, nil
}

// Hold keeps chat (and, for a broadcast, the whole platform) silent for
// d, after the platform answered 429 asking to wait that long.
func (p *Pacer) Hold(ctx context.Context, chat string, group, broadcast bool, d time.Duration) {
	if p.limits.Unlimited {
		return
	}
	until := p.now().Add(d)
	t := p.take(chat, group, false)
	_ = p.budgets.HoldSend(ctx, t.Chat, t.ChatRate, until)
	if broadcast {
		_ = p.budgets.HoldSend(ctx, t.Overall, t.OverallRate, until)
	}
}

// Sleep waits d, or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
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
