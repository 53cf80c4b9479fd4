package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slotbot/slotbot/core"
)

// InboxOptions tunes an Inbox; zero fields take the defaults.
type InboxOptions struct {
	// Platform is whose stored updates this inbox handles.
	Platform string
	// Owner names this replica in leases; default host-pid-random.
	Owner string
	// Workers is how many updates are handled at once; default 16.
	Workers int
	// Lease is how long a claimed update is this replica's before another
	// may take it (it is renewed while the update is handled); default 1
	// minute. A replica that dies leaves its updates for this long.
	Lease time.Duration
	// Poll is how often the database is asked for updates other replicas
	// stored, when nothing woke the inbox; default 1 second.
	Poll time.Duration
	// MaxAttempts is how many claims an update gets: one claimed more
	// often (it kills whoever handles it) is dropped with an error logged.
	// Default 5.
	MaxAttempts int
	// ShutdownTimeout bounds how long Run waits, once its context ends,
	// for the updates being handled; default 10 s. Stored updates not yet
	// claimed stay for the next start or another replica.
	ShutdownTimeout time.Duration
	// Logger logs claims that fail; nil: discard.
	Logger *slog.Logger
}

// Inbox hands a platform's stored updates (core.Inbox.Receive) to a
// pool of workers: one update of a chat at a time across every replica,
// in the order they were stored. A handled update is deleted with the
// next claim, in the same statement; while the database cannot be
// reached the handled ids wait in memory and are written when it
// answers again, so nothing handled is handled again unless this process
// dies first. The loop never waits on the database itself: a claim runs
// beside it, so a database that stops answering holds no worker and no
// shutdown.
type Inbox struct {
	svc    *core.Service
	handle func(ctx context.Context, u *core.InboxUpdate)
	opts   InboxOptions
	log    *slog.Logger
	wake   chan struct{}
	held   chan held // updates Hold stored, for the loop to count in flight

	mu   sync.Mutex
	quit chan struct{} // closed when the running Run returns; nil while none runs

	// claimOut is when the claim now out started, failing when the
	// first of the claims failing in a row did (Unix ns; 0: none), for
	// Stuck; claimed when the last claim that came back started.
	claimOut, failing, claimed atomic.Int64
}

// held is an update stored already claimed by this replica (Hold), and
// the work that finishes it; nil work: nothing left to do.
type held struct {
	u    *core.InboxUpdate
	work func(ctx context.Context)
}

// ErrInboxStopped is Hold's answer while the inbox's Run is not running:
// nobody would renew or finish the update.
var ErrInboxStopped = errors.New("bot: the inbox is not running")

