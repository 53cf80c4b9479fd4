package telegram

import (
	"context"
	"slices"
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
// bot's budget spent for the next minute by a notice, a reply goes at
// once, while a further notice goes back to the scheduler until its
// place comes.
func TestRepliesGoAheadOfNotices(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	l.Overall = Rate{Every: time.Minute, Burst: 1}
	l.Horizon = 2 * time.Second
	r := newRig(t, Config{Limits: l})
	if err := r.a.Send(r.ctx, "10001", bot.Reply{Text: "n"}); err != nil {
		t.Fatal(err)
	}
	err := r.a.Send(r.ctx, "10002", bot.Reply{Text: "n"})
	if after, ok := bot.RetryAfter(err); !ok || after < 50*time.Second {
		t.Fatalf("err = %v, want a bot.RetryAfterError of about a minute", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.handle(r.message(person{id: 501, name: "Maria", lang: "en"}, nil, "/start"))
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the reply waited behind the notices")
	}
	sent := r.fake.sent("sendMessage")
	if len(sent) != 2 || sent[1].Params.Get("chat_id") != "501" {
		t.Fatalf("want the notice and the reply:\n%s", describe(sent))
	}
}

// Edits and callback answers are not messages: a person pressing buttons
// is never held by the per-chat limit, here one message an hour.
func TestEditsAndAnswersAreNotCounted(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	l.Private = Rate{Every: time.Hour, Burst: 2} // /start and /book, then nothing for an hour
	r := newRig(t, Config{Limits: l})
	p := person{id: 601, name: "Maria", lang: "en"}
	r.onboard(p)
	r.handle(r.message(p, nil, "/book"))
	menu := r.lastMessageID(p.id)
	r.fake.reset()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 6 {
			var data string
			calls := r.fake.sent()
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
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("button presses held by the per-chat limit")
	}
	if n, m := len(r.fake.sent("editMessageText")), len(r.fake.sent("answerCallbackQuery")); n < 6 || m != 6 {
		t.Fatalf("%d edits and %d answers, want 6 of each:\n%s", n, m, describe(r.fake.sent()))
	}
	if n := len(r.fake.sent("sendMessage")); n != 0 {
		t.Fatalf("%d messages sent, want none:\n%s", n, describe(r.fake.sent()))
	}
}
