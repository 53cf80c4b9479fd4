package core

import (
	"context"
	"time"
)

// Retention: the tables that only grow (update ids seen, notices sent,
// provider events, expired codes) are pruned by a daily job, in bounded
// batches so one run never holds locks for long. Conversations are never
// deleted: a deleted row would restart its step counter at 0, and a
// months-old button could then match a new flow's step. An abandoned flow
// is reset instead (flow and data cleared, step bumped), which keeps every
// older button stale.
//
// A platform update id is forgotten after UpdatesSeen (7 days by default):
// if the platform delivered it again after that, it would be handled
// again. Telegram redelivers for at most 24 hours and Discord's
// interaction tokens live 15 minutes, so that never happens in practice.

// RetentionPolicy says how long each kind of row is kept; a zero or
// negative age keeps that kind forever. Batch bounds each table's deletes
// per transaction.
type RetentionPolicy struct {
	UpdatesSeen    time.Duration // platform update ids, by when they were seen
	NoticesDone    time.Duration // sent and withdrawn notices, by due time
	NoticesDead    time.Duration // dead notices (coaches review them), by due time
	ProviderEvents time.Duration // payment provider event ids, by when received
	ExpiredCodes   time.Duration // link codes and coach invites, after their expiry
	IdleFlows      time.Duration // conversations left mid-flow, reset after this idle time
	Batch          int           // rows per table per transaction; <= 0: DefaultPruneBatch
}

// DefaultPruneBatch bounds each table's deletes in one Prune, so the
// transaction stays short on a large backlog.
const DefaultPruneBatch = 5000

// maxPruneRounds bounds PruneAll's transactions per run: with the default
// batch, 500,000 rows per table a day.
const maxPruneRounds = 100

// DefaultRetention is the policy the scheduler's daily job applies: update
// ids 7 days (far beyond any redelivery window), sent notices 90 days,
// dead ones a year, Stripe events 45 days (Stripe redelivers for up to 3),
// codes a day past expiry, abandoned flows 90 days.
func DefaultRetention() RetentionPolicy {
	const day = 24 * time.Hour
	return RetentionPolicy{
		UpdatesSeen:    7 * day,
		NoticesDone:    90 * day,
		NoticesDead:    365 * day,
		ProviderEvents: 45 * day,
		ExpiredCodes:   1 * day,
		IdleFlows:      90 * day,
		Batch:          DefaultPruneBatch,
	}
}

// PruneCutoffs is a RetentionPolicy resolved at one instant: rows older
// than a cutoff go; a zero cutoff keeps that kind. The store never reads
// the clock, so the service computes these.
type PruneCutoffs struct {
	UpdatesSeen    time.Time
	NoticesDone    time.Time
	NoticesDead    time.Time
	ProviderEvents time.Time
	ExpiredCodes   time.Time // codes that expired before this go
	IdleFlows      time.Time
	ResetAt        time.Time // Updated of a reset conversation
	Batch          int
}

// PruneResult counts what one Prune removed (or reset, for flows).
type PruneResult struct {
	UpdatesSeen    int
	Notices        int // sent, withdrawn and dead together
	ProviderEvents int
	LinkCodes      int
	CoachInvites   int
	FlowsReset     int
	SendBudgets    int // spent send budgets (their time passed: the same as none)
	// More is true when some table filled its batch: rows may remain.
	More bool
}

// Total is the number of rows a Prune changed.
func (r PruneResult) Total() int {
	return r.UpdatesSeen + r.Notices + r.ProviderEvents + r.LinkCodes + r.CoachInvites + r.FlowsReset + r.SendBudgets
}

// RetentionTx is the part of Tx that pruning needs.
type RetentionTx interface {
	// PruneRows deletes update ids, done and dead notices, provider
	// events and expired codes older than their cutoffs, and resets
	// conversations idle mid-flow since before c.IdleFlows, and drops
	// the send budgets spent before c.ResetAt (where the store keeps them
	// in tables): at most c.Batch rows per table, oldest first where an
	// index orders them; a zero cutoff leaves its table alone. Pending
	// notices are never touched.
	PruneRows(c PruneCutoffs) (PruneResult, error)
}

// Prune removes, in one short transaction, at most p.Batch rows per table
// that are older than the policy allows. Run it again while the result's
// More is set. Errors: EINTERNAL (the store).
func (s *Outbox) Prune(ctx context.Context, p RetentionPolicy) (PruneResult, error) {
	var res PruneResult
	err := s.update(ctx, func(tx outboxTx, now time.Time) error {
		var err error
		res, err = tx.PruneRows(p.cutoffs(now))
		return err
	})
	return res, err
}

// PruneAll applies DefaultRetention in as many short transactions as the
// backlog needs (up to a bound), for the scheduler's daily job; it
// returns how many rows it changed.
func (s *Outbox) PruneAll(ctx context.Context) (int, error) {
	n := 0
	for range maxPruneRounds {
		res, err := s.Prune(ctx, DefaultRetention())
		n += res.Total()
		if err != nil || !res.More {
			return n, err
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// cutoffs resolves the policy at now.
func (p RetentionPolicy) cutoffs(now time.Time) PruneCutoffs {
	before := func(d time.Duration) time.Time {
		if d <= 0 {
			return time.Time{}
		}
		return now.Add(-d)
	}
	batch := p.Batch
	if batch <= 0 {
		batch = DefaultPruneBatch
	}
	return PruneCutoffs{
		UpdatesSeen:    before(p.UpdatesSeen),
		NoticesDone:    before(p.NoticesDone),
		NoticesDead:    before(p.NoticesDead),
		ProviderEvents: before(p.ProviderEvents),
		ExpiredCodes:   before(p.ExpiredCodes),
		IdleFlows:      before(p.IdleFlows),
		ResetAt:        now,
		Batch:          batch,
	}
}
