package scheduler

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Rate is "at most N sends per Per". It is enforced as N slots: a send
// holds one from the moment it starts until Per after it ends. Any window
// of length Per therefore sees at most N sends arrive at the platform,
// however late goroutines wake or however long a call takes — a limit
// counted from planned send times would not survive that jitter. The
// price is the call's own latency: the achieved rate is N / (Per +
// latency). A zero N means no limit.
type Rate struct {
	N   int
	Per time.Duration
}

// Limit is a platform's sending limits.
type Limit struct {
	Overall Rate // all chats together
	Chat    Rate // each private chat
	Group   Rate // each group chat, when IsGroup says so (instead of Chat)
	// IsGroup tells group chats from private ones; nil: none are groups.
	IsGroup func(chatID string) bool
}

// DefaultLimits are the platforms' published limits: Telegram 30 messages
// a second overall, 1 a second per chat and 20 a minute per group (group
// ids are negative); Discord about 50 requests a second overall, and 5
// per 5 seconds per channel; the console none. Several replicas share a
// bot's limits: give each its share.
func DefaultLimits() map[string]Limit {
	return map[string]Limit{
		"telegram": {
			Overall: Rate{30, time.Second},
			Chat:    Rate{1, time.Second},
			Group:   Rate{20, time.Minute},
			IsGroup: func(chatID string) bool { return strings.HasPrefix(chatID, "-") },
		},
		"discord": {
			Overall: Rate{40, time.Second},
			Chat:    Rate{5, 5 * time.Second},
		},
	}
}

// slots is one Rate's state: sends in progress and the times at which the
// slots of finished sends free up again.
type slots struct {
	rate    Rate
	busy    int
	frees   []time.Time // ascending
	waiting int         // sends queued for this key, for wait estimates
}

// purge forgets slots freed by now.
func (s *slots) purge(now time.Time) {
	i := 0
	for i < len(s.frees) && !s.frees[i].After(now) {
		i++
	}
	s.frees = s.frees[i:]
}

// open reports whether a send may start now.
func (s *slots) open() bool { return s.rate.N <= 0 || s.busy+len(s.frees) < s.rate.N }

// idle reports whether the key holds no state worth keeping.
func (s *slots) idle() bool { return s.busy == 0 && len(s.frees) == 0 && s.waiting == 0 }

// nextFree is when the earliest held slot frees; zero if only busy sends
// hold them (their end is unknown).
func (s *slots) nextFree() time.Time {
	if len(s.frees) == 0 {
		return time.Time{}
	}
	return s.frees[0]
}

// estimate guesses how long a new send would wait for this key.
func (s *slots) estimate(now time.Time) time.Duration {
	if s.rate.N <= 0 || s.open() && s.waiting == 0 {
		return 0
	}
	ahead := s.waiting + 1 - max(s.rate.N-s.busy-len(s.frees), 0)
	d := time.Duration(ahead) * s.rate.Per / time.Duration(s.rate.N)
	if f := s.nextFree(); !f.IsZero() && f.Sub(now) > d {
		d = f.Sub(now)
	}
	return d
}

// release frees a slot Per after now.
func (s *slots) release(now time.Time) {
	s.busy--
	if s.rate.N > 0 {
		s.frees = append(s.frees, now.Add(s.rate.Per))
	}
}

// platform is one platform's limits and state.
type platform struct {
	limit   Limit
	overall *slots
	chats   map[string]*slots
	paused  time.Time // no send starts before this (a Retry-After)
}

// chat returns the state of one chat, creating it.
func (p *platform) chat(id string) *slots {
	s := p.chats[id]
	if s == nil {
		r := p.limit.Chat
		if p.limit.IsGroup != nil && p.limit.IsGroup(id) {
			r = p.limit.Group
		}
		s = &slots{rate: r}
		p.chats[id] = s
	}
	return s
}

// limiter spaces sends per platform and per chat. It lives in one
// process: replicas that share a bot must share its limits by
// configuration, and a platform's 429 (Retry-After) covers the rest.
type limiter struct {
	mu        sync.Mutex
	limits    map[string]Limit
	platforms map[string]*platform
	changed   chan struct{} // closed (and replaced) when a slot is released or a pause set
}

