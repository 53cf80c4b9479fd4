package scheduler

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/slotbot/slotbot/core"
)

// unsettled holds the outcomes of deliveries the database could not be
// told of (it was unreachable), so that a notice already sent is settled
// as sent when the database answers again, rather than sent a second
// time when its lease runs out. Only a process that dies holding some
// loses them; the shutdown logs each one it could not settle.
type unsettled struct {
	mu   sync.Mutex
	outs map[int64]core.NoticeOutcome
}

// keep remembers an outcome to settle later.
func (u *unsettled) keep(out core.NoticeOutcome) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.outs == nil {
		u.outs = map[int64]core.NoticeOutcome{}
	}
	u.outs[out.ID] = out
}

// pending lists the outcomes kept, by notice id.
func (u *unsettled) pending() []core.NoticeOutcome {
	u.mu.Lock()
	defer u.mu.Unlock()
	outs := make([]core.NoticeOutcome, 0, len(u.outs))
	for _, o := range u.outs {
		outs = append(outs, o)
	}
	slices.SortFunc(outs, func(a, b core.NoticeOutcome) int { return int(a.ID - b.ID) })
	return outs
}

// has reports whether an outcome of notice id is kept.
func (u *unsettled) has(id int64) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	_, ok := u.outs[id]
	return ok
}

// settled forgets outs.
func (u *unsettled) settled(outs []core.NoticeOutcome) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, o := range outs {
		delete(u.outs, o.ID)
	}
}

// settleKept writes the outcomes kept during an outage, in one
// transaction, and logs what it settled; an error means the database is
// still away (the outcomes stay kept).
func (d *Dispatcher) settleKept(ctx context.Context) error {
	outs := d.kept.pending()
	if len(outs) == 0 {
		return nil
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	stale, err := d.svc.Outbox.SettleNotices(sctx, d.opts.Owner, outs)
	if err != nil {
		return fmt.Errorf("scheduler: settling %d notices kept since the database went away: %w", len(outs), err)
	}
	d.kept.settled(outs)
	sent := 0
	for _, o := range outs {
		if o.Sent {
			sent++
		}
	}
	d.log.Info("scheduler: notices kept through a database outage settled", "notices", len(outs), "sent", sent,
		"lease_lost", stale)
	return nil
}

// logKept logs, at shutdown, every outcome that could not be settled:
// those notices will be sent again once their lease runs out.
func (d *Dispatcher) logKept() {
	for _, o := range d.kept.pending() {
		d.log.Error("scheduler: notice outcome not settled before exit; it may be sent again after its lease",
			"notice_id", o.ID, "sent", o.Sent)
	}
}
