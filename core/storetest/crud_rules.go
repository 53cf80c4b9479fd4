package storetest

// Contract cases for what every store must refuse or serialise; listed in
// crudCases.

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/slotbot/slotbot/core"
)

func crudNotFound(t *testing.T, open Opener) {
	s := open(t)
	const missing = 987654
	for name, fn := range map[string]func(tx core.Tx) error{
		"Client":            func(tx core.Tx) error { _, err := tx.Client(missing); return err },
		"UpdateClient":      func(tx core.Tx) error { return tx.UpdateClient(&core.Client{ID: missing, Name: "x"}) },
		"Account":           func(tx core.Tx) error { _, err := tx.Account("telegram", "nobody"); return err },
		"Coach":             func(tx core.Tx) error { _, err := tx.Coach(missing); return err },
		"UpdateCoach":       func(tx core.Tx) error { return tx.UpdateCoach(&core.Coach{ID: missing, Name: "x", Zone: "UTC"}) },
		"SessionType":       func(tx core.Tx) error { _, err := tx.SessionType(missing); return err },
		"UpdateSessionType": func(tx core.Tx) error { return tx.UpdateSessionType(&core.SessionType{ID: missing, CoachID: missing}) },
		"Session":           func(tx core.Tx) error { _, err := tx.Session(missing); return err },
		"LockSession":       func(tx core.Tx) error { _, err := tx.LockSession(missing); return err },
		"UpdateSession": func(tx core.Tx) error {
			return tx.UpdateSession(&core.Session{ID: missing, CoachID: missing, TypeID: missing, Start: crudAt(0), End: crudAt(1), Created: crudAt(0)})
		},
		"Booking":       func(tx core.Tx) error { _, err := tx.Booking(missing); return err },
		"UpdateBooking": func(tx core.Tx) error { return tx.UpdateBooking(&core.Booking{ID: missing, Updated: crudAt(0)}) },
		"Package":       func(tx core.Tx) error { _, err := tx.Package(missing); return err },
		"UpdatePackage": func(tx core.Tx) error { return tx.UpdatePackage(&core.Package{ID: missing}) },
		"Pass":          func(tx core.Tx) error { _, err := tx.Pass(missing); return err },
		"LockPass":      func(tx core.Tx) error { _, err := tx.LockPass(missing); return err },
		"UpdatePass":    func(tx core.Tx) error { return tx.UpdatePass(&core.Pass{ID: missing, Expires: crudAt(0)}) },
		"Payment":       func(tx core.Tx) error { _, err := tx.Payment(missing); return err },
		"UpdatePayment": func(tx core.Tx) error { return tx.UpdatePayment(&core.Payment{ID: missing, Updated: crudAt(0)}) },
	} {
		err := s.Update(context.Background(), fn)
		if core.ErrorCode(err) != core.ENOTFOUND || core.ErrorMessage(err) == "" {
			t.Errorf("%s of a missing row: %v, want %s", name, err, core.ENOTFOUND)
		}
	}

	// Lists of nothing are empty, not errors.
	crudUpdate(t, s, func(tx core.Tx) error {
		crudEqual(t, "no bookings", len(crudMust[[]*core.Booking](t)(tx.Bookings(core.BookingFilter{SessionID: missing}))), 0)
		crudEqual(t, "no accounts", len(crudMust[[]*core.Account](t)(tx.Accounts(missing))), 0)
		crudEqual(t, "no entries", len(crudMust[[]*core.PassEntry](t)(tx.PassEntries(missing))), 0)
		crudEqual(t, "no audit", len(crudMust[[]*core.AuditEntry](t)(tx.Audit(missing))), 0)
		crudEqual(t, "nothing to withdraw", crudMust[int](t)(tx.WithdrawNotices(missing, []core.NoticeKind{core.NoticeReminder})), 0)
		return nil
	})
}

func crudMissingReference(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	const missing = 987654
	for name, fn := range map[string]func(tx core.Tx) error{
		"booking of a missing session": func(tx core.Tx) error {
			return tx.CreateBooking(crudNewBooking(missing, w.client.ID, core.BookingConfirmed))
		},
		"booking paid by a missing pass": func(tx core.Tx) error {
			b := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
			b.PassID = missing
			return tx.CreateBooking(b)
		},
		"account of a missing client": func(tx core.Tx) error {
			return tx.PutAccount(&core.Account{Platform: "telegram", UserID: "1", ClientID: missing})
		},
		"session type of a missing coach": func(tx core.Tx) error {
			st := *w.typ
			st.CoachID = missing
			return tx.CreateSessionType(&st)
		},
	} {
		err := s.Update(context.Background(), fn)
		if core.ErrorCode(err) != core.ENOTFOUND || core.ErrorMessage(err) == "" {
			t.Errorf("%s: %v, want %s", name, err, core.ENOTFOUND)
		}
	}
}

func crudTransactions(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	oops := fmt.Errorf("oops")
	err := s.Update(context.Background(), func(tx core.Tx) error {
		if err := tx.CreateClient(&core.Client{Name: "Ghost", Created: crudAt(0)}); err != nil {
			return err
		}
		return oops
	})
	if err != oops {
		t.Fatalf("Update returned %v, want fn's own error", err)
	}
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "clients", len(crudMust[[]*core.Client](t)(tx.SearchClients("", 0))), 1)
		return nil
	})

	err = s.View(context.Background(), func(tx core.Tx) error {
		return tx.CreateClient(&core.Client{Name: "Writer", Created: crudAt(0)})
	})
	if err == nil {
		t.Fatal("a view wrote a client")
	}
	err = s.View(context.Background(), func(tx core.Tx) error {
		_, err := tx.LockSession(w.session.ID)
		return err
	})
	if err == nil {
		t.Fatal("a view locked a session")
	}
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "clients after view", len(crudMust[[]*core.Client](t)(tx.SearchClients("", 0))), 1)
		crudEqual(t, "world intact", crudMust[*core.Client](t)(tx.Client(w.client.ID)).Name, "Ana")
		return nil
	})
}

func crudLockSession(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	const racers = 8
	clients := make([]*core.Client, racers)
	for i := range clients {
		clients[i] = crudNewClient(t, s, fmt.Sprintf("Racer %d", i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, racers)
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Update(context.Background(), func(tx core.Tx) error {
				ss, err := tx.LockSession(w.session.ID)
				if err != nil {
					return err
				}
				n, err := tx.CountBookings(ss.ID, core.SeatStatuses)
				if err != nil {
					return err
				}
				status := core.BookingConfirmed
				if n >= ss.Capacity {
					status = core.BookingWaitlisted
				}
				return tx.CreateBooking(crudNewBooking(ss.ID, c.ID, status))
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "confirmed", crudMust[int](t)(tx.CountBookings(w.session.ID, []core.BookingStatus{core.BookingConfirmed})), 1)
		crudEqual(t, "waitlisted", crudMust[int](t)(tx.CountBookings(w.session.ID, []core.BookingStatus{core.BookingWaitlisted})), racers-1)
		return nil
	})
}
