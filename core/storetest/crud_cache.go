package storetest

// Contract cases for what a store may keep in memory (the catalog: coaches,
// session types, packages, availability rules): whatever it keeps, every
// read sees the writes made before it through the same store, inside the
// writing transaction and after it, and a value handed out is the
// caller's to change. Listed in crudCases.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// catalogRead is what the catalog reads return, gathered in one
// transaction of some kind.
type catalogRead struct {
	coach    *core.Coach
	coaches  []*core.Coach
	typ      *core.SessionType
	details  *core.Coach // the coach SessionTypeDetails read with typ
	types    []*core.SessionType
	pack     *core.Package
	packs    []*core.Package
	avail    *core.Availability
	detailed *core.SessionType
}

// readCatalog reads every cached kind of row of w's coach.
func readCatalog(t *testing.T, tx core.Tx, w *crudWorld, packID int64) catalogRead {
	t.Helper()
	var r catalogRead
	var err error
	if r.coach, err = tx.Coach(w.coach.ID); err != nil {
		t.Fatal(err)
	}
	if r.coaches, err = tx.Coaches(); err != nil {
		t.Fatal(err)
	}
	if r.typ, err = tx.SessionType(w.typ.ID); err != nil {
		t.Fatal(err)
	}
	if r.detailed, r.details, err = tx.SessionTypeDetails(w.typ.ID); err != nil {
		t.Fatal(err)
	}
	if r.types, err = tx.SessionTypes(w.coach.ID); err != nil {
		t.Fatal(err)
	}
	if r.pack, err = tx.Package(packID); err != nil {
		t.Fatal(err)
	}
	if r.packs, err = tx.Packages(w.coach.ID); err != nil {
		t.Fatal(err)
	}
	if r.avail, err = tx.Availability(w.coach.ID); err != nil {
		t.Fatal(err)
	}
	return r
}

