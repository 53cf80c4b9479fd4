package storetest

// Service cases for 1:1 coaches booked from open slots (core/slotbook*.go):
// availability rules, open slots across zones, booking a slot and racing
// for one. Moving and recurring bookings are in slots_move.go. Every
// package-level name here starts with slot or testSlot.

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// slotZone loads an IANA zone.
func slotZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := core.LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// slotAt reads a wall time "2006-01-02 15:04" in loc.
func slotAt(t *testing.T, loc *time.Location, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// slotRange reads "09:00-17:00".
func slotRange(t *testing.T, s string) core.TimeRange {
	t.Helper()
	r, err := core.ParseTimeRange(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// slotShow renders times as a client reads them: layout in loc.
func slotShow(ts []time.Time, loc *time.Location, layout string) []string {
	out := make([]string, len(ts))
	for i, at := range ts {
		out[i] = at.In(loc).Format(layout)
	}
	return out
}

// slotEqual fails the test when got and want differ.
func slotEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %v\nwant %v", what, got, want)
	}
}

// slotTaken asserts err is the ECONFLICT of a time that is not open, with
// the given message, and returns it for its alternatives.
func slotTaken(t *testing.T, err error, msg string) *core.SlotTakenError {
	t.Helper()
	expectCode(t, err, core.ECONFLICT)
	var taken *core.SlotTakenError
	if !errors.As(err, &taken) {
		t.Fatalf("%v is not a *core.SlotTakenError", err)
	}
	if got := core.ErrorMessage(err); got != msg {
		t.Fatalf("message %q, want %q", got, msg)
	}
	return taken
}

// slotClient registers a client living in zone.
func (f *fixture) slotClient(name, zone string) *core.Client {
	f.t.Helper()
	c := &core.Client{Name: name, Zone: zone, Language: "en"}
	f.must(f.svc.Accounts.CreateClient(f.ctx, c))
	f.clients = append(f.clients, c.ID)
	return c
}

// slotSession reads a session back from the store.
func (f *fixture) slotSession(id int64) *core.Session {
	f.t.Helper()
	var s *core.Session
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { s, err = tx.Session(id); return }))
	return s
}

// slotOpen lists the open slots of Ana's type in [from, to).
func (f *fixture) slotOpen(typ *core.SessionType, from, to time.Time) []time.Time {
	f.t.Helper()
	slots, err := f.svc.Slots.OpenSlots(f.ctx, f.coach.ID, typ.ID, from, to)
	f.must(err)
	return slots
}

// slotSessionsAt lists the coach's scheduled sessions starting at start.
func (f *fixture) slotSessionsAt(coachID int64, start time.Time) []*core.Session {
	f.t.Helper()
	var ss []*core.Session
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) {
		ss, err = tx.Sessions(core.SessionFilter{CoachID: coachID, From: start, To: start.Add(time.Second)})
		return
	}))
	return ss
}

