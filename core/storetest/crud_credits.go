package storetest

// Contract cases for packages, passes, their ledger and payments; listed in
// crudCases.

import (
	"context"
	"testing"

	"github.com/slotbot/slotbot/core"
)

func crudPackages(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	ten := &core.Package{CoachID: w.coach.ID, Name: "10 sessions", Credits: 10,
		Price: core.Money{Amount: 40000, Currency: "EUR"}, ValidityDays: 90, TypeIDs: []int64{w.typ.ID, 99},
		DeductAt: core.DeductAtBooking}
	trial := &core.Package{CoachID: w.coach.ID, Name: "Trial", Credits: 1, ValidityDays: 7, DeductAt: core.DeductAtCompletion}
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreatePackage(ten); err != nil {
			return err
		}
		return tx.CreatePackage(trial)
	})
	ten.TypeIDs, ten.Retired, ten.Credits = []int64{w.typ.ID}, true, 12
	crudUpdate(t, s, func(tx core.Tx) error { return tx.UpdatePackage(ten) })
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "package", crudMust[*core.Package](t)(tx.Package(ten.ID)), ten)
		crudEqual(t, "packages", crudMust[[]*core.Package](t)(tx.Packages(w.coach.ID)), []*core.Package{ten, trial})
		return nil
	})
}

func crudPasses(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	pkg := &core.Package{CoachID: w.coach.ID, Name: "5 pack", Credits: 5, ValidityDays: 30, DeductAt: core.DeductAtBooking}
	late := crudNewPass(w, 5, crudAt(24*60))
	soon := crudNewPass(w, 1, crudAt(24*10))
	tie := crudNewPass(w, 2, crudAt(24*60))
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreatePackage(pkg); err != nil {
			return err
		}
		late.PackageID, late.TypeIDs, late.Source = pkg.ID, []int64{w.typ.ID}, "purchase"
		for _, p := range []*core.Pass{late, soon, tie} {
			if err := tx.CreatePass(p); err != nil {
				return err
			}
		}
		return nil
	})
	crudView(t, s, func(tx core.Tx) error {
		want := *late
		want.Expires, want.Created = crudStored(late.Expires), crudStored(late.Created)
		crudEqual(t, "pass", crudMust[*core.Pass](t)(tx.Pass(late.ID)), &want)
		crudEqual(t, "hand-granted pass", crudMust[*core.Pass](t)(tx.Pass(soon.ID)).PackageID, int64(0))
		var ids []int64
		for _, p := range crudMust[[]*core.Pass](t)(tx.Passes(w.client.ID)) {
			ids = append(ids, p.ID)
		}
		crudEqual(t, "passes, oldest expiry first", ids, []int64{soon.ID, late.ID, tie.ID})
		crudEqual(t, "other client's passes", len(crudMust[[]*core.Pass](t)(tx.Passes(w.client.ID+100))), 0)
		return nil
	})

	crudUpdate(t, s, func(tx core.Tx) error {
		p, err := tx.LockPass(soon.ID)
		if err != nil {
			return err
		}
		p.CreditsLeft, p.Expires, p.TypeIDs = 0, crudAt(24*90), []int64{1, 2}
		return tx.UpdatePass(p)
	})
	crudView(t, s, func(tx core.Tx) error {
		got := crudMust[*core.Pass](t)(tx.Pass(soon.ID))
		crudEqual(t, "updated", []any{got.CreditsLeft, got.Expires, got.TypeIDs}, []any{0, crudStored(crudAt(24 * 90)), []int64{1, 2}})
		return nil
	})

	// A pass never goes below zero, on create or update.
	err := s.Update(context.Background(), func(tx core.Tx) error {
		p := crudMust[*core.Pass](t)(tx.LockPass(late.ID))
		p.CreditsLeft = -1
		return tx.UpdatePass(p)
	})
	crudWantCode(t, err, core.EINVALID)
	crudEqual(t, "message", core.ErrorMessage(err), "Credits cannot go below zero.")
	neg := crudNewPass(w, 1, crudAt(24))
	neg.CreditsLeft = -2
	crudWantCode(t, s.Update(context.Background(), func(tx core.Tx) error { return tx.CreatePass(neg) }), core.EINVALID)
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "credits kept", crudMust[*core.Pass](t)(tx.Pass(late.ID)).CreditsLeft, 5)
		return nil
	})
}

