package telegram

import (
	"context"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Updates of one chat run one at a time and in order; other chats run
// alongside; close finishes every accepted update.
func TestQueueOrdersPerChat(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	running := map[int64]int{}
	order := map[int64][]int{}
	parallel := 0
	maxParallel := 0
	q := newQueue(4, 16, func(u *tgbotapi.Update) {
		chat := u.Message.Chat.ID
		mu.Lock()
		running[chat]++
		if running[chat] > 1 {
			t.Errorf("chat %d runs two updates at once", chat)
		}
		parallel++
		maxParallel = max(maxParallel, parallel)
		order[chat] = append(order[chat], u.UpdateID)
		mu.Unlock()
		time.Sleep(time.Millisecond)
		mu.Lock()
		running[chat]--
		parallel--
		mu.Unlock()
	})
	ctx := context.Background()
	for i := range 200 {
		chat := int64(i%5 + 1)
		u := &tgbotapi.Update{UpdateID: i, Message: &tgbotapi.Message{Chat: &tgbotapi.Chat{ID: chat}}}
		if err := q.submit(ctx, chat, u); err != nil {
			t.Fatal(err)
		}
	}
	q.close()
	total := 0
	for chat, ids := range order {
		total += len(ids)
		for i := 1; i < len(ids); i++ {
			if ids[i] < ids[i-1] {
				t.Fatalf("chat %d ran %d after %d", chat, ids[i], ids[i-1])
			}
		}
	}
	if total != 200 {
		t.Fatalf("ran %d updates, want 200", total)
	}
	if maxParallel < 2 || maxParallel > 4 {
		t.Fatalf("%d updates ran at once, want 2..4", maxParallel)
	}
	if err := q.submit(ctx, 1, &tgbotapi.Update{}); err != errClosed {
		t.Fatalf("submit after close = %v", err)
	}
}

// A full queue makes the submitter wait (backpressure), up to its
// context.
func TestQueueIsBounded(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	q := newQueue(1, 2, func(u *tgbotapi.Update) { <-release })
	ctx := context.Background()
	for i := range 2 {
		if err := q.submit(ctx, 1, &tgbotapi.Update{UpdateID: i}); err != nil {
			t.Fatal(err)
		}
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := q.submit(short, 2, &tgbotapi.Update{UpdateID: 3}); err != context.DeadlineExceeded {
		t.Fatalf("submit to a full queue = %v, want a timeout", err)
	}
	close(release)
	q.close()
}

func TestRecentDropsRepeats(t *testing.T) {
	t.Parallel()
	r := newRecent(3)
	for _, id := range []int{1, 2, 3} {
		if !r.add(id) {
			t.Fatalf("%d seen before", id)
		}
	}
	if r.add(2) {
		t.Fatal("a repeat was new")
	}
	r.add(4) // forgets 1
	if !r.add(1) {
		t.Fatal("the oldest id was not forgotten")
	}
	r.forget(4) // could not be queued: a redelivery is welcome
	if !r.add(4) {
		t.Fatal("a forgotten id is still seen")
	}
}