// readCatalogEvery reads the catalog in each kind of transaction a store
// offers, failing on any that errs.
func readCatalogEvery(t *testing.T, s core.Store, w *crudWorld, packID int64) map[string]catalogRead {
	t.Helper()
	out := map[string]catalogRead{}
	for name, run := range map[string]func(context.Context, func(core.Tx) error) error{
		"View": s.View, "Browse": s.Browse, "Update": s.Update,
	} {
		if err := run(context.Background(), func(tx core.Tx) error {
			out[name] = readCatalog(t, tx, w, packID)
			return nil
		}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// Single runs one statement; reads served from memory send none.
	var c *core.Coach
	if err := s.Single(context.Background(), func(tx core.Tx) (err error) {
		c, err = tx.Coach(w.coach.ID)
		return err
	}); err != nil {
		t.Fatalf("Single: %v", err)
	}
	r := out["View"]
	r.coach = c
	out["Single"] = r
	return out
}

// crudCatalogReadsOwnWrites changes every kind of cached row after it
// was read (so that a cache holds it) and checks the next reads.
func crudCatalogReadsOwnWrites(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	pack := &core.Package{CoachID: w.coach.ID, Name: "Ten", Credits: 10, Price: core.Money{Amount: 9000, Currency: "EUR"},
		ValidityDays: 90, TypeIDs: []int64{w.typ.ID}, DeductAt: core.DeductAtBooking}
	avail := core.DefaultAvailability("Europe/Paris")
	avail.CoachID = w.coach.ID
	avail.Exceptions = []core.Exception{{Date: "2026-04-01", Extra: []core.TimeRange{{Start: 600, End: 660}}}}
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreatePackage(pack); err != nil {
			return err
		}
		return tx.PutAvailability(&avail)
	})
	for name, r := range readCatalogEvery(t, s, w, pack.ID) { // fills any cache
		crudEqual(t, name+": coach name", r.coach.Name, "Bruno")
	}

	// A value handed out is the caller's: changing it changes no later read.
	crudUpdate(t, s, func(tx core.Tx) error {
		r := readCatalog(t, tx, w, pack.ID)
		r.coach.Name, r.coach.Policy.ReminderOffsets[0] = "changed", time.Minute
		r.coaches[0].Name = "changed"
		r.typ.Name, r.detailed.Name, r.details.Name = "changed", "changed", "changed"
		r.types[0].Name = "changed"
		r.pack.Name, r.pack.TypeIDs[0] = "changed", 0
		r.packs[0].TypeIDs[0] = 0
		r.avail.Weekly[time.Monday][0].Start = 0
		r.avail.Exceptions[0].Extra[0].Start = 0
		return nil
	})
	for name, r := range readCatalogEvery(t, s, w, pack.ID) {
		crudEqual(t, name+": coach", r.coach.Name, "Bruno")
		crudEqual(t, name+": reminders", r.coach.Policy.ReminderOffsets, core.DefaultPolicy().ReminderOffsets)
		crudEqual(t, name+": coaches", r.coaches[0].Name, "Bruno")
		crudEqual(t, name+": type", r.typ.Name, "Standard session")
		crudEqual(t, name+": details", []string{r.detailed.Name, r.details.Name}, []string{"Standard session", "Bruno"})
		crudEqual(t, name+": types", r.types[0].Name, "Standard session")
		crudEqual(t, name+": package", []any{r.pack.Name, r.pack.TypeIDs}, []any{"Ten", []int64{w.typ.ID}})
		crudEqual(t, name+": packages", r.packs[0].TypeIDs, []int64{w.typ.ID})
		crudEqual(t, name+": weekly hours", r.avail.Weekly[time.Monday][0].Start, 9*60)
		crudEqual(t, name+": extra hours", r.avail.Exceptions[0].Extra[0].Start, 600)
	}

	// Inside the writing transaction, the writes are read back at once.
	crudUpdate(t, s, func(tx core.Tx) error {
		readCatalog(t, tx, w, pack.ID)
		change(t, tx, w, pack.ID, "Carla", "Long session", "Twenty")
		r := readCatalog(t, tx, w, pack.ID)
		checkChanged(t, "in the transaction", r, "Carla", "Long session", "Twenty")
		return nil
	})
	// And after it, in every kind of transaction.
	for name, r := range readCatalogEvery(t, s, w, pack.ID) {
		checkChanged(t, name+" after the commit", r, "Carla", "Long session", "Twenty")
	}

	// A transaction that fails leaves what was read before it.
	oops := errors.New("oops")
	err := s.Update(context.Background(), func(tx core.Tx) error {
		change(t, tx, w, pack.ID, "Dora", "Short session", "Five")
		checkChanged(t, "before the rollback", readCatalog(t, tx, w, pack.ID), "Dora", "Short session", "Five")
		return oops
	})
	if !errors.Is(err, oops) {
		t.Fatalf("failed update: %v", err)
	}
	for name, r := range readCatalogEvery(t, s, w, pack.ID) {
		checkChanged(t, name+" after the rollback", r, "Carla", "Long session", "Twenty")
	}

	// A single statement's write is read back too.
	if err := s.Single(context.Background(), func(tx core.Tx) error {
		c := *w.coach
		c.Name = "Eva"
		return tx.UpdateCoach(&c)
	}); err != nil {
		t.Fatal(err)
	}
	for name, r := range readCatalogEvery(t, s, w, pack.ID) {
		crudEqual(t, name+" after a single statement", r.coach.Name, "Eva")
	}

	// New rows join the lists.
	var added *core.SessionType
	crudUpdate(t, s, func(tx core.Tx) error {
		added = &core.SessionType{CoachID: w.coach.ID, Name: "Added", Duration: time.Hour, Online: true, Capacity: 1}
		if err := tx.CreateSessionType(added); err != nil {
			return err
		}
		if err := tx.CreateCoach(&core.Coach{Name: "Farid", Zone: "UTC", Policy: core.DefaultPolicy(), Created: crudAt(0)}); err != nil {
			return err
		}
		return tx.CreatePackage(&core.Package{CoachID: w.coach.ID, Name: "Two", Credits: 2, ValidityDays: 30,
			DeductAt: core.DeductAtBooking})
	})
	for name, r := range readCatalogEvery(t, s, w, pack.ID) {
		crudEqual(t, name+": types listed", len(r.types), 2)
		crudEqual(t, name+": coaches listed", len(r.coaches), 2)
		crudEqual(t, name+": packages listed", len(r.packs), 2)
	}

	// A coach without rules has none, however often asked, until some are
	// put.
	farid := r0(t, s).coaches[1]
	for range 2 {
		if err := s.Browse(context.Background(), func(tx core.Tx) error {
			_, err := tx.Availability(farid.ID)
			return err
		}); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("rules of a coach without any: %v, want %s", err, core.ENOTFOUND)
		}
	}
	rules := core.DefaultAvailability("UTC")
	rules.CoachID = farid.ID
	crudUpdate(t, s, func(tx core.Tx) error { return tx.PutAvailability(&rules) })
	if err := s.Browse(context.Background(), func(tx core.Tx) error {
		a, err := tx.Availability(farid.ID)
		if err == nil && a.Zone != "UTC" {
			t.Errorf("rules put: %+v", a)
		}
		return err
	}); err != nil {
		t.Fatalf("rules once put: %v", err)
	}
}

// r0 reads the coaches in a View.
func r0(t *testing.T, s core.Store) catalogRead {
	t.Helper()
	var r catalogRead
	crudView(t, s, func(tx core.Tx) (err error) {
		r.coaches, err = tx.Coaches()
		return err
	})
	return r
}

// change renames w's coach, type and the package and moves the weekly
// hours, in tx.
func change(t *testing.T, tx core.Tx, w *crudWorld, packID int64, coach, typ, pack string) {
	t.Helper()
	c := *w.coach
	c.Name = coach
	st := *w.typ
	st.Name = typ
	p, err := tx.Package(packID)
	if err != nil {
		t.Fatal(err)
	}
	p.Name = pack
	a, err := tx.Availability(w.coach.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Weekly[time.Monday] = []core.TimeRange{{Start: len(coach) * 60, End: 17 * 60}}
	for _, err := range []error{tx.UpdateCoach(&c), tx.UpdateSessionType(&st), tx.UpdatePackage(p), tx.PutAvailability(a)} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// checkChanged checks that r reads what change wrote.
func checkChanged(t *testing.T, when string, r catalogRead, coach, typ, pack string) {
	t.Helper()
	crudEqual(t, when+": coach", r.coach.Name, coach)
	crudEqual(t, when+": coaches", r.coaches[0].Name, coach)
	crudEqual(t, when+": type", r.typ.Name, typ)
	crudEqual(t, when+": details", []string{r.detailed.Name, r.details.Name}, []string{typ, coach})
	crudEqual(t, when+": types", r.types[0].Name, typ)
	crudEqual(t, when+": package", r.pack.Name, pack)
	crudEqual(t, when+": packages", r.packs[0].Name, pack)
	crudEqual(t, when+": weekly hours", r.avail.Weekly[time.Monday][0].Start, len(coach)*60)
}
