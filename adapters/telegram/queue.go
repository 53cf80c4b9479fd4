package telegram

import (
	"context"
	"errors"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// errClosed is returned by submit once the queue stops taking updates.
var errClosed = errors.New("telegram: shutting down")

// queue runs updates on a bounded pool of workers: at most one update of
// a chat at a time, in arrival order, while other chats proceed. A busy
// chat goes back to the end of the line after each update, so it cannot
// starve the others, and a slow chat (rate-limited, say) holds one
// worker, not everyone queued behind it.
type queue struct {
	handle func(*tgbotapi.Update)
	slots  chan struct{} // one per accepted, unfinished update: bounds memory
	ready  chan int64    // chats with work and no worker
	done   chan struct{} // closed by close: submitters stop waiting

	mu       sync.Mutex
	chats    map[int64][]*tgbotapi.Update // present while a chat is ready or running
	closed   bool
	inflight sync.WaitGroup
	workers  sync.WaitGroup
}

// newQueue starts workers that call handle; at most size updates wait.
func newQueue(workers, size int, handle func(*tgbotapi.Update)) *queue {
	q := &queue{handle: handle, slots: make(chan struct{}, size), ready: make(chan int64, size),
		done: make(chan struct{}), chats: map[int64][]*tgbotapi.Update{}}
	q.workers.Add(workers)
	for range workers {
		go q.work()
	}
	return q
}

// submit queues u for chat, waiting for room while the queue is full.
func (q *queue) submit(ctx context.Context, chat int64, u *tgbotapi.Update) error {
	select {
	case q.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-q.done:
		return errClosed
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		<-q.slots
		return errClosed
	}
	q.inflight.Add(1)
	pending, scheduled := q.chats[chat]
	q.chats[chat] = append(pending, u)
	if !scheduled {
		q.ready <- chat // never blocks: each ready chat holds a slot
	}
	return nil
}

// work runs ready chats one update at a time until the queue closes.
func (q *queue) work() {
	defer q.workers.Done()
	for chat := range q.ready {
		q.mu.Lock()
		u := q.chats[chat][0]
		q.chats[chat][0] = nil
		q.chats[chat] = q.chats[chat][1:]
		q.mu.Unlock()

		q.handle(u)

		q.mu.Lock()
		if len(q.chats[chat]) == 0 {
			delete(q.chats, chat)
		} else {
			q.ready <- chat
		}
		<-q.slots
		q.mu.Unlock()
		q.inflight.Done()
	}
}

// close stops taking updates, lets the workers finish every accepted
// one, and returns when they have.
func (q *queue) close() {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.closed = true
	close(q.done)
	q.mu.Unlock()
	q.inflight.Wait()
	close(q.ready)
	q.workers.Wait()
}
