// Package scheduler sends the outbox and runs the periodic jobs.
//
// The Dispatcher leases due notices from the database (core's outbox: FOR
// UPDATE SKIP LOCKED on PostgreSQL), renders them with the bot, and sends
// them through the chat platforms' Senders, which keep the platforms' rate
// limits (each adapter has the one limiter of its platform);
// several replicas may run one each on the same database and every notice
// is sent once, except those in flight when a replica dies, which are sent
// again once their lease runs out. The database decides what is due; a
// dispatcher keeps nothing in memory that a restart would lose.
//
// The Scheduler runs the periodic jobs (release of unpaid holds and
// unanswered offers, session completion, pass expiry warnings, the
// coaches' morning digests) with github.com/robfig/cron/v3, each tick on
// one replica.
package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// Sender delivers a rendered notice to one chat of a platform; each chat
// adapter implements it.
type Sender interface {
	// Platform names the platform: "telegram", "discord", "console".
	Platform() string
	// Send delivers r to chatID within the platform's send limits, which
	// the sender keeps (across replicas). Errors wrapping
	// bot.ErrUnreachable are permanent (the account is marked
	// unreachable); a bot.RetryAfterError (the notice's place in the
	// limits is further than the sender waits, or the platform answered
	// 429) puts the notice back in the outbox, due after its After; any
	// other error is retried with backoff.
	Send(ctx context.Context, chatID string, r bot.Reply) error
}

// DispatcherOptions tunes a Dispatcher; zero fields take the defaults.
type DispatcherOptions struct {
	// Owner names this replica in leases; default host-pid-random.
	Owner string
	// Lease is how long a claimed notice is this replica's before another
	// may claim it; default 2 minutes. It must outlast a send.
	Lease time.Duration
	// Batch is the most notices claimed in one query; default 50.
	Batch int
	// InFlight is the most notices being delivered at once (waiting for
	// their place in the send limits included); default 200. It bounds
	// what a crash can send twice.
	InFlight int
	// Poll is how often the database is asked what is due when nothing
	// woke the dispatcher; default 1 second.
	Poll time.Duration
	// Logger logs failed sends; nil: discard.
	Logger *slog.Logger
	// OnDelivered, if set, is told how the delivery of each claimed
	// notice went once it is settled (for metrics); it must not block.
	OnDelivered func(n *core.Notice, out core.NoticeOutcome)
}

// Dispatcher sends the outbox. Run it once per process; DrainOnce serves
// tests and the terminal chat.
type Dispatcher struct {
	svc     *core.Service
	bot     *bot.Bot
	senders map[string]Sender
	opts    DispatcherOptions
	log     *slog.Logger
	wake    chan struct{}
	drain   sync.Mutex // one drain at a time per dispatcher
	kept    unsettled  // outcomes not yet settled: the database was away
}

