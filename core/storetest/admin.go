package storetest

// Contract cases for the coach admin flows (core/admin*.go): the store
// rows they add and the services that run a business from chat; listed
// in serviceCases as one case with subtests.

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func testCoachAdmin(t *testing.T, open Opener) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"StoreRows", testAdminStoreRows},
		{"Invites", testAdminInvites},
		{"InviteTries", testAdminInviteTries},
		{"InviteRace", testAdminInviteRace},
		{"Catalog", testAdminCatalog},
		{"SeriesAcrossDST", testAdminSeriesAcrossDST},
		{"CancelDay", testAdminCancelDay},
		{"MoveAndCancelFree", testAdminMoveAndCancelFree},
		{"RunningLate", testAdminRunningLate},
		{"ShareLink", testAdminShareLink},
		{"Views", testAdminViews},
		{"OtherCoachRefused", testAdminOtherCoachRefused},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// Invites are taken once and purged when expired; a free cancellation is
// granted and moved; a coach's clients are those who dealt with them.
func testAdminStoreRows(t *testing.T, open Opener) {
	f := newFixture(t, open)
	owner := f.client("Olga")
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		if err := tx.PutCoachInvite(&core.CoachInvite{Hash: "old", CreatedBy: owner.ID, Expires: T0.Add(time.Hour), Created: T0}); err != nil {
			return err
		}
		return tx.PutCoachInvite(&core.CoachInvite{Hash: "new", CreatedBy: owner.ID, Expires: T0.Add(3 * time.Hour), Created: T0.Add(2 * time.Hour)})
	}))
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		if _, err := tx.TakeCoachInvite("old"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("expired invite not purged: %v", err)
		}
		i, err := tx.TakeCoachInvite("new")
		if err != nil || i.CreatedBy != owner.ID || !i.Expires.Equal(core.DBTime(T0.Add(3*time.Hour))) {
			t.Fatalf("invite = %+v, %v", i, err)
		}
		if _, err := tx.TakeCoachInvite("new"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("invite taken twice: %v", err)
		}
		return nil
	}))

	maria, _ := f.withPass("Maria", f.pack)
	bob := f.client("Bob")
	f.client("Zoe") // never dealt with the coach
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: bob.ID, SessionID: sess.ID, Pay: true})
	f.must(err)
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		if _, err := tx.FreeCancel(res.Booking.ID); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("free cancel before any: %v", err)
		}
		if err := tx.PutFreeCancel(&core.FreeCancel{BookingID: res.Booking.ID, Until: T0.Add(time.Hour), Created: T0}); err != nil {
			return err
		}
		if err := tx.PutFreeCancel(&core.FreeCancel{BookingID: res.Booking.ID, Until: T0.Add(5 * time.Hour), Created: T0}); err != nil {
			return err
		}
		fc, err := tx.FreeCancel(res.Booking.ID)
		if err != nil || !fc.Until.Equal(core.DBTime(T0.Add(5*time.Hour))) {
			t.Fatalf("free cancel = %+v, %v", fc, err)
		}
		cs, err := tx.CoachClients(f.coach.ID, "", 0)
		if err != nil {
			return err
		}
		if len(cs) != 2 || cs[0].ID != bob.ID || cs[1].ID != maria.ID {
			t.Fatalf("coach clients = %v", names(cs))
		}
		cs, err = tx.CoachClients(f.coach.ID, "MAR", 0)
		if err != nil || len(cs) != 1 || cs[0].ID != maria.ID {
			t.Fatalf("search MAR = %v, %v", names(cs), err)
		}
		cs, err = tx.CoachClients(f.coach.ID, "", 1)
		if err != nil || len(cs) != 1 {
			t.Fatalf("limit 1 = %v, %v", names(cs), err)
		}
		return nil
	}))
}

