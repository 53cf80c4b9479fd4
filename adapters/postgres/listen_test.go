package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/postgres"
	"github.com/slotbot/slotbot/adapters/postgres/pgtest"
	"github.com/slotbot/slotbot/core"
)

// waitTrusted waits until each store listens for the others' writes.
func waitTrusted(t *testing.T, stores ...*postgres.Store) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, s := range stores {
		for !s.CacheTrusted() {
			if time.Now().After(deadline) {
				t.Fatal("the store never listened for other replicas' writes")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// typeName reads session type id's name through s, and how many
// statements that took.
func typeName(t *testing.T, s *postgres.Store, id int64) (string, int64) {
	t.Helper()
	before := s.Statements()
	var st *core.SessionType
	if err := s.Browse(context.Background(), func(tx core.Tx) (err error) {
		st, err = tx.SessionType(id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return st.Name, s.Statements() - before
}

// seenWithin polls s until it reads name for type id, and says how long
// that took; it fails past limit.
func seenWithin(t *testing.T, s *postgres.Store, id int64, name string, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if got, _ := typeName(t, s, id); got == name {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("after %v the replica still reads the old name, want %q", limit, name)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// keptWithin polls s until it reads type id from memory (no statement),
// failing past limit.
func keptWithin(t *testing.T, s *postgres.Store, id int64, limit time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		if _, trips := typeName(t, s, id); trips == 0 {
			return
		}
		if time.Since(start) > limit {
			t.Fatalf("after %v the replica still reads the type from the database", limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestReplicaSeesCatalogWritesWithinASecond(t *testing.T) {
	dsn := pgtest.DSN(t)
	a := pgtest.OpenDSN(t, dsn)
	b := pgtest.OpenDSN(t, dsn) // another replica of the same studio
	waitTrusted(t, a, b)
	typ := &core.SessionType{Name: "Consultation", Duration: time.Hour, Online: true, Capacity: 1}
	if err := a.Update(context.Background(), func(tx core.Tx) error {
		co := &core.Coach{Name: "Bruno", Zone: "UTC", Policy: core.DefaultPolicy(), Created: time.Now()}
		if err := tx.CreateCoach(co); err != nil {
			return err
		}
		typ.CoachID = co.ID
		return tx.CreateSessionType(typ)
	}); err != nil {
		t.Fatal(err)
	}
	keptWithin(t, b, typ.ID, time.Second) // once the notices of the inserts have come

	// One replica's write.
	renamed := *typ
	renamed.Name = "Long consultation"
	if err := a.Update(context.Background(), func(tx core.Tx) error { return tx.UpdateSessionType(&renamed) }); err != nil {
		t.Fatal(err)
	}
	if name, _ := typeName(t, a, typ.ID); name != renamed.Name {
		t.Fatalf("the writer reads %q, want its own write", name)
	}
	t.Logf("the other replica saw the write after %v", seenWithin(t, b, typ.ID, renamed.Name, time.Second))
	keptWithin(t, b, typ.ID, time.Second)

	// A write by hand, outside any replica.
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE session_types SET name = 'Renamed by hand' WHERE id = $1`, typ.ID); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*postgres.Store{a, b} {
		seenWithin(t, s, typ.ID, "Renamed by hand", time.Second)
	}
}
