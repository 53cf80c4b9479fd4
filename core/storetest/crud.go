package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Every package-level name in crud.go and crud_*.go starts with crud, so
// the service tests written beside them never collide with them.

// crudCases check that every core.Tx method stores and returns what it is
// given, and that the schema refuses what the domain forbids.
func crudCases() []testCase {
	return []testCase{
		{"client profile round-trips and is found by name, email or phone", crudClients},
		{"chat accounts are upserted and listed by client", crudAccounts},
		{"coach policy round-trips with durations and reminder list", crudCoaches},
		{"session types round-trip and list per coach", crudSessionTypes},
		{"sessions round-trip in UTC and filter by coach, type, time and status", crudSessions},
		{"bookings round-trip with zero ids as NULL and filter by status and start", crudBookings},
		{"a client holds one live booking per session", crudOneActiveBooking},
		{"packages round-trip with their session type list", crudPackages},
		{"passes list by expiry and refuse negative credits", crudPasses},
		{"pass ledger entries are listed per pass", crudPassEntries},
		{"payments round-trip and filter by client, booking, status and refund", crudPayments},
		{"rows read ahead are what their reads find without it", testReadAhead},
		{"notices filter and withdraw only pending ones of that booking and kinds", crudNotices},
		{"audit trail lists a booking's changes in order", crudAudit},
		{"missing rows are not found", crudNotFound},
		{"references to missing rows are refused", crudMissingReference},
		{"a failed update leaves nothing behind and a view can neither write nor lock", crudTransactions},
		{"clients racing for the last seat are let in one at a time", crudLockSession},
		{"seats taken and a client's live booking, with the seats kept on the session through every change", crudSeats},
		{"usable passes are the unexpired ones with credits, with reservations", crudUsablePasses},
		{"seats and usable passes read with the lock answer as apart", crudSeatsAndPasses},
		{"locking a session to book reads its coach and checks the client", crudLockSessionToBook},
		{"updates of a locked pass are read back, last one wins, negative refused", crudHeldPassUpdates},
		{"a known sender arrives in one statement, as Person and Conversation read", crudArriveKnown},
		{"a first contact stores the client and account, and nothing for a known account", crudFirstContact},
		{"a single statement runs as its own transaction", crudSingle},
		{"a browse reads what is committed and can neither write nor lock", crudBrowse},
		{"a session's and a type's details are the session, its type and coach as read apart", crudSessionDetails},
		{"locking the session of a booking reads it with its type and coach", crudLockSessionOf},
		{"coach calendars round-trip, list, update and go with their busy times", crudCalendars},
		{"a coach reads one calendar address once", crudCalendarSameURL},
		{"busy times are the scheduled sessions and calendar busy times overlapping the window", crudBusyTimes},
		{"a coach has one agenda feed token at a time", crudCoachFeedTokens},
		{"the catalog reads its own writes, in and after the transaction, whatever the store keeps in memory", crudCatalogReadsOwnWrites},
	}
}

// crudAt is a moment in the suite's calendar: hours after a start just before
// Europe's spring DST change, given in a non-UTC zone with nanoseconds so
// a store must normalise it.
func crudAt(hours float64) time.Time {
	start := time.Date(2026, 3, 29, 2, 30, 0, 123456789, time.FixedZone("CET", 3600))
	return start.Add(time.Duration(hours * float64(time.Hour)))
}

// crudUpdate runs fn in s.Update and fails the test on error.
func crudUpdate(t *testing.T, s core.Store, fn func(tx core.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("update: %v", err)
	}
}

// crudView runs fn in s.View and fails the test on error.
func crudView(t *testing.T, s core.Store, fn func(tx core.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("view: %v", err)
	}
}

// crudMust fails the test when err is not nil and returns v.
func crudMust[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// crudEqual fails the test when got and want differ.
func crudEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, crudShow(got), crudShow(want))
	}
}