func names(cs []*core.Client) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// An invite makes its redeemer a coach once; a person already coaching
// keeps the code for someone else; an owner can name an account directly.
func testAdminInvites(t *testing.T, open Opener) {
	f := newFixture(t, open)
	owner := f.client("Olga")
	code, expires, err := f.svc.Accounts.NewCoachInvite(f.ctx, owner.ID)
	f.must(err)
	if len(code) != 9 || code[4] != '-' || !expires.Equal(core.DBTime(T0.Add(core.CoachInviteTTL))) {
		t.Fatalf("code %q expires %v", code, expires)
	}
	ben := f.client("Ben")
	c, err := f.svc.Accounts.RedeemCoachInvite(f.ctx, ben.ID, strings.ToLower(code))
	f.must(err)
	if c.ClientID != ben.ID || c.Name != "Ben" || c.Zone != "Europe/Paris" || c.Policy.CancelWindow != 24*time.Hour {
		t.Fatalf("coach = %+v", c)
	}
	_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, f.client("Cleo").ID, code)
	expectCode(t, err, core.EINVALID)

	code, _, err = f.svc.Accounts.NewCoachInvite(f.ctx, owner.ID)
	f.must(err)
	_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, ben.ID, code)
	expectCode(t, err, core.ECONFLICT)
	f.clock.Advance(core.CoachInviteTTL)
	_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, f.client("Dora").ID, code)
	expectCode(t, err, core.EINVALID)
	_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, ben.ID, "not a code")
	expectCode(t, err, core.EINVALID)

	_, err = f.svc.Accounts.MakeCoach(f.ctx, "telegram", "404")
	expectCode(t, err, core.ENOTFOUND)
	p, err := f.svc.Accounts.Identify(f.ctx, core.Identity{Platform: "telegram", UserID: "77", ChatID: "77", Name: "Eli"})
	f.must(err)
	c, err = f.svc.Accounts.MakeCoach(f.ctx, "telegram", "77")
	f.must(err)
	if c.ClientID != p.Client.ID || c.Zone != "UTC" {
		t.Fatalf("coach = %+v", c)
	}
	p, err = f.svc.Accounts.Identify(f.ctx, core.Identity{Platform: "telegram", UserID: "77"})
	f.must(err)
	if p.Coach == nil || p.Coach.ID != c.ID {
		t.Fatalf("person = %+v", p)
	}
	_, err = f.svc.Accounts.MakeCoach(f.ctx, "telegram", "77")
	expectCode(t, err, core.ECONFLICT)
}

// Editing or retiring a type or package changes what is offered, never a
// session already scheduled or a pass already sold.
func testAdminCatalog(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, pass := f.withPass("Maria", f.pack)
	sess := f.session(f.paid, 48*time.Hour, 1)
	edited := *f.paid
	edited.Price = core.Money{Amount: 6000, Currency: "EUR"}
	edited.Name = "Standard session (new price)"
	f.must(f.svc.Catalog.EditSessionType(f.ctx, f.coach.ID, &edited))
	var got *core.Session
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { got, err = tx.Session(sess.ID); return }))
	if got.Price.Amount != 5000 {
		t.Fatalf("scheduled session price = %d, want 5000", got.Price.Amount)
	}
	bad := edited
	bad.Duration = time.Minute
	expectCode(t, f.svc.Catalog.EditSessionType(f.ctx, f.coach.ID, &bad), core.EINVALID)

	typ, err := f.svc.Catalog.RetireSessionType(f.ctx, f.coach.ID, f.paid.ID, true)
	f.must(err)
	if !typ.Retired || typ.Price.Amount != 6000 {
		t.Fatalf("retired type = %+v", typ)
	}
	offered, err := f.svc.Catalog.SessionTypes(f.ctx, f.coach.ID)
	f.must(err)
	all, err := f.svc.Catalog.CoachSessionTypes(f.ctx, f.coach.ID)
	f.must(err)
	if len(offered) != 2 || len(all) != 3 {
		t.Fatalf("offered %d of %d types", len(offered), len(all))
	}
	_, err = f.svc.Catalog.ScheduleSession(f.ctx, core.ScheduleRequest{CoachID: f.coach.ID, TypeID: f.paid.ID, Start: T0.Add(72 * time.Hour)})
	expectCode(t, err, core.EINVALID)
	// Booking the session scheduled before retirement still works.
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)

	pk := *f.pack
	pk.Credits, pk.Price = 12, core.Money{Amount: 45000, Currency: "EUR"}
	f.must(f.svc.Catalog.EditPackage(f.ctx, f.coach.ID, &pk))
	rp, err := f.svc.Catalog.RetirePackage(f.ctx, f.coach.ID, f.pack.ID, true)
	f.must(err)
	if !rp.Retired || rp.Credits != 12 {
		t.Fatalf("package = %+v", rp)
	}
	if p := f.pass(pass.ID); p.Credits != 10 || p.CreditsLeft != 9 {
		t.Fatalf("pass after edits = %d/%d", p.CreditsLeft, p.Credits)
	}
	_, err = f.svc.Passes.BuyPackage(f.ctx, c.ID, f.pack.ID)
	expectCode(t, err, core.EINVALID)
	pks, err := f.svc.Catalog.CoachPackages(f.ctx, f.coach.ID)
	f.must(err)
	if len(pks) != 1 || !pks[0].Retired {
		t.Fatalf("coach packages = %+v", pks)
	}
}