func crudPassEntries(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	pass, other := crudNewPass(w, 3, crudAt(24*30)), crudNewPass(w, 1, crudAt(24*30))
	b := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
	grant := &core.PassEntry{Delta: 3, Kind: core.EntryGrant, Note: "bought", At: crudAt(0)}
	deduct := &core.PassEntry{Delta: -1, Kind: core.EntryDeduct, At: crudAt(1)}
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, p := range []*core.Pass{pass, other} {
			if err := tx.CreatePass(p); err != nil {
				return err
			}
		}
		if err := tx.CreateBooking(b); err != nil {
			return err
		}
		grant.PassID, deduct.PassID, deduct.BookingID = pass.ID, pass.ID, b.ID
		for _, e := range []*core.PassEntry{grant, {PassID: other.ID, Delta: 1, Kind: core.EntryGrant, At: crudAt(0)}, deduct} {
			if err := tx.AddPassEntry(e); err != nil {
				return err
			}
		}
		return nil
	})
	crudView(t, s, func(tx core.Tx) error {
		g, d := *grant, *deduct
		g.At, d.At = crudStored(grant.At), crudStored(deduct.At)
		crudEqual(t, "entries", crudWithoutIDs(t, crudMust[[]*core.PassEntry](t)(tx.PassEntries(pass.ID))), []*core.PassEntry{&g, &d})
		return nil
	})
}

func crudPayments(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	bea := crudNewClient(t, s, "Bea")
	pkg := &core.Package{CoachID: w.coach.ID, Name: "5 pack", Credits: 5, ValidityDays: 30, DeductAt: core.DeductAtBooking}
	b := crudNewBooking(w.session.ID, w.client.ID, core.BookingPendingPayment)
	forBooking := &core.Payment{ClientID: w.client.ID, CoachID: w.coach.ID, Purpose: core.PurposeBooking,
		Amount: core.Money{Amount: 4500, Currency: "EUR"}, Method: core.MethodStripe, Status: core.PaymentPending,
		ExternalID: "cs_test_1", Created: crudAt(1), Updated: crudAt(1)}
	forPackage := &core.Payment{ClientID: bea.ID, CoachID: w.coach.ID, Purpose: core.PurposePackage,
		Amount: core.Money{Amount: 20000, Currency: "EUR"}, Method: core.MethodManual, Status: core.PaymentPending,
		Created: crudAt(2), Updated: crudAt(2)}
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreatePackage(pkg); err != nil {
			return err
		}
		if err := tx.CreateBooking(b); err != nil {
			return err
		}
		forBooking.BookingID, forPackage.PackageID = b.ID, pkg.ID
		if err := tx.CreatePayment(forBooking); err != nil {
			return err
		}
		return tx.CreatePayment(forPackage)
	})
	crudView(t, s, func(tx core.Tx) error {
		want := *forBooking
		want.Created, want.Updated = crudStored(forBooking.Created), crudStored(forBooking.Updated)
		crudEqual(t, "payment", crudMust[*core.Payment](t)(tx.Payment(forBooking.ID)), &want)
		return nil
	})

	pass := crudNewPass(w, 5, crudAt(24*30))
	pass.ClientID = bea.ID
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreatePass(pass); err != nil {
			return err
		}
		forPackage.Status, forPackage.PassID, forPackage.PaidAt, forPackage.Updated = core.PaymentPaid, pass.ID, crudAt(3), crudAt(3)
		forBooking.Status, forBooking.RefundDue, forBooking.Updated = core.PaymentPaid, true, crudAt(4)
		if err := tx.UpdatePayment(forPackage); err != nil {
			return err
		}
		return tx.UpdatePayment(forBooking)
	})
	crudView(t, s, func(tx core.Tx) error {
		want := *forPackage
		want.Created, want.Updated, want.PaidAt = crudStored(forPackage.Created), crudStored(forPackage.Updated), crudStored(forPackage.PaidAt)
		crudEqual(t, "paid payment", crudMust[*core.Payment](t)(tx.Payment(forPackage.ID)), &want)
		for _, c := range []struct {
			name string
			f    core.PaymentFilter
			want []int64
		}{
			{"all", core.PaymentFilter{}, []int64{forBooking.ID, forPackage.ID}},
			{"by client", core.PaymentFilter{ClientID: bea.ID}, []int64{forPackage.ID}},
			{"by coach", core.PaymentFilter{CoachID: w.coach.ID}, []int64{forBooking.ID, forPackage.ID}},
			{"by booking", core.PaymentFilter{BookingID: b.ID}, []int64{forBooking.ID}},
			{"by status", core.PaymentFilter{Status: core.PaymentPending}, nil},
			{"refund due", core.PaymentFilter{RefundDue: true, Status: core.PaymentPaid}, []int64{forBooking.ID}},
		} {
			var ids []int64
			for _, p := range crudMust[[]*core.Payment](t)(tx.Payments(c.f)) {
				ids = append(ids, p.ID)
			}
			crudEqual(t, c.name, ids, c.want)
		}
		return nil
	})
}
