package storetest

// Contract cases for the retention job (core.Prune): rows older than the
// policy go, newer ones and pending notices stay, abandoned flows are
// reset rather than deleted, and a run deletes at most one batch per
// table. All run under the one "Retention" entry of serviceCases.

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

const pruneDay = 24 * time.Hour

// testRetention runs the retention contract cases as parallel subtests.
func testRetention(t *testing.T, open Opener) {
	for _, c := range []testCase{
		{"OldRowsGoNewerStay", testPruneOldRowsGoNewerStay},
		{"IdleFlowIsResetNotDeleted", testPruneIdleFlowIsResetNotDeleted},
		{"BatchesAreBounded", testPruneBatchesAreBounded},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// With the default policy, update ids older than 7 days, sent and
// withdrawn notices older than 90, dead ones older than 365, provider
// events older than 45 and codes expired over a day ago are deleted;
// everything newer, and a pending notice of any age, stays. An update id
// forgotten this way is accepted as new if it ever came again (Telegram
// redelivers for 24 hours only); a recent one is still refused.
func testPruneOldRowsGoNewerStay(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria := f.client("Maria")
	now := f.clock.Now()
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	notice := func(tag string, st core.NoticeStatus, due time.Time) *core.Notice {
		n := &core.Notice{Kind: core.NoticeBooked, ToKind: core.ToClient, ToID: maria.ID,
			Data: map[string]string{"tag": tag}, Due: due, Status: st, Created: due}
		if st == core.NoticeSent {
			n.Sent = due
		}
		return n
	}
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		for _, u := range []struct {
			id string
			at time.Time
		}{{"old", ago(8 * pruneDay)}, {"recent", ago(6 * pruneDay)}} {
			if _, err := tx.MarkUpdate("telegram", u.id, u.at); err != nil {
				return err
			}
		}
		for _, n := range []*core.Notice{
			notice("sent-old", core.NoticeSent, ago(91*pruneDay)),
			notice("sent-recent", core.NoticeSent, ago(89*pruneDay)),
			notice("withdrawn-old", core.NoticeWithdrawn, ago(91*pruneDay)),
			notice("dead-old", core.NoticeDead, ago(366*pruneDay)),
			notice("dead-kept", core.NoticeDead, ago(91*pruneDay)),
			notice("pending-ancient", core.NoticePending, ago(400*pruneDay)),
		} {
			if err := tx.AddNotice(n); err != nil {
				return err
			}
		}
		for _, e := range []struct {
			id string
			at time.Time
		}{{"evt_old", ago(46 * pruneDay)}, {"evt_recent", ago(44 * pruneDay)}} {
			if _, err := tx.MarkProviderEvent("stripe", e.id, "checkout.session.completed", e.at); err != nil {
				return err
			}
		}
		// Storing a code clears the codes expired at its creation, so
		// the later-expiring one goes in first.
		for _, c := range []*core.LinkCode{
			{Hash: "link-recent", ClientID: maria.ID, Platform: "telegram", UserID: "1", Expires: ago(23 * time.Hour), Created: ago(24 * time.Hour)},
			{Hash: "link-old", ClientID: maria.ID, Platform: "discord", UserID: "2", Expires: ago(25 * time.Hour), Created: ago(26 * time.Hour)},
		} {
			if err := tx.PutLinkCode(c); err != nil {
				return err
			}
		}
		for _, i := range []*core.CoachInvite{
			{Hash: "invite-recent", CreatedBy: maria.ID, Expires: ago(23 * time.Hour), Created: ago(8 * pruneDay)},
			{Hash: "invite-old", CreatedBy: maria.ID, Expires: ago(25 * time.Hour), Created: ago(9 * pruneDay)},
		} {
			if err := tx.PutCoachInvite(i); err != nil {
				return err
			}
		}
		return nil
	}))

	res, err := f.svc.Outbox.Prune(f.ctx, core.DefaultRetention())
	f.must(err)
	want := core.PruneResult{UpdatesSeen: 1, Notices: 3, ProviderEvents: 1, LinkCodes: 1, CoachInvites: 1}
	if res != want {
		t.Fatalf("prune = %+v, want %+v", res, want)
	}

	var tags []string
	for _, n := range f.notices(core.NoticeFilter{}) {
		tags = append(tags, n.Data["tag"])
	}
	sort.Strings(tags)
	if got, w := fmt.Sprint(tags), "[dead-kept pending-ancient sent-recent]"; got != w {
		t.Fatalf("notices left %s, want %s", got, w)
	}
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		for _, c := range []struct {
			id    string
			fresh bool
		}{{"old", true}, {"recent", false}} {
			fresh, err := tx.MarkUpdate("telegram", c.id, now)
			if err != nil {
				return err
			}
			if fresh != c.fresh {
				t.Errorf("update %s after prune: fresh %v, want %v", c.id, fresh, c.fresh)
			}
		}
		for _, c := range []struct {
			id    string
			fresh bool
		}{{"evt_old", true}, {"evt_recent", false}} {
			fresh, err := tx.MarkProviderEvent("stripe", c.id, "checkout.session.completed", now)
			if err != nil {
				return err
			}
			if fresh != c.fresh {
				t.Errorf("event %s after prune: fresh %v, want %v", c.id, fresh, c.fresh)
			}
		}
		return nil
	}))
	for _, c := range []struct {
		hash string
		take func(core.Tx, string) error
		code string
	}{
		{"link-old", func(tx core.Tx, h string) error { _, err := tx.TakeLinkCode(h); return err }, core.ENOTFOUND},
		{"link-recent", func(tx core.Tx, h string) error { _, err := tx.TakeLinkCode(h); return err }, ""},
		{"invite-old", func(tx core.Tx, h string) error { _, err := tx.TakeCoachInvite(h); return err }, core.ENOTFOUND},
		{"invite-recent", func(tx core.Tx, h string) error { _, err := tx.TakeCoachInvite(h); return err }, ""},
	} {
		err := f.store.Update(f.ctx, func(tx core.Tx) error { return c.take(tx, c.hash) })
		if core.ErrorCode(err) != c.code {
			t.Errorf("take %s after prune: %v, want code %q", c.hash, err, c.code)
		}
	}

	again, err := f.svc.Outbox.Prune(f.ctx, core.DefaultRetention())
	f.must(err)
	if again.Total() != 0 || again.More {
		t.Fatalf("second prune = %+v, want nothing", again)
	}
}

