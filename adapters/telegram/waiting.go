package telegram

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/slotbot/slotbot/bot"
)

// An update stored and acknowledged just before the database froze, or
// queued behind its chat's update in flight, waits for a claim the
// database does not answer: its sender would hear nothing until the
// database came back. So the adapter keeps, in memory, the updates it
// stored and has not begun, as long as they may still be waiting here:
// no claim of this replica's inbox has come back since they were stored,
// or their chat has an update in flight on this replica (which keeps
// every replica from claiming them). Others were claimed elsewhere or
// wait behind another replica's update, and are forgotten. When the
// inbox has been kept from claiming for stuckAfter, each sender of a
// waiting update is told, once per outage, that the message is kept and
// will be answered when the database is back: not "try again", since
// the update will be handled, and a second copy would be too.

// The watch: how long claims must be stuck before the senders are told,
// how often it looks, and how many updates it remembers at most.
const (
	stuckAfter = 1500 * time.Millisecond
	watchEvery = 250 * time.Millisecond
	maxWaiting = 10000
)

// waiting is the updates this adapter stored and has not begun.
type waiting struct {
	mu       sync.Mutex
	updates  map[int]waitingUpdate // by update id
	handling map[int64]int         // updates being handled here, by chat
	told     map[int64]bool        // users told during this outage
}

// waitingUpdate is one stored update and its sender.
type waitingUpdate struct {
	in     incoming
	stored time.Time
}

func newWaiting() *waiting {
	return &waiting{updates: map[int]waitingUpdate{}, handling: map[int64]int{}, told: map[int64]bool{}}
}

// add remembers a stored update (up to maxWaiting).
func (w *waiting) add(id int, in incoming, at time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.updates) < maxWaiting {
		w.updates[id] = waitingUpdate{in: in, stored: at}
	}
}

// begin forgets an update now handled here, and counts its chat busy
// until end.
func (w *waiting) begin(id string, chat int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if n, err := strconv.Atoi(id); err == nil {
		delete(w.updates, n)
	}
	w.handling[chat]++
}

// end is the end of handling an update of chat.
func (w *waiting) end(chat int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.handling[chat]--; w.handling[chat] <= 0 {
		delete(w.handling, chat)
	}
}

// sweep forgets the updates no longer waiting here: a claim that started
// after they were stored came back, and their chat is not busy here.
// When stuck, it returns the senders of the others not yet told during
// this outage (one update per user) and marks them told; otherwise the
// outage, if any, is over.
func (w *waiting) sweep(claimed time.Time, stuck bool) []incoming {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !stuck {
		clear(w.told)
	}
	var out []incoming
	for id, u := range w.updates {
		switch {
		case claimed.After(u.stored) && w.handling[u.in.chat] == 0:
			delete(w.updates, id)
		case stuck && !w.told[u.in.user]:
			w.told[u.in.user] = true
			out = append(out, u.in)
		}
	}
	return out
}

// watchWaiting tells the senders of waiting updates that their message
// is kept while the inbox's claims are stuck, until ctx ends.
func (a *Adapter) watchWaiting(ctx context.Context) {
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			for _, in := range a.waiting.sweep(a.inbox.LastClaim(), a.inbox.Stuck(now) >= stuckAfter) {
				a.log.Warn("telegram: the database keeps a stored update waiting; its sender is told it is kept",
					"update_id", in.req.UpdateID, "chat", in.chat)
				go func() {
					ctx, cancel := context.WithTimeout(context.Background(), a.cfg.CallTimeout)
					defer cancel()
					r := a.bot.AnswerLater(in.req)
					if in.req.ChatKind != bot.ChatPrivate {
						r.Private = true
					}
					a.deliver(ctx, incoming{req: in.req, chat: in.chat, user: in.user}, []bot.Reply{r})
				}()
			}
		}
	}
}