// NewDispatcher wires a dispatcher to the domain, the bot that words the
// notices and the platforms' senders (one per platform; a sender that is
// also a bot.ChannelPoster posts channel announcements too).
func NewDispatcher(svc *core.Service, b *bot.Bot, senders []Sender, opts DispatcherOptions) *Dispatcher {
	if opts.Owner == "" {
		opts.Owner = defaultOwner()
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.Batch <= 0 {
		opts.Batch = 50
	}
	if opts.InFlight <= 0 {
		opts.InFlight = 200
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := &Dispatcher{svc: svc, bot: b, senders: map[string]Sender{}, opts: opts,
		log: log, wake: make(chan struct{}, 1)}
	for _, s := range senders {
		d.senders[s.Platform()] = s
	}
	return d
}

// defaultOwner names this process uniquely among replicas.
func defaultOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Owner is the name this dispatcher claims notices under.
func (d *Dispatcher) Owner() string { return d.opts.Owner }

// Wake tells the dispatcher a notice was just written: look now rather
// than at the next poll. It never blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// keptRetry is how often outcomes kept through an outage are offered to
// the database again.
const keptRetry = 200 * time.Millisecond

// Run sends due notices until ctx is done: at every poll, and whenever
// Wake is called. It returns nil when ctx ends.
func (d *Dispatcher) Run(ctx context.Context) error {
	t := time.NewTicker(d.opts.Poll)
	defer t.Stop()
	defer d.logKept()
	for {
		if _, err := d.DrainOnce(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("scheduler: sending notices", "err", err)
		}
		// Outcomes kept through an outage are settled as soon as the
		// database answers, before another replica's claim could take
		// the notices once their lease runs out.
		var retry <-chan time.Time
		if len(d.kept.pending()) > 0 {
			retry = time.After(keptRetry)
		}
		select {
		case <-ctx.Done():
			if err := d.settleKept(ctx); err != nil {
				d.log.Error("scheduler: at shutdown", "err", err)
			}
			return nil
		case <-t.C:
		case <-d.wake:
		case <-retry:
		}
	}
}

// DrainOnce claims and sends every notice due now, and returns how many
// it delivered. Notices are delivered concurrently (at most InFlight at
// once, each as its platform's limits allow); it returns when none is in
// flight and the last claim found fewer than it asked for. While some
// are in flight (waiting for their places in the limits, up to twice
// their horizon), it claims again when a notice is written (Wake), at
// each poll, and when one its senders put back is due again, at most
// once every claimEvery: a drain that waited for all of them first left
// the platform idle between the last place booked and the next claim's
// first, and one that claimed at every wake made a claim of each
// booking in a rush.
func (d *Dispatcher) DrainOnce(ctx context.Context) (int, error) {
	d.drain.Lock()
	defer d.drain.Unlock()
	if err := d.settleKept(ctx); err != nil {
		return 0, err // the database is still away: claim nothing
	}
	var mu sync.Mutex
	sent := 0
	var firstErr error
	var back time.Time         // the soonest a notice put back is due again
	leased := map[int64]bool{} // being delivered: their leases are renewed
	stopRenew := d.renewWhile(ctx, &mu, leased)
	defer stopRenew()
	poll := time.NewTicker(d.opts.Poll)
	defer poll.Stop()
	c := newClaims()
	defer c.stop()
	done := make(chan struct{}, d.opts.InFlight)
	inflight := 0
	for ctx.Err() == nil {
		mu.Lock()
		c.dueAt(back)
		back = time.Time{}
		mu.Unlock()
		if inflight < d.opts.InFlight && c.now() {
			asked := min(d.opts.InFlight-inflight, d.opts.Batch)
			ns, err := d.svc.Outbox.ClaimNotices(ctx, d.opts.Owner, d.opts.Lease, asked)
			if err != nil {
				for ; inflight > 0; inflight-- {
					<-done
				}
				return sent, fmt.Errorf("scheduler: claim: %w", err)
			}
			// Fewer than asked: nothing more is due now, and another
			// claim would come back empty until something is written or
			// falls due.
			c.claimed(len(ns) == asked)
			for _, n := range ns {
				if d.kept.has(n.ID) {
					continue // delivered already: settled by the next settleKept
				}
				inflight++
				mu.Lock()
				leased[n.ID] = true
				mu.Unlock()
				go func() {
					defer func() { done <- struct{}{} }()
					out, err := d.deliver(ctx, n)
					mu.Lock()
					defer mu.Unlock()
					delete(leased, n.ID)
					if out.Sent {
						sent++
					}
					if out.Postponed && err == nil {
						if due := time.Now().Add(out.RetryIn); back.IsZero() || due.Before(back) {
							back = due
						}
					}
					if err != nil && firstErr == nil {
						firstErr = err
					}
				}()
			}
			continue
		}
		if inflight == 0 && !c.due {
			break
		}
		select {
		case <-done:
			inflight--
		case <-d.wake:
			c.due = true
		case <-poll.C:
			c.due = true
		case <-c.timer.C:
			c.rang()
		case <-ctx.Done():
		}
	}
	for ; inflight > 0; inflight-- {
		<-done
	}
	mu.Lock()
	defer mu.Unlock()
	return sent, firstErr
}

// claimEvery is the least time between two claims of a drain that are
// not a backlog's: every notice written wakes the dispatcher (in a rush,
// each booking, 50 a second), and a claim is a statement, a write
// transaction on SQLite. The wakes that come meanwhile are merged into
// the next claim; a notice written waits this long at most to be
// claimed, far less than its place in the platform's limits (a second
// in its chat).
const claimEvery = 100 * time.Millisecond

// claims is when a drain claims again: whether something may be due, and
// the timer of the next claim (claimEvery after the last one, or when a
// notice put back is due again).
type claims struct {
	due   bool        // something may be due: the last claim came back full, or a wake, a poll, a put-back's time
	last  time.Time   // the last claim
	back  time.Time   // when the soonest notice put back is due again; zero: none
	timer *time.Timer // armed for the next claim, when due (or back) waits for it
	armed time.Time   // what timer is armed for; zero: not armed
}

// newClaims is a drain's first claim: now.
func newClaims() *claims {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &claims{due: true, timer: t}
}

// now reports whether to claim now; if something is due but the last
// claim is too recent, it arms the timer for the next.
func (c *claims) now() bool {
	if !c.due {
		return false
	}
	next := c.last.Add(claimEvery)
	if !time.Now().Before(next) {
		return true
	}
	c.arm(next)
	return false
}

// claimed notes a claim, and whether it came back full (more is due).
func (c *claims) claimed(full bool) {
	c.due, c.last = full, time.Now()
	if full {
		c.last = time.Time{} // a backlog is claimed at once
	}
}

// dueAt notes that a notice put back is due again at at (zero: none
// meanwhile).
func (c *claims) dueAt(at time.Time) {
	if at.IsZero() || !c.back.IsZero() && c.back.Before(at) {
		return
	}
	c.back = at
	c.arm(at)
}

// rang notes that the timer went off: the next claim's time, or a notice
// put back due again.
func (c *claims) rang() {
	c.armed = time.Time{}
	if !c.back.IsZero() && !time.Now().Before(c.back) {
		c.due, c.back = true, time.Time{}
	}
	if !c.back.IsZero() {
		c.arm(c.back)
	}
}

// arm sets the timer for at, unless it goes off sooner already.
func (c *claims) arm(at time.Time) {
	if !c.armed.IsZero() && !at.Before(c.armed) {
		return
	}
	c.timer.Reset(time.Until(at))
	c.armed = at
}

// stop releases the timer.
func (c *claims) stop() { c.timer.Stop() }

// renewWhile renews, every third of the lease, the leases of the notices
// in leased (guarded by mu) until the returned stop is called: a
// delivery may wait for its place in the send limits longer than the
// lease (the limits' horizon is 5 s; a lease may be 1 s), or be slowed
// by the machine, and a lease that ran out under a live dispatcher
// lets another claim the notice and send it too. A renewal that fails
// (the database away) is logged; the outcomes are then kept and settled
// first when it answers (settleKept).
func (d *Dispatcher) renewWhile(ctx context.Context, mu *sync.Mutex, leased map[int64]bool) (stop func()) {
	quit := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(d.opts.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			mu.Lock()
			ids := make([]int64, 0, len(leased))
			for id := range leased {
				ids = append(ids, id)
			}
			mu.Unlock()
			if len(ids) == 0 {
				continue
			}
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.opts.Lease/3)
			held, err := d.svc.Outbox.RenewNotices(rctx, d.opts.Owner, ids, d.opts.Lease)
			cancel()
			switch {
			case err != nil:
				d.log.Warn("scheduler: cannot renew the leases of notices being delivered", "notices", len(ids), "err", err)
			case held < len(ids):
				// Settled meanwhile, most likely; or lost to a claim when a
				// renewal came too late (then the settle is refused).
				d.log.Debug("scheduler: leases renewed", "renewed", held, "asked", len(ids))
			}
		}
	}()
	return func() { close(quit); <-stopped }
}
