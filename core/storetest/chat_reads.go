package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testChatReads: what a chat reads on a person's behalf is theirs to read:
// a Pay button's payment is its client's, a booking or session named in
// a coach's screen is in one of the coach's sessions; a chat account
// never seen is unknown, and reading it creates nothing.
func testChatReads(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria, noa := f.client("Maria"), f.client("Noa")
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: sess.ID, Pay: true})
	f.must(err)
	if p, err := f.svc.Payments.ClientPayment(f.ctx, maria.ID, res.Payment.ID); err != nil || p.ID != res.Payment.ID {
		t.Fatalf("Maria's own payment: %+v, %v", p, err)
	}
	if _, err := f.svc.Payments.ClientPayment(f.ctx, noa.ID, res.Payment.ID); core.ErrorCode(err) != core.EUNAUTHORIZED {
		t.Fatalf("Noa reading Maria's payment: %v, want EUNAUTHORIZED", err)
	}
	other := &core.Coach{Name: "Bruno", Zone: "Europe/Paris"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))
	if b, err := f.svc.Coaching.CoachBooking(f.ctx, f.coach.ID, res.Booking.ID); err != nil || b.ID != res.Booking.ID {
		t.Fatalf("Ana reading a booking of her session: %+v, %v", b, err)
	}
	if _, err := f.svc.Coaching.CoachBooking(f.ctx, other.ID, res.Booking.ID); core.ErrorCode(err) != core.EUNAUTHORIZED {
		t.Fatalf("another coach reading it: %v, want EUNAUTHORIZED", err)
	}
	if s, err := f.svc.Coaching.CoachSession(f.ctx, f.coach.ID, sess.ID); err != nil || s.ID != sess.ID {
		t.Fatalf("Ana reading her session: %+v, %v", s, err)
	}
	if _, err := f.svc.Coaching.CoachSession(f.ctx, other.ID, sess.ID); core.ErrorCode(err) != core.EUNAUTHORIZED {
		t.Fatalf("another coach reading it: %v, want EUNAUTHORIZED", err)
	}
	if ss, names, err := f.svc.Coaching.CoachSessionsAhead(f.ctx, f.coach.ID, 72*time.Hour, 10); err != nil || len(ss) != 1 ||
		names[f.paid.ID] != f.paid.Name {
		t.Fatalf("Ana's sessions ahead: %v %v %v", ss, names, err)
	}
	if _, err := f.svc.Accounts.KnownPerson(f.ctx, "telegram", "404"); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("an account never seen: %v, want ENOTFOUND", err)
	}
	id := core.Identity{Platform: "telegram", UserID: "404", ChatID: "404", Name: "Lea", Language: "fr"}
	if _, err := f.svc.Accounts.Identify(f.ctx, id); err != nil {
		t.Fatal(err)
	}
	if p, err := f.svc.Accounts.KnownPerson(f.ctx, "telegram", "404"); err != nil || p.Client.Name != "Lea" || p.Account.ChatID != "404" || p.Coach != nil {
		t.Fatalf("Lea once known: %+v, %v", p, err)
	}
}