// A coach in Los Angeles works Tuesday mornings. Kenji in Tokyo sees them
// as Wednesday small hours, books one, and the session is stored in UTC;
// the coach reads it as Tuesday 10:00 in her own zone.
func testSlotsAcrossZones(t *testing.T, open Opener) {
	f := newFixture(t, open)
	la, tokyo := slotZone(t, "America/Los_Angeles"), slotZone(t, "Asia/Tokyo")
	lena := &core.Coach{Name: "Lena", Zone: "America/Los_Angeles"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, lena))
	call := &core.SessionType{CoachID: lena.ID, Name: "Career call", Duration: time.Hour, Online: true, VideoLink: "https://meet.example/lena", Capacity: 1}
	f.must(f.svc.Catalog.CreateSessionType(f.ctx, call))
	rules := core.DefaultAvailability("") // read in the coach's zone
	rules.Weekly = [7][]core.TimeRange{time.Tuesday: {slotRange(t, "09:00-11:00")}}
	rules.Step = time.Hour
	f.must(f.svc.Slots.SetAvailability(f.ctx, lena.ID, rules))
	kenji := f.slotClient("Kenji", "Asia/Tokyo")

	// The day picker: Lena's Tuesdays are Kenji's Wednesdays.
	days, err := f.svc.Slots.OpenDays(f.ctx, lena.ID, call.ID, T0, T0.AddDate(0, 0, 9), tokyo)
	f.must(err)
	slotEqual(t, "open days in Tokyo", days, []string{"2026-06-03", "2026-06-10"})
	days, err = f.svc.Slots.OpenDays(f.ctx, lena.ID, call.ID, T0, T0.AddDate(0, 0, 9), la)
	f.must(err)
	slotEqual(t, "open days in Los Angeles", days, []string{"2026-06-02", "2026-06-09"})

	// Kenji opens Wednesday 3 June in his calendar.
	wed := slotAt(t, tokyo, "2026-06-03 00:00")
	slots, err := f.svc.Slots.OpenSlots(f.ctx, lena.ID, call.ID, wed, wed.AddDate(0, 0, 1))
	f.must(err)
	slotEqual(t, "slots Kenji sees", slotShow(slots, tokyo, "Mon 2 Jan 15:04 MST"), []string{"Wed 3 Jun 01:00 JST", "Wed 3 Jun 02:00 JST"})
	slotEqual(t, "slots in UTC", slotShow(slots, time.UTC, time.RFC3339), []string{"2026-06-02T16:00:00Z", "2026-06-02T17:00:00Z"})

	// He taps 02:00, as his chat shows it.
	res, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: kenji.ID, CoachID: lena.ID, TypeID: call.ID, Start: slots[1].In(tokyo)})
	f.must(err)
	if res.Booking.Status != core.BookingConfirmed || res.Booking.ClientID != kenji.ID {
		t.Fatalf("booking = %+v", res.Booking)
	}
	sess := f.slotSession(res.Booking.SessionID)
	slotEqual(t, "stored start", sess.Start.String(), "2026-06-02 17:00:00 +0000 UTC")
	slotEqual(t, "stored end", sess.End.String(), "2026-06-02 18:00:00 +0000 UTC")
	slotEqual(t, "Kenji's reminder of it", sess.Start.In(tokyo).Format("Mon 2 Jan 15:04 MST"), "Wed 3 Jun 02:00 JST")
	slotEqual(t, "Lena's agenda", sess.Start.In(la).Format("Mon 2 Jan 15:04 MST"), "Tue 2 Jun 10:00 PDT")
	if sess.CoachID != lena.ID || sess.Capacity != 1 || sess.Mode != core.ModeOnline || sess.Link != "https://meet.example/lena" {
		t.Fatalf("session = %+v", sess)
	}

	// Only 01:00 is left that Wednesday.
	slots, err = f.svc.Slots.OpenSlots(f.ctx, lena.ID, call.ID, wed, wed.AddDate(0, 0, 1))
	f.must(err)
	slotEqual(t, "slots after booking", slotShow(slots, tokyo, "15:04"), []string{"01:00"})
}