// A weekly series keeps 18:30 Paris time across the end of summer time,
// with the deadline two hours before each start; all or nothing.
func testAdminSeriesAcrossDST(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris, _ := time.LoadLocation("Europe/Paris")
	start := time.Date(2026, 10, 20, 18, 30, 0, 0, paris)
	ss, err := f.svc.Catalog.ScheduleSeries(f.ctx, core.ScheduleRequest{CoachID: f.coach.ID, TypeID: f.class.ID, Start: start,
		Capacity: 6, Deadline: start.Add(-2 * time.Hour), Notes: "Bring a mat"}, 3)
	f.must(err)
	if len(ss) != 3 {
		t.Fatalf("%d sessions", len(ss))
	}
	for i, s := range ss {
		local := s.Start.In(paris)
		if local.Hour() != 18 || local.Minute() != 30 || local.Day() != 20+7*i && i < 2 || s.Capacity != 6 ||
			!s.Deadline.Equal(s.Start.Add(-2*time.Hour)) || s.Notes != "Bring a mat" {
			t.Fatalf("session %d = %v %+v", i, local, s)
		}
	}
	if got := ss[2].Start.In(paris); got.Month() != time.November || got.Day() != 3 {
		t.Fatalf("third week = %v", got)
	}
	before := f.snapshot()
	_, err = f.svc.Catalog.ScheduleSeries(f.ctx, core.ScheduleRequest{CoachID: f.coach.ID, TypeID: f.class.ID, Start: T0.Add(-time.Hour)}, 2)
	expectCode(t, err, core.EINVALID)
	_, err = f.svc.Catalog.ScheduleSeries(f.ctx, core.ScheduleRequest{CoachID: f.coach.ID, TypeID: f.class.ID, Start: start}, 53)
	expectCode(t, err, core.EINVALID)
	if f.snapshot() != before {
		t.Fatal("a refused series changed rows")
	}
}

// Four people racing with one invite code: exactly one becomes a coach.
// testAdminInviteTries: wrong invite codes are counted. After
// InviteTriesPerPerson of them within the window a person is told to
// wait, even with the right code; others may still try, until everyone
// together has made InviteTriesOverall; an hour later the right code
// works again.
func testAdminInviteTries(t *testing.T, open Opener) {
	f := newFixture(t, open)
	owner := f.client("Olga")
	code, _, err := f.svc.Accounts.NewCoachInvite(f.ctx, owner.ID)
	f.must(err)
	guesser := f.client("Gus")
	for i := range core.InviteTriesPerPerson {
		_, err := f.svc.Accounts.RedeemCoachInvite(f.ctx, guesser.ID, fmt.Sprintf("AAAA-%04d", i))
		expectCode(t, err, core.EINVALID)
	}
	_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, guesser.ID, code)
	expectCode(t, err, core.EUNAUTHORIZED)
	if e := (*core.Error)(nil); !errors.As(err, &e) || e.Key != "err.invite.too_many" {
		t.Fatalf("too many tries: %v", err)
	}
	// Others are not held back by one guesser…
	ben := f.client("Ben")
	_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, ben.ID, "BBBB-0000")
	expectCode(t, err, core.EINVALID)
	// …until everyone together has tried too often.
	for i := 1; i < core.InviteTriesOverall-core.InviteTriesPerPerson; i++ {
		_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, f.client(fmt.Sprintf("Bot %d", i)).ID, "CCCC-0000")
		expectCode(t, err, core.EINVALID)
	}
	_, err = f.svc.Accounts.RedeemCoachInvite(f.ctx, ben.ID, code)
	expectCode(t, err, core.EUNAUTHORIZED)
	f.clock.Advance(core.InviteTriesWindow + time.Second)
	c, err := f.svc.Accounts.RedeemCoachInvite(f.ctx, guesser.ID, code)
	f.must(err)
	if c.ClientID != guesser.ID {
		t.Fatalf("coach = %+v", c)
	}
}

func testAdminInviteRace(t *testing.T, open Opener) {
	f := newFixture(t, open)
	code, _, err := f.svc.Accounts.NewCoachInvite(f.ctx, f.client("Olga").ID)
	f.must(err)
	var ids []int64
	for _, n := range []string{"A", "B", "C", "D"} {
		ids = append(ids, f.client(n).ID)
	}
	errs := make(chan error, len(ids))
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Accounts.RedeemCoachInvite(f.ctx, id, code)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case core.ErrorCode(err) != core.EINVALID:
			t.Fatalf("redeem: %v", err)
		}
	}
	coaches, err := f.svc.Catalog.Coaches(f.ctx)
	f.must(err)
	if won != 1 || len(coaches) != 2 {
		t.Fatalf("%d redeemed, %d coaches", won, len(coaches))
	}
}