// NewInbox builds the inbox of opts.Platform; handle handles one update
// on a worker and returns once its replies are sent.
func NewInbox(svc *core.Service, handle func(ctx context.Context, u *core.InboxUpdate), opts InboxOptions) *Inbox {
	if opts.Owner == "" {
		opts.Owner = defaultOwner()
	}
	if opts.Workers <= 0 {
		opts.Workers = 16
	}
	if opts.Lease <= 0 {
		opts.Lease = time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 10 * time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Inbox{svc: svc, handle: handle, opts: opts, log: log.With("platform", opts.Platform),
		wake: make(chan struct{}, 1), held: make(chan held)}
}

// defaultOwner names this process uniquely among replicas.
func defaultOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Owner is the name this inbox claims updates under.
func (in *Inbox) Owner() string { return in.opts.Owner }

// Wake tells the inbox an update was just stored: claim now rather than
// at the next poll. It never blocks.
func (in *Inbox) Wake() {
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

// Hold stores u as an update this replica is already handling, leased
// to it (core.Inbox.HoldUpdate), and runs work (which finishes it) as
// one of the inbox's updates in flight: its lease is renewed while work
// runs, and it is finished once work returns. A platform calls it before
// acknowledging something whose work is not done yet (a deferred Discord
// answer): if this process dies, another replica's inbox claims the
// stored update once the lease runs out and handles it from the start.
// Hold returns once the update is stored, or with an error (the inbox
// is not running, the store failed, or ctx ended first): work is then
// not run and the caller does it unstored. A store that ends after ctx
// did is finished at once, since the caller does the work.
func (in *Inbox) Hold(ctx context.Context, u *core.InboxUpdate, work func(ctx context.Context)) error {
	in.mu.Lock()
	quit := in.quit
	in.mu.Unlock()
	if quit == nil {
		return ErrInboxStopped
	}
	stored := make(chan error, 1)
	go func() { stored <- in.svc.Inbox.HoldUpdate(context.WithoutCancel(ctx), in.opts.Owner, in.opts.Lease, u) }()
	select {
	case err := <-stored:
		if err != nil {
			return fmt.Errorf("bot: holding update %s: %w", u.UpdateID, err)
		}
		in.adopt(held{u: u, work: work}, quit)
		return nil
	case <-ctx.Done():
		go func() {
			if err := <-stored; err == nil {
				in.adopt(held{u: u}, quit) // stored after the caller gave up on it: finish it
			}
		}()
		return fmt.Errorf("bot: holding update %s: %w", u.UpdateID, ctx.Err())
	}
}

// adopt hands a held update to the loop, or, when Run has returned
// meanwhile, runs its work here and finishes it directly.
func (in *Inbox) adopt(h held, quit <-chan struct{}) {
	select {
	case in.held <- h:
		return
	case <-quit:
	}
	go func() {
		if h.work != nil {
			h.work(context.Background())
		}
		ctx, cancel := context.WithTimeout(context.Background(), dbTimeout)
		defer cancel()
		if _, err := in.svc.Inbox.ClaimUpdates(ctx, in.opts.Platform, in.opts.Owner, []int64{h.u.ID}, in.opts.Lease, 0); err != nil {
			in.log.Warn("inbox: cannot finish a held update after the inbox stopped; it will be handled again",
				"update_id", h.u.UpdateID, "err", err)
		}
	}()
}

// Stuck reports how long the database has kept the inbox from claiming,
// at now: the age of a claim still out, or the time since the first of
// the claims failing in a row began; 0 while claims come back. Updates
// stored meanwhile wait for it, and a platform may tell their senders.
func (in *Inbox) Stuck(now time.Time) time.Duration {
	var d time.Duration
	for _, since := range []int64{in.claimOut.Load(), in.failing.Load()} {
		if since != 0 {
			d = max(d, now.Sub(time.Unix(0, since)))
		}
	}
	return d
}

// LastClaim is when the last claim that came back started: an update
// stored before it was either claimed by it, by another replica, or
// waits behind its chat's update in flight.
func (in *Inbox) LastClaim() time.Time {
	if ns := in.claimed.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

// claimResult is what one claim brought back.
type claimResult struct {
	us    []*core.InboxUpdate
	done  int // how many finished ids the claim wrote
	n     int // how many updates it asked for
	err   error
	start time.Time
}

// dbTimeout bounds one claim or renewal; the loop does not wait for it,
// but a claim is not repeated while one is out.
const dbTimeout = 30 * time.Second

// claimGather is how long a claim may wait for more workers to come
// free while most of them are busy (see run): a claim costs a write
// transaction whether it brings one update or several.
const claimGather = 5 * time.Millisecond

// Run claims and handles stored updates until ctx ends, then waits (up
// to ShutdownTimeout) for the updates being handled and writes them
// finished. It returns nil.
func (in *Inbox) Run(ctx context.Context) error { return in.run(ctx, in.open()) }

// Start runs the inbox (Run) on a goroutine of its own, taking holds
// from the moment it returns, and returns stop, which ends it and waits
// for Run to return.
func (in *Inbox) Start(ctx context.Context) (stop func()) {
	quit := in.open()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = in.run(ctx, quit)
	}()
	return func() { cancel(); <-done }
}

// open marks the inbox running (Hold may hand it updates) and returns
// the channel run closes when it returns.
func (in *Inbox) open() chan struct{} {
	quit := make(chan struct{})
	in.mu.Lock()
	in.quit = quit
	in.mu.Unlock()
	return quit
}

// run is Run, after open.
func (in *Inbox) run(ctx context.Context, quit chan struct{}) error {
	defer func() {
		in.mu.Lock()
		in.quit = nil
		in.mu.Unlock()
		in.claimOut.Store(0)
		in.failing.Store(0)
		close(quit)
	}()
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	finished := make(chan int64, in.opts.Workers)
	inflight := map[int64]bool{}
	var done []int64            // handled, not yet written
	var claims chan claimResult // set while a claim is out
	var retryAt time.Time       // after a failed claim, the next is not before
	down := false               // the last claim failed (logged once)
	poll := time.NewTicker(in.opts.Poll)
	defer poll.Stop()
	renew := time.NewTicker(in.opts.Lease / 3)
	defer renew.Stop()
	stopping := ctx.Done()
	var deadline <-chan time.Time
	// While fewer than gather workers are free and others are busy, a
	// claim waits up to claimGather for more to come free, so that it
	// claims several updates and writes several finished ones at once:
	// in a rush a claim came after every finished update and brought
	// one (1.2 an update on SQLite, each a write transaction). With
	// most workers idle it goes at once.
	gather := max(1, in.opts.Workers/4)
	gatherT := time.NewTimer(time.Hour)
	gatherT.Stop()
	defer gatherT.Stop()
	gathering, gathered := false, false

	// report tells the loop an update was handled; after a shutdown
	// timeout nobody listens any more.
	report := func(id int64) {
		select {
		case finished <- id:
		case <-quit:
		}
	}
	claim := func(n int) {
		ids := done
		claims = make(chan claimResult, 1)
		start := time.Now()
		in.claimOut.Store(start.UnixNano())
		go func(out chan<- claimResult) {
			cctx, cancel := context.WithTimeout(work, dbTimeout)
			defer cancel()
			us, err := in.svc.Inbox.ClaimUpdates(cctx, in.opts.Platform, in.opts.Owner, ids, in.opts.Lease, n)
			out <- claimResult{us: us, done: len(ids), n: n, err: err, start: start}
		}(claims)
	}
	start := func(u *core.InboxUpdate) {
		if u.Attempts > in.opts.MaxAttempts {
			in.log.Error("inbox: update dropped after too many attempts", "update_id", u.UpdateID, "chat", u.Chat,
				"attempts", u.Attempts)
			done = append(done, u.ID)
			return
		}
		inflight[u.ID] = true
		go func() {
			defer report(u.ID)
			in.handle(work, u)
		}()
	}
	want := true // a claim may find something: at start, when woken, polled, after a finish or a full claim
	for {
		closing := stopping == nil
		if closing && len(inflight) == 0 && claims == nil && len(done) == 0 {
			return nil
		}
		free := in.opts.Workers - len(inflight)
		due := claims == nil && !time.Now().Before(retryAt) && (!closing && free > 0 && want || len(done) > 0)
		if due && !closing && !gathered && free < gather && len(inflight) > 0 {
			due = false
			if !gathering {
				gathering = true
				gatherT.Reset(claimGather)
			}
		}
		if due {
			n := free
			if closing {
				n = 0
			}
			want = false
			if gathering {
				gatherT.Stop()
			}
			gathering, gathered = false, false
			claim(n)
		}
		select {
		case id := <-finished:
			delete(inflight, id)
			done = append(done, id)
			want = true
		case r := <-claims:
			claims = nil
			if r.err != nil {
				in.failing.CompareAndSwap(0, r.start.UnixNano())
			} else {
				in.failing.Store(0)
				in.claimed.Store(r.start.UnixNano())
			}
			in.claimOut.Store(0)
			if r.err != nil {
				if !down {
					in.log.Error("inbox: cannot claim updates; handled ones are kept until the database answers",
						"err", r.err, "handled_unwritten", len(done))
				}
				down = true
				want = true
				retryAt = time.Now().Add(in.opts.Poll / 4)
				continue
			}
			if down {
				in.log.Info("inbox: claiming again", "handled_written", r.done)
			}
			down = false
			done = done[r.done:]
			if closing {
				in.release(work, r.us)
				continue
			}
			want = want || r.n > 0 && len(r.us) == r.n
			for _, u := range r.us {
				start(u)
			}
		case h := <-in.held:
			inflight[h.u.ID] = true
			go func() {
				defer report(h.u.ID)
				if h.work != nil {
					h.work(work)
				}
			}()
		case <-gatherT.C:
			gathering, gathered = false, true
		case <-in.wake:
			want = true
		case <-poll.C:
			want = true
		case <-renew.C:
			in.renew(work, inflight)
		case <-stopping:
			stopping = nil
			deadline = time.After(in.opts.ShutdownTimeout)
		case <-deadline:
			in.log.Warn("inbox: shutdown timeout; updates in flight are left for their lease to run out",
				"in_flight", len(inflight), "handled_unwritten", len(done))
			return nil
		}
	}
}

// renew extends the leases of the updates being handled, beside the
// loop.
func (in *Inbox) renew(ctx context.Context, inflight map[int64]bool) {
	if len(inflight) == 0 {
		return
	}
	ids := make([]int64, 0, len(inflight))
	for id := range inflight {
		ids = append(ids, id)
	}
	go func() {
		ctx, cancel := context.WithTimeout(ctx, dbTimeout)
		defer cancel()
		if _, err := in.svc.Inbox.RenewUpdates(ctx, in.opts.Owner, ids, in.opts.Lease); err != nil {
			in.log.Warn("inbox: cannot renew leases", "err", err, "updates", len(ids))
		}
	}()
}

// release hands back updates claimed while shutting down, so another
// replica need not wait for their lease.
func (in *Inbox) release(ctx context.Context, us []*core.InboxUpdate) {
	if len(us) == 0 {
		return
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := in.svc.Inbox.RenewUpdates(ctx, in.opts.Owner, ids, 0); err != nil {
		in.log.Warn("inbox: cannot release updates claimed while stopping", "err", err, "updates", len(ids))
	}
}