// A flow abandoned 91 days ago is reset — flow and data cleared, step
// bumped — so a button drawn in it is stale, and one that never was a
// flow or moved 89 days ago is left alone. The row stays: deleting it
// would restart the step at 0, where an old button could match again.
func testPruneIdleFlowIsResetNotDeleted(t *testing.T, open Opener) {
	f := newFixture(t, open)
	now := f.clock.Now()
	put := func(user, flow string, at time.Time) {
		f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
			return tx.PutConversation(&core.Conversation{Platform: "telegram", UserID: user, Flow: flow, Step: 1,
				Data: map[string]string{"session": "42"}, Updated: at})
		}))
	}
	put("abandoned", "book", now.Add(-91*pruneDay))
	put("recent", "book", now.Add(-89*pruneDay))
	put("idle", "", now.Add(-200*pruneDay))

	res, err := f.svc.Outbox.Prune(f.ctx, core.DefaultRetention())
	f.must(err)
	if res.FlowsReset != 1 {
		t.Fatalf("flows reset = %d, want 1", res.FlowsReset)
	}
	conv := func(user string) *core.Conversation {
		var c *core.Conversation
		f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { c, err = tx.Conversation("telegram", user); return }))
		return c
	}
	if c := conv("abandoned"); c.Flow != "" || c.Step != 2 || len(c.Data) != 0 || !c.Updated.Equal(now) {
		t.Fatalf("abandoned flow after prune = %+v, want idle at step 2, updated now", c)
	}
	for _, user := range []string{"recent", "idle"} {
		if c := conv(user); c.Step != 1 || c.Data["session"] != "42" {
			t.Fatalf("%s conversation after prune = %+v, want untouched", user, c)
		}
	}
	// The abandoned flow's step-1 button now advances nothing.
	err = f.store.Update(f.ctx, func(tx core.Tx) error {
		return tx.PutConversation(&core.Conversation{Platform: "telegram", UserID: "abandoned", Flow: "book", Step: 2,
			Data: map[string]string{"session": "42"}, Updated: now})
	})
	if core.ErrorCode(err) != core.ECONFLICT {
		t.Fatalf("old button after reset: %v, want ECONFLICT", err)
	}
}

// A backlog larger than the batch is worked off a batch per transaction,
// More telling the caller to go on; PruneAll runs until it is done; a
// policy with a zero age keeps that kind of row.
func testPruneBatchesAreBounded(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria := f.client("Maria")
	old := f.clock.Now().Add(-30 * pruneDay)
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		for i := range 7 {
			if _, err := tx.MarkUpdate("discord", fmt.Sprint(i), old); err != nil {
				return err
			}
		}
		return tx.AddNotice(&core.Notice{Kind: core.NoticeBooked, ToKind: core.ToClient, ToID: maria.ID,
			Due: old.AddDate(-1, 0, 0), Status: core.NoticeSent, Created: old, Sent: old})
	}))
	onlyUpdates := core.RetentionPolicy{UpdatesSeen: 7 * pruneDay, Batch: 3}
	for i, want := range []core.PruneResult{{UpdatesSeen: 3, More: true}, {UpdatesSeen: 3, More: true}, {UpdatesSeen: 1}} {
		res, err := f.svc.Outbox.Prune(f.ctx, onlyUpdates)
		f.must(err)
		if res != want {
			t.Fatalf("prune %d = %+v, want %+v", i+1, res, want)
		}
	}
	if n := len(f.notices(core.NoticeFilter{})); n != 1 {
		t.Fatalf("%d notices after a policy without notices, want 1", n)
	}
	n, err := f.svc.Outbox.PruneAll(f.ctx)
	f.must(err)
	if n != 1 || len(f.notices(core.NoticeFilter{})) != 0 {
		t.Fatalf("PruneAll changed %d rows, want the 1 old notice", n)
	}
}
