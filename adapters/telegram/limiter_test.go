package telegram

import (
	"testing"
	"time"
)

// fakeNow is a clock a test moves by hand.
type fakeNow struct{ t time.Time }

func (f *fakeNow) now() time.Time { return f.t }

// waitFake moves the fake clock until a send into chat is allowed, and
// books it.
func waitFake(l *limiter, clock *fakeNow, chat int64) {
	for d := l.take(chat); d > 0; d = l.take(chat) {
		clock.t = clock.t.Add(d)
	}
}

// sendAll reserves n sends into chat and returns when each may go,
// as offsets from the start, sending each as soon as allowed.
func sendAll(l *limiter, clock *fakeNow, chats []int64) []time.Duration {
	start := clock.t
	var out []time.Duration
	for _, c := range chats {
		waitFake(l, clock, c)
		out = append(out, clock.t.Sub(start))
	}
	return out
}

func TestLimiterPerChatAndOverall(t *testing.T) {
	t.Parallel()
	clock := &fakeNow{t: time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)}
	l := newLimiter(DefaultLimits(), clock.now)

	// One private chat: a burst of 3, then one a second.
	got := sendAll(l, clock, []int64{7, 7, 7, 7, 7})
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("private chat sends at %v, want %v", got, want)
		}
	}

	// One group: a burst of 3, then one every 3 s: 20 a minute.
	clock.t = clock.t.Add(time.Hour)
	got = sendAll(l, clock, []int64{-100, -100, -100, -100})
	if got[3] != 3*time.Second {
		t.Fatalf("group sends at %v, want the 4th at 3s", got)
	}
	clock.t = clock.t.Add(time.Hour)
	n := 0
	start := clock.t
	for clock.t.Sub(start) < time.Minute {
		waitFake(l, clock, -100)
		if clock.t.Sub(start) < time.Minute {
			n++
		}
	}
	if n > 22 {
		t.Fatalf("%d messages into one group in a minute", n)
	}

	// Many chats: 30 a second overall after a burst of 10.
	clock.t = clock.t.Add(time.Hour)
	var chats []int64
	for i := range 100 {
		chats = append(chats, int64(1000+i))
	}
	got = sendAll(l, clock, chats)
	if last, limit := got[99], 90*(time.Second/30); last < limit {
		t.Fatalf("100 sends to 100 chats took %v, want at least %v (30/s after a burst of 10)", last, limit)
	}
}

func TestLimiterPenaltyAfter429(t *testing.T) {
	t.Parallel()
	clock := &fakeNow{t: time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)}
	l := newLimiter(DefaultLimits(), clock.now)
	l.penalize(7, 5*time.Second)
	if d := l.take(7); d != 5*time.Second {
		t.Fatalf("after retry_after 5s the chat waits %v", d)
	}
	if d := l.take(8); d != 0 {
		t.Fatalf("another chat waits %v", d)
	}
	unlimited := newLimiter(Limits{Unlimited: true}, clock.now)
	unlimited.penalize(7, time.Hour)
	if d := unlimited.take(7); d != 0 {
		t.Fatalf("an unlimited limiter waited %v", d)
	}
}

func TestLimiterForgetsIdleChats(t *testing.T) {
	t.Parallel()
	clock := &fakeNow{t: time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)}
	l := newLimiter(DefaultLimits(), clock.now)
	for i := range pruneAt + 5 {
		l.take(int64(i + 1))
		clock.t = clock.t.Add(time.Hour)
	}
	if len(l.chats) > 10 {
		t.Fatalf("%d chats remembered", len(l.chats))
	}
}
