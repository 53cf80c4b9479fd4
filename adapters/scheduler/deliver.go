package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// settleTimeout bounds the settle of a notice after its send, which runs
// even when the dispatcher is stopping: the send happened, and the lease
// should not linger until it runs out.
const settleTimeout = 10 * time.Second

// unavailableRetry is when a notice that could not be rendered for want
// of the database is due again.
const unavailableRetry = 5 * time.Second

// sendTimeout bounds one send, which a shutdown lets finish.
const sendTimeout = 30 * time.Second

// deliver sends one claimed notice and settles it, and returns how it
// went; the error is a failure to settle.
func (d *Dispatcher) deliver(ctx context.Context, n *core.Notice) (core.NoticeOutcome, error) {
	out := d.attempt(ctx, n)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if _, err := d.svc.Outbox.SettleClaimed(sctx, d.opts.Owner, n, out); err != nil {
		// Kept in memory and settled when the database answers again:
		// a notice sent must not be sent again when its lease runs out.
		d.kept.keep(out)
		d.log.Error("scheduler: cannot settle a notice; its outcome is kept until the database answers",
			"notice_id", n.ID, "sent", out.Sent, "err", err)
		return out, fmt.Errorf("scheduler: settle notice %d: %w", n.ID, err)
	}
	if d.opts.OnDelivered != nil {
		d.opts.OnDelivered(n, out)
	}
	if !out.Sent && !out.Obsolete && !out.Postponed {
		d.log.Warn("scheduler: notice not delivered", "notice_id", n.ID, "kind", n.Kind, "attempt", n.Attempts,
			"permanent", out.Permanent, "err", out.Error)
	}
	return out, nil
}

// attempt renders and sends a notice to every chat of its recipient.
func (d *Dispatcher) attempt(ctx context.Context, n *core.Notice) core.NoticeOutcome {
	if n.ToKind == core.ToChannel {
		return outcome(n.ID, d.bot.DeliverChannelNotice(ctx, n, d.poster))
	}
	out := core.NoticeOutcome{ID: n.ID}
	ds, err := d.bot.RenderNotice(ctx, n)
	switch {
	case errors.Is(err, bot.ErrObsolete):
		out.Obsolete, out.Error = true, "no longer applies"
		return out
	case core.ErrorCode(err) == core.EUNAVAILABLE:
		// The database went away between the claim and the render: not
		// an attempt, and due again shortly.
		out.Postponed, out.RetryIn, out.Error = true, unavailableRetry, err.Error()
		return out
	case err != nil:
		out.Error = err.Error()
		return out
	case len(ds) == 0:
		out.Permanent, out.Error = true, "no chat reaches the recipient"
		return out
	}
	var errs []string
	sent, permanent := 0, 0
	for _, dl := range ds {
		platform, chat := dl.Account.Platform, dl.Account.ChatID
		s := d.senders[platform]
		if s == nil {
			permanent++
			errs = append(errs, "no sender for "+platform)
			continue
		}
		if ctx.Err() != nil {
			if sent == 0 {
				out.Postponed, out.Error = true, "stopped before sending"
				return out
			}
			break
		}
		// A send on the wire is not cut short by a shutdown: cut, it
		// might have arrived and would be sent again. (Its wait for its
		// place in the platform's limits, within the sender, is bounded
		// by twice the sender's horizon: one in line, one booked.)
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
		err := s.Send(sctx, chat, dl.Reply)
		cancel()
		switch {
		case err == nil:
			sent++
		case errors.Is(err, bot.ErrUnreachable):
			permanent++
			errs = append(errs, platform+": unreachable")
			d.markUnreachable(ctx, dl.Account, n)
		default:
			if after, ok := bot.RetryAfter(err); ok {
				// Its place in the platform's limits is later: better back
				// in the database than holding a worker.
				if sent == 0 && after > out.RetryIn {
					out.Postponed, out.RetryIn = true, after
				}
			}
			errs = append(errs, platform+": "+err.Error())
		}
	}
	out.Error = strings.Join(errs, "; ")
	switch {
	case sent > 0:
		out.Sent, out.Postponed, out.RetryIn = true, false, 0
	case out.Postponed:
	case permanent == len(ds):
		out.Permanent = true
	}
	return out
}

// markUnreachable records a blocked account and tells the coach; a failure
// is logged, since the notice's own outcome is settled anyway.
func (d *Dispatcher) markUnreachable(ctx context.Context, a core.Account, n *core.Notice) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := d.svc.Outbox.MarkUnreachable(sctx, a.Platform, a.UserID, n.ID); err != nil {
		d.log.Error("scheduler: marking an account unreachable", "platform", a.Platform, "notice_id", n.ID, "err", err)
	}
}

// outcome classifies the error of a channel delivery.
func outcome(id int64, err error) core.NoticeOutcome {
	out := core.NoticeOutcome{ID: id}
	if err == nil {
		out.Sent = true
		return out
	}
	out.Error = err.Error()
	if after, ok := bot.RetryAfter(err); ok {
		out.Postponed, out.RetryIn = true, after
	} else if errors.Is(err, bot.ErrUnreachable) {
		out.Permanent = true
	}
	return out
}

// poster is the channel poster of a platform, if its sender posts to
// channels (within its limits, as it sends).
func (d *Dispatcher) poster(platform string) bot.ChannelPoster {
	p, _ := d.senders[platform].(bot.ChannelPoster)
	return p
}
