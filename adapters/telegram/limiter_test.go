package telegram

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// simulate plays senders on DefaultLimits with a fake clock, each
// sending as soon as its budgets let it, and returns the moments the
// messages went, in order.
func simulate(t *testing.T, d time.Duration, chats []string, reply bool) []time.Duration {
	t.Helper()
	l := DefaultLimits()
	b := core.NewMemoryBudgets()
	start := time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)
	var out []time.Duration
	next := make([]time.Duration, len(chats)) // when each sender asks next
	for {
		i := 0
		for j := range next {
			if next[j] < next[i] {
				i = j
			}
		}
		if next[i] >= d {
			return out
		}
		rate := l.Private
		if chats[i][0] == '-' {
			rate = l.Group
		}
		g, err := b.TakeSend(context.Background(), start.Add(next[i]), core.SendTake{Chat: chats[i], ChatRate: rate,
			Overall: "telegram", OverallRate: l.Overall, Reply: reply, Horizon: l.Horizon})
		if err != nil {
			t.Fatal(err)
		}
		if g.OK {
			out = append(out, next[i]+g.Wait)
			slices.Sort(out)
		}
		next[i] += max(g.Wait, time.Millisecond)
	}
}

// most is the largest number of moments within any window of length w
// (half-open, as a counter over "the last w" sees them).
func most(at []time.Duration, w time.Duration) int {
	n := 0
	for i := range at {
		j := i
		for j < len(at) && at[j]-at[i] < w {
			j++
		}
		n = max(n, j-i)
	}
	return n
}

// The default limits keep what Telegram's Bot FAQ states: not more than
// one message a second in a chat (a short burst aside), 20 a minute in a
// group, 30 a second of notices in all; and notices use 95 % of that.
func TestDefaultLimitsKeepTelegramsFAQ(t *testing.T) {
	t.Parallel()
	chat := simulate(t, time.Minute, []string{"7"}, true)
	if n := most(chat, time.Second); n > 2 {
		t.Errorf("%d replies within a second into one chat", n)
	}
	if n := len(chat); n > 61 {
		t.Errorf("%d replies in a minute into one chat", n)
	}
	group := simulate(t, 5*time.Minute, []string{"-100"}, true)
	if n := most(group, time.Minute); n > 20 {
		t.Errorf("%d messages within a minute into one group", n)
	}
	chats := make([]string, 200)
	for i := range chats {
		chats[i] = string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	all := simulate(t, 20*time.Second, chats, false)
	if n := most(all, time.Second); n > 30 {
		t.Errorf("%d notices within a second", n)
	}
	if rate := float64(len(all)) / 20; rate < 0.95*30 {
		t.Errorf("notices at %.1f a second, under 95 %% of 30", rate)
	}
}

// A person waiting for a reply never queues behind notices: with the
// overall budget booked seconds ahead by a burst of notices, a reply
// goes at once, while the notices past the horizon are handed back to
// the scheduler.
func TestRepliesGoAheadOfNotices(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	l.Horizon = 2 * time.Second
	r := newRig(t, Config{Limits: l})
	var wg sync.WaitGroup
	var mu sync.Mutex
	sent, back := 0, 0
	for i := range 200 {
		wg.Go(func() {
			err := r.a.Send(r.ctx, strconv.Itoa(10000+i), bot.Reply{Text: "n"})
			mu.Lock()
			defer mu.Unlock()
			if _, ok := bot.RetryAfter(err); ok {
				back++
			} else if err == nil {
				sent++
			} else {
				t.Error(err)
			}
		})
	}
	time.Sleep(200 * time.Millisecond) // the notices are booked and leaving
	start := time.Now()
	r.handle(r.message(person{id: 501, name: "Maria", lang: "en"}, nil, "/start"))
	took := time.Since(start)
	wg.Wait()
	if took > 500*time.Millisecond {
		t.Errorf("the reply waited %v behind the notices", took)
	}
	if sent > 2*29+2 || back < 200-2*29-2 {
		t.Errorf("%d notices went and %d came back within a 2 s horizon at 29/s", sent, back)
	}
}

// Edits and callback answers are not messages: a person pressing buttons
// quickly is never held by the per-chat limit.
func TestEditsAndAnswersAreNotCounted(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Limits: DefaultLimits()})
	p := person{id: 601, name: "Maria", lang: "en"}
	r.onboard(p)
	r.handle(r.message(p, nil, "/book"))
	menu := r.lastMessageID(p.id)
	r.fake.reset()
	start := time.Now()
	for range 6 {
		calls := r.fake.sent()
		if len(calls) == 0 {
			calls = []apiCall{}
		}
		var data string
		for i := len(calls) - 1; i >= 0 && data == ""; i-- {
			if kb := keyboardOf(t, calls[i]); len(kb) > 0 && kb[0][0].CallbackData != nil {
				data = *kb[0][0].CallbackData
			}
		}
		if data == "" {
			data = "1:m:book"
		}
		r.handle(r.press(p, nil, menu, data))
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("6 button presses answered in %v", took)
	}
	if n, m := len(r.fake.sent("editMessageText")), len(r.fake.sent("answerCallbackQuery")); n < 6 || m != 6 {
		t.Fatalf("%d edits and %d answers, want 6 of each:\n%s", n, m, describe(r.fake.sent()))
	}
}
