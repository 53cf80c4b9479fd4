package core

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// The outbox is sent by dispatchers (adapters/scheduler) that may run on
// several replicas at once. A dispatcher leases a batch of due notices,
// delivers them, and settles each: sent, retried later, withdrawn or dead.
// The database decides what is due and who holds what; a replica that
// dies holding a lease loses it when the lease ends, and the notices are
// claimed again — sent twice at most when the crash fell between the
// platform's "ok" and the settle.

// MaxNoticeAttempts is how many failed deliveries a notice gets before it
// is dead-lettered and the coach told.
const MaxNoticeAttempts = 8

// NoticeBackoff is how long a notice waits after its attempt-th failure:
// 30 seconds, doubling, at most an hour — with MaxNoticeAttempts, about an
// hour from the first try to the dead letter.
func NoticeBackoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// ClaimNotices leases up to limit due notices to owner for lease, oldest
// due first, counting one attempt on each; notices leased by a replica
// whose lease ran out are claimed again. Errors: EINVALID (no owner, no
// lease).
func (s *Outbox) ClaimNotices(ctx context.Context, owner string, lease time.Duration, limit int) ([]*Notice, error) {
	if owner == "" || lease <= 0 || limit <= 0 {
		return nil, NewError(EINVALID, "err.outbox.claim", "A claim needs an owner, a lease and a limit.")
	}
	var ns []*Notice
	err := s.single(ctx, func(tx outboxTx, now time.Time) error { // one UPDATE … RETURNING
		var err error
		ns, err = tx.ClaimNotices(owner, now, now.Add(lease), limit)
		return err
	})
	return ns, err
}

// RenewNotices extends owner's leases of the notices ids, still being
// delivered, by lease from now, and returns how many it still held: a
// delivery that waits for its place in the send limits, or a slow
// machine, must not let the lease run out under a live dispatcher, or
// another would send the notice too.
func (s *Outbox) RenewNotices(ctx context.Context, owner string, ids []int64, lease time.Duration) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var n int
	err := s.single(ctx, func(tx outboxTx, now time.Time) (err error) {
		n, err = tx.RenewNotices(owner, ids, now.Add(lease))
		return err
	})
	return n, err
}

// NoticeOutcome is how the delivery of one claimed notice went.
type NoticeOutcome struct {
	ID        int64
	Sent      bool          // delivered, to at least one chat
	Error     string        // why not, kept for the dead-letter list
	Permanent bool          // retrying cannot help (no chat reaches the person): dead now
	Obsolete  bool          // no longer true (a reminder of a cancelled booking): withdrawn
	Postponed bool          // not tried (rate limit, Retry-After, shutdown): no attempt counted…
	RetryIn   time.Duration // …and due again this long from now
}