// crudShow prints values and the values behind pointers and slices of them.
func crudShow(v any) string {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if !rv.IsNil() {
			return fmt.Sprintf("&%+v", rv.Elem().Interface())
		}
	case reflect.Slice:
		s := "["
		for i := 0; i < rv.Len(); i++ {
			s += "\n  " + crudShow(rv.Index(i).Interface())
		}
		return s + "]"
	}
	return fmt.Sprintf("%+v", v)
}

// crudWantCode fails the test unless err carries the core error code.
func crudWantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := core.ErrorCode(err); got != code {
		t.Fatalf("error code %q, want %q (err: %v)", got, code, err)
	}
}

// crudStored is how a value reads back: times in UTC to the microsecond.
func crudStored(t time.Time) time.Time { return core.DBTime(t) }

// crudWorld is the smallest calendar: one client, one coach with a 1:1
// session type and one session tomorrow.
type crudWorld struct {
	client  *core.Client
	coach   *core.Coach
	typ     *core.SessionType
	session *core.Session
}

func crudNewWorld(t *testing.T, s core.Store) *crudWorld {
	t.Helper()
	w := &crudWorld{
		client: &core.Client{Name: "Ana", Zone: "Europe/Lisbon", Language: "pt", Created: crudAt(0)},
		coach:  &core.Coach{Name: "Bruno", Zone: "Europe/Paris", Policy: core.DefaultPolicy(), Created: crudAt(0)},
	}
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreateClient(w.client); err != nil {
			return err
		}
		if err := tx.CreateCoach(w.coach); err != nil {
			return err
		}
		w.typ = &core.SessionType{CoachID: w.coach.ID, Name: "Standard session", Duration: time.Hour,
			Price: core.Money{Amount: 4500, Currency: "EUR"}, Online: true, Capacity: 1}
		if err := tx.CreateSessionType(w.typ); err != nil {
			return err
		}
		w.session = crudNewSession(w, crudAt(24), 1)
		return tx.CreateSession(w.session)
	})
	return w
}

// crudNewSession is an unsaved session of w's type at start.
func crudNewSession(w *crudWorld, start time.Time, capacity int) *core.Session {
	return &core.Session{CoachID: w.coach.ID, TypeID: w.typ.ID, Start: start, End: start.Add(time.Hour),
		Capacity: capacity, Mode: core.ModeOnline, Price: w.typ.Price, Status: core.SessionScheduled,
		Created: crudAt(0)}
}

// crudNewClient stores another client.
func crudNewClient(t *testing.T, s core.Store, name string) *core.Client {
	t.Helper()
	c := &core.Client{Name: name, Created: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateClient(c) })
	return c
}

// crudNewBooking is an unsaved booking of a client in a session.
func crudNewBooking(sessionID, clientID int64, status core.BookingStatus) *core.Booking {
	return &core.Booking{SessionID: sessionID, ClientID: clientID, Status: status, Created: crudAt(1), Updated: crudAt(1)}
}

// crudNewPass is an unsaved pass of w's client with credits, expiring at exp.
func crudNewPass(w *crudWorld, credits int, exp time.Time) *core.Pass {
	return &core.Pass{ClientID: w.client.ID, CoachID: w.coach.ID, Name: "10 sessions", Credits: credits,
		CreditsLeft: credits, DeductAt: core.DeductAtBooking, Expires: exp, Source: "manual", Created: crudAt(0)}
}

// crudWithoutIDs checks that rows written behind (AddAudit, AddNotice,
// AddPassEntry set no ID) got positive IDs in insertion order, and returns
// copies with the IDs cleared so they compare with what was added.
func crudWithoutIDs[T any](t *testing.T, list []*T) []*T {
	t.Helper()
	out := make([]*T, len(list))
	var last int64
	for i, p := range list {
		c := *p
		f := reflect.ValueOf(&c).Elem().FieldByName("ID")
		if f.Int() <= last {
			t.Fatalf("row %d has ID %d after %d: not in insertion order", i, f.Int(), last)
		}
		last = f.Int()
		f.SetInt(0)
		out[i] = &c
	}
	return out
}