// Booking a slot creates the 1:1 session and the booking together, paid
// like any booking; a refused one leaves no session behind.
func testBookSlot(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	maria, pass := f.withPass("Maria", f.pack)
	noah := f.client("Noah")
	eve := f.client("Eve")
	passOnly := &core.SessionType{CoachID: f.coach.ID, Name: "Pass-only coaching", Duration: time.Hour, CreditCost: 1, Online: true, Capacity: 1}
	old := &core.SessionType{CoachID: f.coach.ID, Name: "Old format", Duration: time.Hour, Online: true, Capacity: 1}
	f.must(f.svc.Catalog.CreateSessionType(f.ctx, passOnly))
	f.must(f.svc.Catalog.CreateSessionType(f.ctx, old))
	old.Retired = true
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error { return tx.UpdateSessionType(old) }))
	ben := &core.Coach{Name: "Ben", Zone: "Europe/London"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, ben))

	// Maria holds a pass: Tuesday 10:00 online is confirmed and charged.
	tue10 := slotAt(t, paris, "2026-06-02 10:00")
	res, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: tue10, Mode: core.ModeOnline})
	f.must(err)
	b := f.booking(res.Booking.ID)
	if b.Status != core.BookingConfirmed || b.PassID != pass.ID || !b.Charged || res.Pass == nil || res.Payment != nil {
		t.Fatalf("Maria's booking = %+v", b)
	}
	if got := f.pass(pass.ID).CreditsLeft; got != 9 {
		t.Fatalf("credits left = %d, want 9", got)
	}
	sess := f.slotSession(b.SessionID)
	if !sess.Start.Equal(tue10) || !sess.End.Equal(tue10.Add(time.Hour)) || sess.Capacity != 1 || sess.TypeID != f.paid.ID ||
		sess.Mode != core.ModeOnline || sess.Link != "https://meet.example/ana" || sess.Price != f.paid.Price || sess.Status != core.SessionScheduled {
		t.Fatalf("Maria's session = %+v", sess)
	}
	if kinds := f.noticeKinds(maria.ID); !contains(kinds, string(core.NoticeBooked)) {
		t.Fatalf("Maria was not told: %v", kinds)
	}
	if n := f.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachBooked, BookingID: b.ID}); len(n) != 1 {
		t.Fatalf("coach told %d times", len(n))
	}

	// Noah has no pass: his seat is held until he pays EUR 50.
	res, err = f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: noah.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: slotAt(t, paris, "2026-06-02 11:00")})
	f.must(err)
	if res.Booking.Status != core.BookingPendingPayment || res.Payment == nil || res.Payment.Amount != f.paid.Price {
		t.Fatalf("Noah's booking = %+v, payment %+v", res.Booking, res.Payment)
	}

	for _, tc := range []struct {
		name, code, msg string
		req             core.BookSlotRequest
	}{
		{"PassOnlyWithoutPass", core.EINVALID, "", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: passOnly.ID, Start: slotAt(t, paris, "2026-06-03 10:00")}},
		{"SomeoneElsesPass", core.EUNAUTHORIZED, "", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: slotAt(t, paris, "2026-06-03 10:00"), PassID: pass.ID}},
		{"RetiredType", core.EINVALID, "“Old format” is no longer offered.", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: old.ID, Start: slotAt(t, paris, "2026-06-03 10:00")}},
		{"GroupClass", core.EINVALID, "", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: f.class.ID, Start: slotAt(t, paris, "2026-06-03 10:00")}},
		{"AnotherCoachsType", core.EINVALID, "", core.BookSlotRequest{ClientID: eve.ID, CoachID: ben.ID, TypeID: f.paid.ID, Start: slotAt(t, paris, "2026-06-03 10:00")}},
		{"NotOfferedInPerson", core.EINVALID, "", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: slotAt(t, paris, "2026-06-03 10:00"), Mode: core.ModeInPerson}},
		{"Taken", core.ECONFLICT, "That time was just taken.", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: slotAt(t, paris, "2026-06-02 10:30")}},
		{"Saturday", core.ECONFLICT, "That time is not open for booking.", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: slotAt(t, paris, "2026-06-06 10:00")}},
		{"TooSoon", core.ECONFLICT, "That time is not open for booking.", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: slotAt(t, paris, "2026-06-01 16:00")}},
		{"NoSuchClient", core.ENOTFOUND, "", core.BookSlotRequest{ClientID: 999999, CoachID: f.coach.ID, TypeID: f.free.ID, Start: slotAt(t, paris, "2026-06-03 10:00")}},
		{"NoSuchType", core.ENOTFOUND, "", core.BookSlotRequest{ClientID: eve.ID, CoachID: f.coach.ID, TypeID: 999999, Start: slotAt(t, paris, "2026-06-03 10:00")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.svc.Slots.BookSlot(f.ctx, tc.req)
			expectCode(t, err, tc.code)
			if tc.msg != "" && core.ErrorMessage(err) != tc.msg {
				t.Fatalf("message %q, want %q", core.ErrorMessage(err), tc.msg)
			}
			if after := f.snapshot(); after != before {
				t.Fatalf("a refused slot booking changed rows:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
	// Listing the open slots refuses the same choices with the same words.
	week := slotAt(t, paris, "2026-06-01 00:00")
	for _, tc := range []struct {
		name, code, msg string
		coach, typ      int64
	}{
		{"RetiredType", core.EINVALID, "“Old format” is no longer offered.", f.coach.ID, old.ID},
		{"GroupClass", core.EINVALID, "", f.coach.ID, f.class.ID},
		{"AnotherCoachsType", core.EINVALID, "That session type is not offered by this coach.", ben.ID, f.paid.ID},
		{"NoSuchType", core.ENOTFOUND, "Session type not found.", f.coach.ID, 999999},
		{"NoSuchCoach", core.ENOTFOUND, "Coach not found.", 999999, f.paid.ID},
	} {
		t.Run("OpenSlots"+tc.name, func(t *testing.T) {
			_, err := f.svc.Slots.OpenSlots(f.ctx, tc.coach, tc.typ, week, week.AddDate(0, 0, 7))
			expectCode(t, err, tc.code)
			if tc.msg != "" && core.ErrorMessage(err) != tc.msg {
				t.Fatalf("message %q, want %q", core.ErrorMessage(err), tc.msg)
			}
		})
	}
}

// testSlotWithConversation: a booking made from a chat stores the end of
// its flow in the same transaction. Five taps of the same Confirm at once
// book one slot and store one step; the taps that lost are told their
// step was taken and change nothing, nor does a taken time, whose
// refusal leaves the step where it was.
func testSlotWithConversation(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	maria := f.client("Maria")
	flow := &core.Conversation{Platform: "telegram", UserID: "42", Flow: "book", Step: 1,
		Data: map[string]string{"at": "x"}, Updated: T0}
	f.must(f.svc.Accounts.PutConversation(f.ctx, flow))
	end := func() *core.Conversation {
		return &core.Conversation{Platform: "telegram", UserID: "42", Step: 2, Data: map[string]string{}, Updated: T0}
	}
	const taps = 5
	errs := make([]error, taps)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range taps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: f.coach.ID, TypeID: f.free.ID,
				Start: slotAt(t, paris, fmt.Sprintf("2026-06-03 1%d:00", i)), Conversation: end()})
		}()
	}
	close(start)
	wg.Wait()
	booked := 0
	for i, err := range errs {
		switch {
		case err == nil:
			booked++
		case !core.IsStepTaken(err):
			t.Fatalf("tap %d: %v, want booked or its step taken", i, err)
		}
	}
	if bs := f.bookings(core.BookingFilter{ClientID: maria.ID}); booked != 1 || len(bs) != 1 {
		t.Fatalf("%d taps booked, %d bookings stored; want 1 and 1", booked, len(bs))
	}
	var stored *core.Conversation
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { stored, err = tx.Conversation("telegram", "42"); return err }))
	if stored.Flow != "" || stored.Step != 2 || len(stored.Data) != 0 {
		t.Fatalf("conversation after the booking = %+v, want idle at step 2", stored)
	}

	noah := f.client("Noah")
	before := f.snapshot()
	next := &core.Conversation{Platform: "telegram", UserID: "42", Step: 3, Data: map[string]string{}, Updated: T0}
	_, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: noah.ID, CoachID: f.coach.ID, TypeID: f.free.ID,
		Start: slotAt(t, paris, "2026-06-06 10:00"), Conversation: next})
	expectCode(t, err, core.ECONFLICT)
	if core.IsStepTaken(err) {
		t.Fatalf("a Saturday refused as a step taken: %v", err)
	}
	if after := f.snapshot(); after != before {
		t.Fatalf("a refused booking changed rows:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { stored, err = tx.Conversation("telegram", "42"); return err }))
	if stored.Step != 2 {
		t.Fatalf("a refused booking stored its conversation: %+v", stored)
	}
}

// 50 clients tap the same Wednesday 10:00 at once: one session, one
// booking; the 49 others hear it was just taken and get times that are
// really still open.
func testSlotRace(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	const racers = 50
	people := make([]*core.Client, racers)
	for i := range people {
		people[i] = f.client(fmt.Sprintf("Client %d", i))
	}
	wed10 := slotAt(t, paris, "2026-06-03 10:00")
	start := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]*core.BookResult, racers)
	errs := make([]error, racers)
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: people[i].ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: wed10})
		}()
	}
	close(start)
	wg.Wait()

	open14 := f.slotOpen(f.free, T0, T0.AddDate(0, 0, 15))
	var winner *core.BookResult
	for i, err := range errs {
		if err == nil {
			if winner != nil {
				t.Fatalf("clients %d and %d both got the slot", winner.Booking.ClientID, people[i].ID)
			}
			winner = results[i]
			continue
		}
		taken := slotTaken(t, err, "That time was just taken.")
		if len(taken.Alternatives) == 0 {
			t.Fatalf("client %d got no alternatives", i)
		}
		for _, alt := range taken.Alternatives {
			if !slices.ContainsFunc(open14, alt.Equal) {
				t.Fatalf("alternative %s is not open", alt)
			}
		}
		// The next times after 10:00 that day, nearest first.
		slotEqual(t, "first alternatives", slotShow(taken.Alternatives[:2], paris, "Mon 15:04"), []string{"Wed 10:30", "Wed 11:00"})
	}
	if winner == nil {
		t.Fatal("nobody got the slot")
	}
	ss := f.slotSessionsAt(f.coach.ID, wed10)
	if len(ss) != 1 || ss[0].ID != winner.Booking.SessionID {
		t.Fatalf("%d sessions at 10:00, want the winner's one", len(ss))
	}
	if bs := f.bookings(core.BookingFilter{SessionID: ss[0].ID}); len(bs) != 1 || bs[0].Status != core.BookingConfirmed {
		t.Fatalf("bookings of the slot = %d", len(bs))
	}
	if n := len(f.bookings(core.BookingFilter{})); n != 1 {
		t.Fatalf("%d bookings in all, want 1", n)
	}
}

