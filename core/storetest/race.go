package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testRaceForLastSeats: 200 clients tap "Book" on a 10-seat class at the
// same moment, 20 times over. Exactly 10 get seats and pay one credit
// each, 190 wait in the order they arrived; a cancellation then promotes
// exactly the first in line.
func testRaceForLastSeats(t *testing.T, open Opener) {
	f := newFixture(t, open)
	const clients, seats = 200, 10
	rounds := 20
	if testing.Short() {
		rounds = 2
	}
	// Every racer's pass outlasts all rounds: the scheduler tends to let
	// the same goroutines win, and a drained pass is a different test.
	big := f.pkg("Racer", 100, 90, core.DeductAtBooking, f.class.ID)
	people := make([]*core.Client, clients)
	passes := make([]*core.Pass, clients)
	for i := range people {
		people[i], passes[i] = f.withPass(fmt.Sprintf("Client %d", i), big)
	}
	for round := 0; round < rounds; round++ {
		sess := f.session(f.class, time.Duration(48+round)*time.Hour, seats)
		start := make(chan struct{})
		var wg sync.WaitGroup
		results := make([]*core.BookResult, clients)
		errs := make([]error, clients)
		for i := range people {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				results[i], errs[i] = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: people[i].ID, SessionID: sess.ID})
			}(i)
		}
		close(start)
		wg.Wait()
		confirmed, waitlisted := 0, 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: client %d: %v", round, i, err)
			}
			switch results[i].Booking.Status {
			case core.BookingConfirmed:
				confirmed++
			case core.BookingWaitlisted:
				waitlisted++
			}
		}
		if confirmed != seats || waitlisted != clients-seats {
			t.Fatalf("round %d: %d confirmed, %d waitlisted; want %d and %d", round, confirmed, waitlisted, seats, clients-seats)
		}
		// Stored state agrees: 10 seats, 190 in arrival (id) order with
		// positions 1..190 as each client was told.
		stored := f.bookings(core.BookingFilter{SessionID: sess.ID})
		var wait []*core.Booking
		for _, b := range stored {
			if b.Status == core.BookingWaitlisted {
				wait = append(wait, b)
			}
		}
		if len(wait) != clients-seats {
			t.Fatalf("round %d: %d stored waitlisted", round, len(wait))
		}
		told := map[int64]int{}
		for _, r := range results {
			if r.Booking.Status == core.BookingWaitlisted {
				told[r.Booking.ID] = r.Position
			}
		}
		for i, b := range wait {
			if told[b.ID] != i+1 {
				t.Fatalf("round %d: booking %d is position %d in the stored order but was told %d", round, b.ID, i+1, told[b.ID])
			}
			if i > 0 && b.Created.Before(wait[i-1].Created) {
				t.Fatalf("round %d: waitlist not in arrival order", round)
			}
		}
	}
	// Exactly 10 credits per round left the passes.
	spent := 0
	for _, p := range passes {
		spent += 100 - f.pass(p.ID).CreditsLeft
	}
	if spent != seats*rounds {
		t.Fatalf("%d credits deducted, want %d", spent, seats*rounds)
	}

	// One cancellation in the last round promotes exactly the first in line.
	last := f.bookings(core.BookingFilter{Statuses: []core.BookingStatus{core.BookingWaitlisted}})
	sessID := last[len(last)-1].SessionID
	var leaver, first *core.Booking
	want := map[int64]bool{}
	for _, b := range f.bookings(core.BookingFilter{SessionID: sessID}) {
		if b.Status == core.BookingConfirmed {
			want[b.ID] = true
			if leaver == nil {
				leaver = b
			}
		}
		if first == nil && b.Status == core.BookingWaitlisted {
			first = b
		}
	}
	delete(want, leaver.ID)
	want[first.ID] = true
	firstPass := passOf(passes, people, first.ClientID)
	before := f.pass(firstPass).CreditsLeft
	if _, _, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: leaver.ClientID, BookingID: leaver.ID, Reason: "sick"}); err != nil {
		t.Fatal(err)
	}
	got := map[int64]bool{}
	for _, b := range f.bookings(core.BookingFilter{SessionID: sessID, Statuses: []core.BookingStatus{core.BookingConfirmed}}) {
		got[b.ID] = true
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("confirmed after one cancel = %v, want %v (exactly the first in line promoted)", got, want)
	}
	if got := f.booking(first.ID); got.Status != core.BookingConfirmed || !got.Charged || got.PassID != firstPass {
		t.Fatalf("first in line after a cancel: %+v", got)
	}
	if got := f.pass(firstPass).CreditsLeft; got != before-1 {
		t.Fatalf("promoted client's pass has %d credits, want %d", got, before-1)
	}
	if n := len(f.bookings(core.BookingFilter{SessionID: sessID, Statuses: []core.BookingStatus{core.BookingWaitlisted}})); n != clients-seats-1 {
		t.Fatalf("%d still waiting, want %d", n, clients-seats-1)
	}
	if kinds := f.noticeKinds(first.ClientID); !contains(kinds, string(core.NoticePromoted)) {
		t.Fatalf("promoted client was not told: %v", kinds)
	}
}

func passOf(passes []*core.Pass, people []*core.Client, clientID int64) int64 {
	for i, c := range people {
		if c.ID == clientID {
			return passes[i].ID
		}
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