// SettleNotices records the outcomes of notices owner claimed, in one
// transaction: sent ones are marked, failures wait NoticeBackoff and the
// MaxNoticeAttempts-th failure is dead-lettered with a NoticeCoachDeadLetter
// to the coach. Outcomes of notices owner no longer holds (re-claimed after
// its lease ran out, or withdrawn meanwhile) change nothing; it returns how
// many those were.
func (s *Outbox) SettleNotices(ctx context.Context, owner string, outs []NoticeOutcome) (int, error) {
	stale := 0
	err := s.update(ctx, func(tx outboxTx, now time.Time) error {
		stale = 0
		for _, o := range outs {
			n, err := tx.NoticeByID(o.ID)
			if err != nil {
				return err
			}
			dead := settle(n, o, now)
			ok, err := tx.SettleNotice(n, owner)
			if err != nil {
				return err
			}
			if !ok {
				stale++
				continue
			}
			if dead && !o.Permanent && n.ToKind == ToClient {
				if err := deadLetterAlert(tx, now, n); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return stale, err
}

// SettleClaimed records the outcome of one notice owner claimed, given as
// ClaimNotices returned it: while owner's lease lasts, the store holds the
// same attempts and due, so the outcome is computed here and written in
// one statement (Store.Single), not read again in a transaction — the
// dispatcher settles every notice it sends, and on PostgreSQL that was
// four round trips. A failure that kills a notice to a client, whose
// coach must be told, is settled as SettleNotices does. It reports
// whether owner still held the notice (false: re-claimed after the lease
// ran out, or withdrawn meanwhile, and nothing changed).
func (s *Outbox) SettleClaimed(ctx context.Context, owner string, n *Notice, o NoticeOutcome) (bool, error) {
	if o.ID != n.ID {
		return false, fmt.Errorf("core: the outcome of notice %d settled as notice %d", o.ID, n.ID)
	}
	c := *n
	if dead := settle(&c, o, s.now()); dead && !o.Permanent && c.ToKind == ToClient {
		stale, err := s.SettleNotices(ctx, owner, []NoticeOutcome{o})
		return err == nil && stale == 0, err
	}
	var held bool
	err := s.store.Single(ctx, func(tx Tx) (err error) {
		held, err = tx.SettleNotice(&c, owner)
		return err
	})
	return held, err
}

// settle applies an outcome to a claimed notice and reports whether it is
// now dead.
func settle(n *Notice, o NoticeOutcome, now time.Time) bool {
	switch {
	case o.Sent:
		n.Status, n.Sent, n.LastError = NoticeSent, now, o.Error
	case o.Obsolete:
		n.Status, n.LastError = NoticeWithdrawn, o.Error
	case o.Permanent:
		n.Status, n.LastError = NoticeDead, o.Error
	case o.Postponed:
		n.Due, n.LastError = DBTime(now.Add(o.RetryIn)), o.Error
		if n.Attempts > 0 {
			n.Attempts-- // the claim counted an attempt that was never made
		}
	case n.Attempts >= MaxNoticeAttempts:
		n.Status, n.LastError = NoticeDead, o.Error
	default:
		n.Due, n.LastError = now.Add(NoticeBackoff(n.Attempts)), o.Error
	}
	return n.Status == NoticeDead
}

// deadLetterAlert tells the coach concerned that a notice to their client
// was given up on.
func deadLetterAlert(tx outboxTx, now time.Time, n *Notice) error {
	coachID, err := noticeCoach(tx, n)
	if err != nil || coachID == 0 {
		return err
	}
	return notify(tx, now, Notice{Kind: NoticeCoachDeadLetter, ToKind: ToCoach, ToID: coachID, BookingID: n.BookingID,
		SessionID: n.SessionID, Data: map[string]string{"notice_id": itoa(n.ID), "kind": string(n.Kind),
			"client_id": itoa(n.ToID), "error": n.LastError, "attempts": strconv.Itoa(n.Attempts)}})
}

// noticeCoach finds the coach a client's notice concerns: the session's,
// the payment's or the pass's, or the studio's only coach; 0 when none.
func noticeCoach(tx outboxTx, n *Notice) (int64, error) {
	if n.ToKind == ToCoach {
		return n.ToID, nil
	}
	if n.SessionID != 0 {
		sess, err := tx.Session(n.SessionID)
		if err != nil {
			return 0, err
		}
		return sess.CoachID, nil
	}
	if id, err := strconv.ParseInt(n.Data["payment_id"], 10, 64); err == nil {
		p, err := tx.Payment(id)
		if err != nil {
			return 0, err
		}
		return p.CoachID, nil
	}
	if id, err := strconv.ParseInt(n.Data["pass_id"], 10, 64); err == nil {
		p, err := tx.Pass(id)
		if err != nil {
			return 0, err
		}
		return p.CoachID, nil
	}
	cs, err := tx.Coaches()
	if err != nil || len(cs) != 1 {
		return 0, err
	}
	return cs[0].ID, nil
}

// MarkUnreachable records that a chat account can no longer be written to
// (the person blocked the bot or closed their DMs), so no notice is sent
// there until they write again, and tells the coach the notice concerned.
// Marking an account twice tells nobody twice. Errors: ENOTFOUND.
func (s *Outbox) MarkUnreachable(ctx context.Context, platform, userID string, noticeID int64) error {
	return s.update(ctx, func(tx outboxTx, now time.Time) error {
		acc, err := tx.Account(platform, userID)
		if err != nil {
			return err
		}
		if acc.Unreachable {
			return nil
		}
		acc.Unreachable = true
		if err := tx.PutAccount(acc); err != nil {
			return err
		}
		n, err := tx.NoticeByID(noticeID)
		if err != nil {
			return err
		}
		coachID, err := noticeCoach(tx, n)
		if err != nil || coachID == 0 {
			return err
		}
		if self, err := tx.CoachByClient(acc.ClientID); err == nil && self.ID == coachID {
			return nil // the coach blocked their own bot: nobody to tell
		}
		return notify(tx, now, Notice{Kind: NoticeCoachUnreachable, ToKind: ToCoach, ToID: coachID,
			Data: map[string]string{"client_id": itoa(acc.ClientID), "platform": platform}})
	})
}

// ClaimJob leases a periodic job to owner for lease, so that of the
// replicas ticking the same job only one runs it per lease; it reports
// whether owner got it. A replica that dies mid-job loses nothing: the
// job's own transaction rolls back and the lease runs out. Errors:
// EINVALID (no name, owner or lease).
func (s *Outbox) ClaimJob(ctx context.Context, name, owner string, lease time.Duration) (bool, error) {
	if name == "" || owner == "" || lease <= 0 {
		return false, NewError(EINVALID, "err.outbox.job_claim", "A job claim needs a name, an owner and a lease.")
	}
	ok := false
	err := s.update(ctx, func(tx outboxTx, now time.Time) error {
		var err error
		ok, err = tx.ClaimJob(name, owner, now, now.Add(lease))
		return err
	})
	return ok, err
}