// Ana keeps 15 minutes free around every session. Her 11:00 class hides
// the slots that would end less than 15 minutes before it or start less
// than 15 minutes after; a booked slot disappears, its neighbours too; a
// cancelled class gives its time back.
func testSlotBuffersAndTakenSlots(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	rules := core.DefaultAvailability("Europe/Paris")
	rules.BufferBefore, rules.BufferAfter, rules.Step = 15*time.Minute, 15*time.Minute, 15*time.Minute
	f.must(f.svc.Slots.SetAvailability(f.ctx, f.coach.ID, rules))
	class := f.session(f.class, 25*time.Hour, 10) // Tuesday 11:00–12:00 in Paris
	slotEqual(t, "class start", class.Start.In(paris).Format("Mon 15:04"), "Tue 11:00")

	from, to := slotAt(t, paris, "2026-06-02 09:00"), slotAt(t, paris, "2026-06-02 13:00")
	morning := func() []string { return slotShow(f.slotOpen(f.free, from, to), paris, "15:04") }
	slotEqual(t, "half hours around the class", morning(),
		[]string{"09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "12:15", "12:30", "12:45"})

	maria := f.client("Maria")
	_, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: slotAt(t, paris, "2026-06-02 12:15")})
	f.must(err)
	slotEqual(t, "after Maria took 12:15", morning(), []string{"09:00", "09:15", "09:30", "09:45", "10:00", "10:15"})

	_, err = f.svc.Bookings.CancelSession(f.ctx, f.coach.ID, class.ID, "studio closed")
	f.must(err)
	slotEqual(t, "after the class was cancelled", morning(),
		[]string{"09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30"})
}

