package telegram

import "testing"

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
	r.forget(4) // could not be stored: a redelivery is welcome
	if !r.add(4) {
		t.Fatal("a forgotten id is still seen")
	}
}
