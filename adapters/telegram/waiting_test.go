package telegram

import (
	"slices"
	"testing"
	"time"
)

// The updates a replica stored and has not begun are those whose senders
// it tells, once per outage, that their message is kept: not one a claim
// came back after (claimed elsewhere, or free to be), unless its chat is
// busy here.
func TestWaitingUpdatesToTell(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 6, 2, 10, 0, 0, 0, time.UTC)
	w := newWaiting()
	who := func(in []incoming) []int64 {
		var users []int64
		for _, x := range in {
			users = append(users, x.user)
		}
		slices.Sort(users)
		return users
	}
	w.add(1, incoming{chat: 1, user: 1}, t0)                       // stored just before the freeze
	w.add(2, incoming{chat: 2, user: 2}, t0)                       // claimed by another replica
	w.add(3, incoming{chat: 3, user: 3}, t0)                       // behind its chat's update in flight here
	w.add(4, incoming{chat: 1, user: 1}, t0.Add(time.Millisecond)) // Ann's second message
	w.begin("30", 3)                                               // chat 3's older update, handled here
	if got := who(w.sweep(t0.Add(-time.Second), false)); len(got) != 0 {
		t.Fatalf("told %v while claims come back", got)
	}
	if got := who(w.sweep(t0.Add(-time.Second), true)); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Fatalf("stuck, with no claim back since they were stored: told %v, want [1 2 3]", got)
	}
	if got := who(w.sweep(t0.Add(-time.Second), true)); len(got) != 0 {
		t.Fatalf("told %v again in the same outage", got)
	}

	// A claim comes back after the database did: 1, 2 and 4 are no
	// longer waiting here; 3 is, behind its chat.
	back := t0.Add(time.Minute)
	if got := who(w.sweep(back, false)); len(got) != 0 {
		t.Fatalf("told %v after the outage", got)
	}
	if got := who(w.sweep(back, true)); !slices.Equal(got, []int64{3}) {
		t.Fatalf("next outage: told %v, want [3] (its chat busy here)", got)
	}
	w.end(3)
	w.sweep(back, false)
	w.begin("3", 3)
	w.end(3)
	if len(w.updates) != 0 {
		t.Fatalf("still remembered: %v", w.updates)
	}
}
