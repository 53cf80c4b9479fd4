package core

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// The scheduler's periodic jobs that write notices. Several replicas may
// run them at the same minute; AddNoticeOnce keys make each notice exist
// once whoever gets there first.

// AgendaHour is the hour of the coach's local morning from which their
// daily digest is sent (until noon, if the scheduler was down at seven).
const AgendaHour = 7

// agendaUntilHour ends the morning: a digest not sent by then is skipped.
const agendaUntilHour = 12

// WarnExpiringPasses warns clients whose pass still holds credits 7 days
// and 1 day before it expires — each warning once, and only warnings the
// pass lived to see (a 3-day pass gets the 1-day warning only). A pass
// already inside a day of expiry gets the 1-day warning, not both. It
// returns how many warnings it wrote.
func (s *Outbox) WarnExpiringPasses(ctx context.Context) (int, error) {
	n := 0
	err := s.update(ctx, func(tx outboxTx, now time.Time) error {
		n = 0
		warned := map[int64]bool{}
		for _, days := range []int{1, 7} { // nearest first
			ahead := time.Duration(days) * 24 * time.Hour
			ps, err := tx.ExpiringPasses(now, now.Add(ahead))
			if err != nil {
				return err
			}
			for _, p := range ps {
				if warned[p.ID] || !p.Created.Before(p.Expires.Add(-ahead)) {
					continue
				}
				warned[p.ID] = true
				ok, err := tx.AddNoticeOnce(&Notice{Kind: NoticePassExpiring, ToKind: ToClient, ToID: p.ClientID,
					Data: map[string]string{"pass_id": itoa(p.ID), "days": strconv.Itoa(days), "expires": p.Expires.Format(time.RFC3339)},
					Due:  now, Status: NoticePending, Created: now}, fmt.Sprintf("pass_expiring:%d:%d", p.ID, days))
				if err != nil {
					return err
				}
				if ok {
					n++
				}
			}
		}
		return nil
	})
	return n, err
}

// SendAgendas writes each coach's morning digest once per local day, from
// AgendaHour in the coach's own zone (so DST and zones need no cron
// arithmetic), on days with sessions. It returns how many it wrote.
func (s *Outbox) SendAgendas(ctx context.Context) (int, error) {
	n := 0
	err := s.update(ctx, func(tx outboxTx, now time.Time) error {
		n = 0
		coaches, err := tx.Coaches()
		if err != nil {
			return err
		}
		for _, c := range coaches {
			if c.ClientID == 0 {
				continue // no chat to send it to
			}
			loc, err := LoadZone(c.Zone)
			if err != nil {
				continue
			}
			local := now.In(loc)
			if local.Hour() < AgendaHour || local.Hour() >= agendaUntilHour {
				continue
			}
			day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
			ss, err := tx.Sessions(SessionFilter{CoachID: c.ID, From: day.UTC(), To: day.AddDate(0, 0, 1).UTC(), Status: SessionScheduled})
			if err != nil {
				return err
			}
			if len(ss) == 0 {
				continue
			}
			key := day.Format(time.DateOnly)
			ok, err := tx.AddNoticeOnce(&Notice{Kind: NoticeCoachAgenda, ToKind: ToCoach, ToID: c.ID,
				Data: map[string]string{"day": key, "sessions": strconv.Itoa(len(ss))},
				Due:  now, Status: NoticePending, Created: now}, fmt.Sprintf("agenda:%d:%s", c.ID, key))
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
		return nil
	})
	return n, err
}
