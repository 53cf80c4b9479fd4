package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Backoff of a platform that failed: from platformRetryMin, doubling, up
// to platformRetryMax; a platform that ran for platformSettled before
// failing starts again from the minimum.
const (
	platformRetryMin = time.Second
	platformRetryMax = time.Minute
	platformSettled  = 2 * time.Second
)

// platform keeps a chat platform's Run going: one that cannot start
// (its API unreachable, a token refused) or drops out is logged, shown
// down on /readyz and /metrics with the reason, and started again after
// a backoff, while the rest of the process — other platforms, the HTTP
// listener, the scheduler — runs on. It is up once its Run has lasted
// platformSettled.
type platform struct {
	name  string
	run   func(ctx context.Context) error
	log   *slog.Logger
	onUp  func(up bool) // metrics; may be nil
	mu    sync.Mutex
	up    bool
	why   string // the last failure, while down
	retry time.Time
}

// job runs the platform until ctx ends; it never fails the group.
func (p *platform) job() job {
	return job{name: p.name, run: p.keep}
}

// keep runs p.run again and again until ctx ends.
func (p *platform) keep(ctx context.Context) error {
	p.set(false, "connecting", time.Time{})
	backoff := platformRetryMin
	for ctx.Err() == nil {
		started := time.Now()
		settled := time.AfterFunc(platformSettled, func() { p.set(true, "", time.Time{}) })
		err := p.run(ctx)
		settled.Stop()
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			err = errors.New("stopped by itself")
		}
		if time.Since(started) > platformSettled {
			backoff = platformRetryMin
		}
		p.set(false, err.Error(), time.Now().Add(backoff))
		p.log.Error("slotbot: platform down; retrying", "platform", p.name, "err", err, "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, platformRetryMax)
	}
	return nil
}

// set records the platform's state.
func (p *platform) set(up bool, why string, retry time.Time) {
	p.mu.Lock()
	was := p.up
	p.up, p.why, p.retry = up, why, retry
	p.mu.Unlock()
	if up && !was {
		p.log.Info("slotbot: platform up", "platform", p.name)
	}
	if p.onUp != nil {
		p.onUp(up)
	}
}

// Ready reports the platform up, or why it is down and when it is
// tried again.
func (p *platform) Ready(context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.up:
		return nil
	case p.retry.IsZero():
		return fmt.Errorf("down: %s", p.why)
	}
	return fmt.Errorf("down: %s (retrying in %s)", p.why, max(0, time.Until(p.retry)).Round(time.Second))
}
