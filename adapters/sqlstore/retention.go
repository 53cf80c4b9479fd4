package sqlstore

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// Each prune deletes by key through a bounded subquery, which both
// dialects accept (row values in IN need SQLite 3.15): the subquery walks
// the table's time index, so a run costs at most one batch per table.
// The notices' subqueries repeat the partial index's condition
// (status <> 'pending') word for word, so SQLite sees that the index
// applies, as PostgreSQL would prove anyway.
const (
	pruneUpdatesSeen = `DELETE FROM updates_seen WHERE (platform, update_id) IN (
		SELECT platform, update_id FROM updates_seen WHERE seen_at < ? ORDER BY seen_at LIMIT ?)`
	pruneNotices = `DELETE FROM notices WHERE id IN (
		SELECT id FROM notices WHERE status <> 'pending' AND status = ? AND due < ? ORDER BY due LIMIT ?)`
	pruneProviderEvents = `DELETE FROM provider_events WHERE (provider, event_id) IN (
		SELECT provider, event_id FROM provider_events WHERE received_at < ? ORDER BY received_at LIMIT ?)`
	pruneLinkCodes = `DELETE FROM link_codes WHERE code_hash IN (
		SELECT code_hash FROM link_codes WHERE expires_at < ? ORDER BY expires_at LIMIT ?)`
	pruneCoachInvites = `DELETE FROM coach_invites WHERE code_hash IN (
		SELECT code_hash FROM coach_invites WHERE expires_at < ? ORDER BY expires_at LIMIT ?)`
	// A send budget whose tat has passed is the same as none
	// (send_budget, with Dialect.SharedBudgets only).
	pruneSendBudget = `DELETE FROM send_budget WHERE key IN (SELECT key FROM send_budget WHERE tat < ? LIMIT ?)`
	// A reset bumps the step, as the bot's own reset does, so buttons of
	// the abandoned flow stay stale; the row is kept so the counter never
	// restarts.
	resetIdleFlows = `UPDATE conversations SET flow = '', data = '{}', step = step + 1, updated_at = ?
		WHERE (platform, user_id) IN (
		SELECT platform, user_id FROM conversations WHERE flow <> '' AND updated_at < ? LIMIT ?)`
)

// PruneRows deletes, per table, up to c.Batch rows older than their
// cutoff and resets up to c.Batch idle flows.
func (t *tx) PruneRows(c core.PruneCutoffs) (core.PruneResult, error) {
	var r core.PruneResult
	if err := t.flush(); err != nil {
		return r, err
	}
	steps := []struct {
		op  string
		at  time.Time
		n   *int
		sql string
		pre []any
	}{
		{"prune updates seen", c.UpdatesSeen, &r.UpdatesSeen, pruneUpdatesSeen, nil},
		{"prune sent notices", c.NoticesDone, &r.Notices, pruneNotices, []any{string(core.NoticeSent)}},
		{"prune withdrawn notices", c.NoticesDone, &r.Notices, pruneNotices, []any{string(core.NoticeWithdrawn)}},
		{"prune dead notices", c.NoticesDead, &r.Notices, pruneNotices, []any{string(core.NoticeDead)}},
		{"prune provider events", c.ProviderEvents, &r.ProviderEvents, pruneProviderEvents, nil},
		{"prune link codes", c.ExpiredCodes, &r.LinkCodes, pruneLinkCodes, nil},
		{"prune coach invites", c.ExpiredCodes, &r.CoachInvites, pruneCoachInvites, nil},
		{"reset idle flows", c.IdleFlows, &r.FlowsReset, resetIdleFlows, []any{dbTime(c.ResetAt)}},
	}
	if t.d.SharedBudgets {
		steps = append(steps, struct {
			op  string
			at  time.Time
			n   *int
			sql string
			pre []any
		}{"prune spent send budgets", c.ResetAt, &r.SendBudgets, pruneSendBudget, nil})
	}
	for _, s := range steps {
		if s.at.IsZero() {
			continue
		}
		n, err := t.exec(s.op, s.sql, append(s.pre, dbTime(s.at), c.Batch)...)
		if err != nil {
			return r, err
		}
		*s.n += n
		if n >= c.Batch {
			r.More = true
		}
	}
	return r, nil
}
