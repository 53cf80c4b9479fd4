package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// aheadRows is what a notice's renderer reads: a client and their
// accounts, a session, a booking, a payment and a pass.
type aheadRows struct {
	Client   *core.Client
	Accounts []*core.Account
	Session  *core.Session
	Booking  *core.Booking
	Payment  *core.Payment
	Pass     *core.Pass
}

// readAheadRows reads the rows one by one in tx.
func readAheadRows(tx core.Tx, client, session, booking, payment, pass int64) (r aheadRows, err error) {
	if r.Client, err = tx.Client(client); err != nil {
		return r, err
	}
	if r.Accounts, err = tx.Accounts(client); err != nil {
		return r, err
	}
	if r.Session, err = tx.Session(session); err != nil {
		return r, err
	}
	if r.Booking, err = tx.Booking(booking); err != nil {
		return r, err
	}
	if r.Payment, err = tx.Payment(payment); err != nil {
		return r, err
	}
	r.Pass, err = tx.Pass(pass)
	return r, err
}

// testReadAhead: rows read ahead are what the reads that follow would
// have found without it, in Browse and in View; a row that is not there
// is still reported missing, a client with no account has none, and a
// read-write transaction reads its own writes after a read ahead.
func testReadAhead(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria, p := f.withPass("Maria", f.pack)
	noa := f.client("Noa")
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		for _, a := range []*core.Account{{Platform: "telegram", UserID: "42", ClientID: maria.ID, ChatID: "42"},
			{Platform: "discord", UserID: "d42", ClientID: maria.ID}} {
			if err := tx.PutAccount(a); err != nil {
				return err
			}
		}
		return nil
	}))
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: sess.ID, Pay: true})
	f.must(err)
	ids := []int64{maria.ID, sess.ID, res.Booking.ID, res.Payment.ID, p.ID}
	var want aheadRows
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) {
		want, err = readAheadRows(tx, ids[0], ids[1], ids[2], ids[3], ids[4])
		return err
	}))
	if len(want.Accounts) != 2 {
		t.Fatalf("Maria's accounts: %d, want 2", len(want.Accounts))
	}
	const gone = 1 << 40
	all := core.ReadAhead{Clients: []int64{maria.ID, noa.ID, gone}, AccountsOf: []int64{maria.ID, noa.ID},
		Sessions: []int64{sess.ID}, Bookings: []int64{res.Booking.ID, gone}, Payments: []int64{res.Payment.ID}, Passes: []int64{p.ID}}
	for _, run := range []struct {
		name string
		fn   func(context func(core.Tx) error) error
	}{{"Browse", func(fn func(core.Tx) error) error { return f.store.Browse(f.ctx, fn) }},
		{"View", func(fn func(core.Tx) error) error { return f.store.View(f.ctx, fn) }}} {
		f.must(run.fn(func(tx core.Tx) error {
			if err := tx.ReadAhead(all); err != nil {
				return err
			}
			got, err := readAheadRows(tx, ids[0], ids[1], ids[2], ids[3], ids[4])
			if err != nil {
				return err
			}
			crudEqual(t, run.name+": client read ahead", got.Client, want.Client)
			crudEqual(t, run.name+": accounts read ahead", got.Accounts, want.Accounts)
			crudEqual(t, run.name+": session read ahead", got.Session, want.Session)
			crudEqual(t, run.name+": booking read ahead", got.Booking, want.Booking)
			crudEqual(t, run.name+": payment read ahead", got.Payment, want.Payment)
			crudEqual(t, run.name+": pass read ahead", got.Pass, want.Pass)
			if _, err := tx.Client(gone); core.ErrorCode(err) != core.ENOTFOUND {
				t.Errorf("%s: a client that is not there: %v, want ENOTFOUND", run.name, err)
			}
			if _, err := tx.Booking(gone); core.ErrorCode(err) != core.ENOTFOUND {
				t.Errorf("%s: a booking that is not there: %v, want ENOTFOUND", run.name, err)
			}
			if accs, err := tx.Accounts(noa.ID); err != nil || accs == nil || len(accs) != 0 {
				t.Errorf("%s: Noa's accounts: %v, %v, want none", run.name, accs, err)
			}
			return nil
		}))
	}
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		if err := tx.ReadAhead(all); err != nil {
			return err
		}
		c := *want.Client
		c.Name = "Maria Lopez"
		if err := tx.UpdateClient(&c); err != nil {
			return err
		}
		if got, err := tx.Client(maria.ID); err != nil || got.Name != "Maria Lopez" {
			t.Errorf("the client after its update in the same transaction: %+v, %v", got, err)
		}
		return nil
	}))
}
