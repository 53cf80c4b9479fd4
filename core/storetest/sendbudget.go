package storetest

// Contract cases for the send budgets (core.SendBudgets): the store books
// messages by the rule core.SendTake.Take states, whether it keeps the
// budgets in the database or in memory, and concurrent takers never get
// more than the rate.

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// sendCases are the send budgets' contract cases.
func sendCases() []testCase {
	return []testCase{
		{"send budgets book notices ahead within the horizon, replies first, and hold after a 429", sendBudgetRule},
		{"send budgets give concurrent notices no more than the rate", sendBudgetConcurrent},
	}
}

// sendBudgetRule plays a script of takes and holds at given moments and
// checks each grant against the script and against the rule in memory.
func sendBudgetRule(t *testing.T, open Opener) {
	s := open(t)
	mem := core.NewMemoryBudgets()
	t0 := crudAt(0)
	overall := core.SendRate{Every: 100 * time.Millisecond, Burst: 2}
	private := core.SendRate{Every: time.Second, Burst: 2}
	take := func(chat string, reply bool) core.SendTake {
		return core.SendTake{Chat: "t:" + chat, ChatRate: private, Overall: "t", OverallRate: overall, Reply: reply, Horizon: 300 * time.Millisecond}
	}
	gaveUp := func(chat string) core.SendTake { // a notice that booked a place and woke too late for it
		t := take(chat, false)
		t.GivenUp = 1
		return t
	}
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	for i, step := range []struct {
		at   time.Duration
		what string
		take core.SendTake
		hold time.Duration // > 0: hold the chat's key this long instead
		ok   bool
		wait time.Duration
	}{
		{0, "a notice into a quiet chat goes now", take("1", false), 0, true, 0},
		{0, "a second one uses the overall burst", take("2", false), 0, true, 0},
		{0, "the third is booked 100 ms ahead", take("3", false), 0, true, ms(100)},
		{0, "and so on", take("4", false), 0, true, ms(200)},
		{0, "up to the horizon", take("5", false), 0, true, ms(300)},
		{0, "past the horizon nothing is booked", take("6", false), 0, false, ms(400)},
		{0, "a reply goes now, however full the overall budget", take("1", true), 0, true, 0},
		{0, "a second reply into that chat waits for its chat", take("1", true), 0, false, time.Second},
		{0, "replies into other chats go now", take("11", true), 0, true, 0},
		{0, "and count in the overall budget", take("12", true), 0, true, 0},
		{0, "every one", take("13", true), 0, true, 0},
		{0, "of them", take("14", true), 0, true, 0},
		{0, "at once", take("15", true), 0, true, 0},
		{ms(100), "so notices yield to them", take("6", false), 0, false, ms(900)},
		{ms(700), "until the replies are paid for", take("6", false), 0, true, ms(300)},
		{ms(800), "a notice leaves its chat the replies' burst", take("1", false), 0, false, ms(1200)},
		{ms(800), "a 429 holds a chat", take("8", false), 5 * time.Second, false, 0},
		{time.Second, "nothing goes into it before the hold ends", take("8", true), 0, false, ms(4800)},
		{ms(5800), "then a reply goes", take("8", true), 0, true, 0},
		{ms(5800), "but its burst did not refill meanwhile", take("8", true), 0, false, time.Second},
		{ms(10000), "a notice books its chat's place", take("9", false), 0, true, 0},
		{ms(10200), "woke too late for it, it books again, its chat's place its own", gaveUp("9"), 0, true, 0},
		{ms(10200), "while its chat holds the next notice for both", take("9", false), 0, false, ms(1800)},
	} {
		now := t0.Add(step.at)
		if step.hold > 0 {
			for _, b := range []core.SendBudgets{s, mem} {
				if err := b.HoldSend(t.Context(), step.take.Chat, step.take.ChatRate, now.Add(step.hold)); err != nil {
					t.Fatalf("step %d: hold: %v", i, err)
				}
			}
			continue
		}
		got, err := s.TakeSend(t.Context(), now, step.take)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i, step.what, err)
		}
		want, _ := mem.TakeSend(t.Context(), now, step.take)
		if got != want {
			t.Errorf("step %d (%s): the store grants %+v, the rule %+v", i, step.what, got, want)
		}
		if got.OK != step.ok || got.Wait != step.wait {
			t.Errorf("step %d (%s): got %+v, want ok %v wait %v", i, step.what, got, step.ok, step.wait)
		}
	}
}

// sendBudgetConcurrent: 8 takers book notices into different chats at
// once for a simulated second; the booked sends fall at least the
// overall interval apart, burst aside.
func sendBudgetConcurrent(t *testing.T, open Opener) {
	s := open(t)
	t0 := crudAt(0)
	overall := core.SendRate{Every: 20 * time.Millisecond, Burst: 1}
	var mu sync.Mutex
	var sends []time.Duration
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 10 {
				now := t0.Add(time.Duration(i) * 25 * time.Millisecond)
				g, err := s.TakeSend(t.Context(), now, core.SendTake{Chat: "c:" + string(rune('a'+w)) + string(rune('a'+i)),
					ChatRate: core.SendRate{Every: time.Second, Burst: 2}, Overall: "c", OverallRate: overall, Horizon: time.Second})
				if err != nil {
					t.Error(err)
					return
				}
				if g.OK {
					mu.Lock()
					sends = append(sends, now.Add(g.Wait).Sub(t0))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	slices.Sort(sends)
	for i := 1; i < len(sends); i++ {
		if sends[i]-sends[i-1] < overall.Every {
			t.Fatalf("sends booked at %v: two less than %v apart", sends, overall.Every)
		}
	}
	if len(sends) < 40 {
		t.Fatalf("only %d of 80 notices booked within a second's horizon at 50/s", len(sends))
	}
}
