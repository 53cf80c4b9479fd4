package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Progress tracking: only a client's coach turns it on; the client logs
// plausible values only while it is on; the history reads newest first,
// for the client and their coach, never for another coach.
func testProgress(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria, _ := f.withPass("Maria", f.pack)
	stranger := f.client("Noah")
	bob := &core.Coach{Name: "Bob", Zone: "Europe/Paris"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, bob))

	_, err := f.svc.Coaching.LogMeasurement(f.ctx, maria.ID, core.MeasureWeight, 72.5)
	expectCode(t, err, core.EUNAUTHORIZED)
	expectCode(t, f.svc.Coaching.EnableProgress(f.ctx, f.coach.ID, stranger.ID, true), core.EUNAUTHORIZED)
	expectCode(t, f.svc.Coaching.EnableProgress(f.ctx, bob.ID, maria.ID, true), core.EUNAUTHORIZED)
	expectCode(t, f.svc.Coaching.EnableProgress(f.ctx, f.coach.ID, 99999, true), core.ENOTFOUND)
	f.must(f.svc.Coaching.EnableProgress(f.ctx, f.coach.ID, maria.ID, true))
	f.must(f.svc.Coaching.EnableProgress(f.ctx, f.coach.ID, maria.ID, true)) // twice is once

	m1, err := f.svc.Coaching.LogMeasurement(f.ctx, maria.ID, core.MeasureWeight, 72.504)
	f.must(err)
	if m1.ID == 0 || m1.Value != 72.5 || !m1.At.Equal(T0) {
		t.Fatalf("measurement = %+v", m1)
	}
	f.clock.Advance(7 * 24 * time.Hour)
	_, err = f.svc.Coaching.LogMeasurement(f.ctx, maria.ID, core.MeasureWeight, 71.8)
	f.must(err)
	_, err = f.svc.Coaching.LogMeasurement(f.ctx, maria.ID, core.MeasureWaist, 80)
	f.must(err)
	for _, bad := range []struct {
		kind  core.MeasurementKind
		value float64
	}{{core.MeasureWeight, 725}, {core.MeasureWaist, 0}, {"shoe", 42}, {core.MeasureBodyFat, -3}} {
		_, err := f.svc.Coaching.LogMeasurement(f.ctx, maria.ID, bad.kind, bad.value)
		expectCode(t, err, core.EINVALID)
	}

	p, err := f.svc.Coaching.Measurements(f.ctx, 0, maria.ID, 0)
	f.must(err)
	if !p.Enabled() || !p.EnabledBy(f.coach.ID) || p.EnabledBy(bob.ID) || len(p.Measurements) != 3 {
		t.Fatalf("progress = %+v", p)
	}
	if p.Measurements[0].Kind != core.MeasureWaist || p.Measurements[1].Value != 71.8 || p.Measurements[2].ID != m1.ID {
		t.Fatalf("not newest first: %+v %+v %+v", p.Measurements[0], p.Measurements[1], p.Measurements[2])
	}
	seen, err := f.svc.Coaching.Measurements(f.ctx, f.coach.ID, maria.ID, 2)
	f.must(err)
	if len(seen.Measurements) != 2 {
		t.Fatalf("coach sees %d", len(seen.Measurements))
	}
	_, err = f.svc.Coaching.Measurements(f.ctx, bob.ID, maria.ID, 0)
	expectCode(t, err, core.EUNAUTHORIZED)

	found, err := f.svc.Coaching.ProgressClients(f.ctx, f.coach.ID, "mar", 10)
	f.must(err)
	if len(found) != 1 || found[0].ID != maria.ID {
		t.Fatalf("search found %+v", found)
	}
	if found, _ := f.svc.Coaching.ProgressClients(f.ctx, f.coach.ID, "noah", 10); len(found) != 0 {
		t.Fatal("a stranger is not the coach's client")
	}

	// Turned off: the history stays, new values are refused.
	f.must(f.svc.Coaching.EnableProgress(f.ctx, f.coach.ID, maria.ID, false))
	_, err = f.svc.Coaching.LogMeasurement(f.ctx, maria.ID, core.MeasureWeight, 71)
	expectCode(t, err, core.EUNAUTHORIZED)
	p, err = f.svc.Coaching.Measurements(f.ctx, 0, maria.ID, 0)
	f.must(err)
	if p.Enabled() || len(p.Measurements) != 3 {
		t.Fatalf("after off: %+v", p)
	}
}