// newLimiter makes a limiter for the given limits; platforms not listed
// are not limited.
func newLimiter(limits map[string]Limit) *limiter {
	return &limiter{limits: limits, platforms: map[string]*platform{}, changed: make(chan struct{})}
}

// state returns a platform's state, or nil for an unlimited one.
func (l *limiter) state(name string) *platform {
	p := l.platforms[name]
	if p == nil {
		lim, ok := l.limits[name]
		if !ok {
			return nil
		}
		p = &platform{limit: lim, overall: &slots{rate: lim.Overall}, chats: map[string]*slots{}}
		l.platforms[name] = p
	}
	return p
}

// wakeAll tells waiters to look again; called with mu held.
func (l *limiter) wakeAll() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// estimate guesses how long a send to chatID would wait now.
func (l *limiter) estimate(name, chatID string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.state(name)
	if p == nil {
		return 0
	}
	now := time.Now()
	c := p.chat(chatID)
	p.overall.purge(now)
	c.purge(now)
	d := max(p.overall.estimate(now), c.estimate(now))
	if w := p.paused.Sub(now); w > d {
		d = w
	}
	if c.idle() {
		delete(p.chats, chatID)
	}
	return d
}

// acquire waits until a send to chatID may start and takes its slots;
// release must be called when the send ends, whatever its outcome.
func (l *limiter) acquire(ctx context.Context, name, chatID string) (release func(), err error) {
	l.mu.Lock()
	p := l.state(name)
	if p == nil {
		l.mu.Unlock()
		return func() {}, nil
	}
	c := p.chat(chatID)
	c.waiting++
	p.overall.waiting++
	for {
		now := time.Now()
		p.overall.purge(now)
		c.purge(now)
		if !now.Before(p.paused) && p.overall.open() && c.open() {
			c.waiting--
			p.overall.waiting--
			c.busy++
			p.overall.busy++
			l.mu.Unlock()
			return func() { l.release(p, chatID, c) }, nil
		}
		wake := p.paused
		if !now.Before(wake) {
			wake = time.Time{}
			for _, s := range []*slots{p.overall, c} {
				if !s.open() {
					if f := s.nextFree(); !f.IsZero() && (wake.IsZero() || f.After(wake)) {
						wake = f
					}
				}
			}
		}
		changed := l.changed
		l.mu.Unlock()
		var timer *time.Timer
		var fire <-chan time.Time
		if !wake.IsZero() {
			timer = time.NewTimer(wake.Sub(now))
			fire = timer.C
		}
		select {
		case <-ctx.Done():
		case <-fire:
		case <-changed:
		}
		if timer != nil {
			timer.Stop()
		}
		l.mu.Lock()
		if ctx.Err() != nil {
			c.waiting--
			p.overall.waiting--
			if c.idle() {
				delete(p.chats, chatID)
			}
			l.mu.Unlock()
			return nil, ctx.Err()
		}
	}
}

// release ends a send: its slots free up after their Per.
func (l *limiter) release(p *platform, chatID string, c *slots) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	p.overall.release(now)
	c.release(now)
	if c.idle() {
		delete(p.chats, chatID)
	}
	l.sweep(p, now)
	l.wakeAll()
}

// sweep drops the state of chats whose slots have all freed, now and
// then, so a bot that wrote to many chats does not keep them all.
func (l *limiter) sweep(p *platform, now time.Time) {
	if len(p.chats) < 1024 {
		return
	}
	for id, c := range p.chats {
		c.purge(now)
		if c.idle() {
			delete(p.chats, id)
		}
	}
}

// pause holds every send to a platform for d (a Retry-After).
func (l *limiter) pause(name string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.state(name)
	if p == nil {
		p = &platform{overall: &slots{}, chats: map[string]*slots{}}
		l.platforms[name] = p
	}
	if until := time.Now().Add(d); until.After(p.paused) {
		p.paused = until
	}
	l.wakeAll()
}