// A coach sets her hours; rules that cannot be applied are refused with a
// clear message and leave the stored ones as they were.
func testSetAvailability(t *testing.T, open Opener) {
	f := newFixture(t, open)
	got, err := f.svc.Slots.CoachAvailability(f.ctx, f.coach.ID)
	f.must(err)
	want := core.DefaultAvailability("Europe/Paris")
	want.CoachID = f.coach.ID
	slotEqual(t, "rules never set", got, &want)

	rules := core.Availability{Zone: "Europe/Paris", Step: 30 * time.Minute, MinNotice: 2 * time.Hour, Horizon: 14 * 24 * time.Hour,
		BufferAfter: 10 * time.Minute}
	rules.Weekly[time.Monday] = []core.TimeRange{slotRange(t, "08:00-12:00"), slotRange(t, "13:00-18:00")}
	rules.Weekly[time.Wednesday] = []core.TimeRange{slotRange(t, "14:00-20:00")}
	rules.Exceptions = []core.Exception{
		{Date: "2026-06-06", Extra: []core.TimeRange{slotRange(t, "10:00-12:00")}}, // a Saturday morning
		{Date: "2026-06-08", Off: true},                                            // a Monday off
	}
	f.must(f.svc.Slots.SetAvailability(f.ctx, f.coach.ID, rules))
	got, err = f.svc.Slots.CoachAvailability(f.ctx, f.coach.ID)
	f.must(err)
	rules.CoachID = f.coach.ID
	slotEqual(t, "stored rules", got, &rules)
	days, err := f.svc.Slots.OpenDays(f.ctx, f.coach.ID, f.free.ID, T0, T0.AddDate(0, 0, 10), slotZone(t, "Europe/Paris"))
	f.must(err)
	slotEqual(t, "open days", days, []string{"2026-06-01", "2026-06-03", "2026-06-06", "2026-06-10"})

	for _, tc := range []struct {
		name  string
		edit  func(a *core.Availability)
		words string
	}{
		{"UnknownZone", func(a *core.Availability) { a.Zone = "Mars/Olympus" }, `"Mars/Olympus" is not a time zone I know. Try a name such as Europe/Paris.`},
		{"Overlap", func(a *core.Availability) {
			a.Weekly[time.Friday] = []core.TimeRange{slotRange(t, "09:00-12:00"), slotRange(t, "11:00-13:00")}
		}, "Friday: 09:00–12:00 overlaps 11:00–13:00."},
		{"EndBeforeStart", func(a *core.Availability) { a.Weekly[time.Friday] = []core.TimeRange{{Start: 17 * 60, End: 9 * 60}} }, "Friday: 17:00–09:00 must end after it starts."},
		{"HorizonZero", func(a *core.Availability) { a.Horizon = 0 }, "The booking horizon must be longer than zero."},
		{"NegativeBuffer", func(a *core.Availability) { a.BufferBefore = -time.Minute }, "Buffers cannot be negative."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := rules // Weekly is an array: edits replace bad's day slices only
			tc.edit(&bad)
			err := f.svc.Slots.SetAvailability(f.ctx, f.coach.ID, bad)
			expectCode(t, err, core.EINVALID)
			slotEqual(t, "message", core.ErrorMessage(err), tc.words)
			got, err := f.svc.Slots.CoachAvailability(f.ctx, f.coach.ID)
			f.must(err)
			slotEqual(t, "rules after a refusal", got, &rules)
		})
	}
	expectCode(t, f.svc.Slots.SetAvailability(f.ctx, 999999, rules), core.ENOTFOUND)
	_, err = f.svc.Slots.CoachAvailability(f.ctx, 999999)
	expectCode(t, err, core.ENOTFOUND)
}

