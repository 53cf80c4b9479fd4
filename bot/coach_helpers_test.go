package bot

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// Helpers for the coach admin conversation tests: a harness whose demo
// coach Ana is a chat user, a snapshot of every row an admin action can
// touch, and the notices the outbox holds, rendered as people get them.

// anaCoach is the demo coach as a chat user.
var anaCoach = user{"ana", "Ana", "en"}

// newCoachHarness is a harness where "ana" is the demo coach, onboarded
// in Paris, and "olga" an owner.
func newCoachHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.bot = New(h.svc, Options{Owners: []string{"test:olga"}})
	h.onboard(anaCoach)
	h.acctMakeCoach(anaCoach)
	return h
}

// client onboards a client with a pass of n credits (0: none).
func (h *harness) coachClient(id, name string, credits int) (user, *core.Pass) {
	h.t.Helper()
	u := user{id, name, "en"}
	h.onboard(u)
	if credits == 0 {
		return u, nil
	}
	return u, h.acctGrant(u, credits)
}

// snapshot renders every row an admin action can change
// (storetest.Snapshot), so a refused one can be shown to change nothing.
func (h *harness) snapshot() string {
	h.t.Helper()
	return storetest.Snapshot(h.t, h.store)
}

// notices lists the outbox rows f selects.
func (h *harness) notices(f core.NoticeFilter) []*core.Notice {
	h.t.Helper()
	var ns []*core.Notice
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { ns, err = tx.Notices(f); return }); err != nil {
		h.t.Fatal(err)
	}
	return ns
}

// messages counts the notices to clients other than reminders (which a
// moved session re-plans for its new time, told or not).
func (h *harness) messages() int {
	h.t.Helper()
	n := 0
	for _, x := range h.notices(core.NoticeFilter{ToKind: core.ToClient}) {
		if x.Kind != core.NoticeReminder {
			n++
		}
	}
	return n
}

// clientNotices counts a client's notices by kind.
func (h *harness) clientNotices(u user) map[core.NoticeKind]int {
	h.t.Helper()
	out := map[core.NoticeKind]int{}
	for _, n := range h.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: h.acctClient(u)}) {
		out[n.Kind]++
	}
	return out
}

// delivered renders the last notice of kind to u as the scheduler would
// send it.
func (h *harness) delivered(u user, kind core.NoticeKind) []Reply {
	h.t.Helper()
	ns := h.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: h.acctClient(u), Kind: kind})
	if len(ns) == 0 {
		h.t.Fatalf("no %s notice to %s", kind, u.name)
	}
	ds, err := h.bot.RenderNotice(h.ctx, ns[len(ns)-1])
	if err != nil || len(ds) != 1 {
		h.t.Fatalf("render %s: %v (%d deliveries)", kind, err, len(ds))
	}
	return []Reply{ds[0].Reply}
}

// session reads a session row.
func (h *harness) session(id int64) *core.Session {
	h.t.Helper()
	var s *core.Session
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { s, err = tx.Session(id); return }); err != nil {
		h.t.Fatal(err)
	}
	return s
}

// payment reads a payment row.
func (h *harness) payment(id int64) *core.Payment {
	h.t.Helper()
	var p *core.Payment
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { p, err = tx.Payment(id); return }); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// class schedules a group class of the demo's class type starting at
// local Paris time on day (YYYY-MM-DD) with capacity seats.
func (h *harness) class(day, clock string, capacity int) *core.Session {
	h.t.Helper()
	paris, _ := time.LoadLocation("Europe/Paris")
	at, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, paris)
	if err != nil {
		h.t.Fatal(err)
	}
	s, err := h.svc.Catalog.ScheduleSession(h.ctx, core.ScheduleRequest{CoachID: h.demo.Coach.ID, TypeID: h.demo.Class.ID,
		Start: at, Capacity: capacity})
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// kinds lists notice kinds sorted, for messages.
func kinds(m map[core.NoticeKind]int) string {
	var out []string
	for k, n := range m {
		out = append(out, fmt.Sprintf("%s×%d", k, n))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// holdUnpaid makes the demo coach hold unpaid seats for online payment
// and release them unpaid (core.UnpaidHold), as every studio did before
// coaches chose: the tests of the hold read as they did. The demo itself
// confirms unpaid bookings with the amount due at the session.
func (h *harness) holdUnpaid() {
	h.t.Helper()
	p := h.demo.Coach.Policy
	p.Unpaid = core.UnpaidHold
	if err := h.svc.Catalog.SetPolicy(h.ctx, h.demo.Coach.ID, p); err != nil {
		h.t.Fatal(err)
	}
	h.demo.Coach.Policy = p
}