// Paris springs forward on Sunday 29 March 2026. Ana's 09:00 is 08:00 UTC
// on the Friday before and 07:00 UTC on the Monday after; a client booking
// Monday 09:00 gets a session stored at 07:00 UTC.
func testSlotAcrossDST(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	f.clock.Set(time.Date(2026, 3, 26, 8, 0, 0, 0, time.UTC)) // Thursday
	slots := f.slotOpen(f.free, slotAt(t, paris, "2026-03-27 00:00"), slotAt(t, paris, "2026-03-31 00:00"))
	perDay := map[string][]string{}
	for _, s := range slots {
		day := s.In(paris).Format("Mon 2 Jan")
		perDay[day] = append(perDay[day], s.Format("15:04Z"))
	}
	if fri, mon := perDay["Fri 27 Mar"], perDay["Mon 30 Mar"]; len(fri) != 16 || len(mon) != 16 || fri[0] != "08:00Z" || mon[0] != "07:00Z" ||
		fri[15] != "15:30Z" || mon[15] != "14:30Z" || len(perDay) != 2 {
		t.Fatalf("slots per day = %v", perDay)
	}

	lea := f.client("Léa")
	res, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: lea.ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: time.Date(2026, 3, 30, 9, 0, 0, 0, paris)})
	f.must(err)
	sess := f.slotSession(res.Booking.SessionID)
	slotEqual(t, "stored start", sess.Start.Format(time.RFC3339), "2026-03-30T07:00:00Z")
	slotEqual(t, "Léa's view", sess.Start.In(paris).Format("Mon 2 Jan 15:04 MST"), "Mon 30 Mar 09:00 CEST")
}
