package postgres

import (
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
	"github.com/slotbot/slotbot/adapters/sqlstore"
)

// cacheListener keeps the store's cache of the catalog in step with the
// other replicas' writes: it listens on sqlstore.CacheChannel, which a
// trigger on each cached table notifies (migration 00019), and drops the
// table named. The cache is trusted only while it listens: from the
// moment LISTEN is acknowledged until the connection is lost, and again
// (emptied first) once it is back.
type cacheListener struct {
	l    *pq.Listener
	done chan struct{}
}

// listenForCache starts listening for st's schema on a connection of its
// own (lib/pq's Listener reconnects by itself). It never blocks: until
// LISTEN is acknowledged, the cache stays untrusted and every read goes
// to the database.
func listenForCache(dsn, schema string, st *sqlstore.Store) *cacheListener {
	var listening atomic.Bool
	event := func(ev pq.ListenerEventType, _ error) {
		switch ev {
		case pq.ListenerEventDisconnected:
			st.SetCacheTrusted(false)
		case pq.ListenerEventReconnected: // the channel is listened to again
			if listening.Load() {
				st.SetCacheTrusted(true)
			}
		}
	}
	keep := net.KeepAliveConfig{Enable: true, Idle: defaultKeepAliveIdle, Interval: defaultKeepAliveEvery,
		Count: defaultKeepAliveCount}
	l := pq.NewDialListener(dialer{d: net.Dialer{KeepAliveConfig: keep, Timeout: defaultConnectTimeout}},
		listenerDSN(dsn), 200*time.Millisecond, 10*time.Second, event)
	c := &cacheListener{l: l, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		if err := l.Listen(sqlstore.CacheChannel); err == nil {
			listening.Store(true)
			st.SetCacheTrusted(true)
		}
		for n := range l.Notify {
			if n == nil { // reconnected: what was said meanwhile is lost
				st.Invalidate("")
				continue
			}
			if s, name, ok := strings.Cut(n.Extra, "."); ok && s == schema {
				st.Invalidate(name)
			}
		}
	}()
	return c
}

// close stops listening; the store's cache is no longer trusted.
func (c *cacheListener) close(st *sqlstore.Store) {
	st.SetCacheTrusted(false)
	_ = c.l.Close()
	<-c.done
}

// listenerDSN is dsn without the keepalive settings, which lib/pq would
// send to the server as parameters it does not know (the pool's
// connector applies them itself; the listener's dialer has its own).
func listenerDSN(dsn string) string {
	if !strings.Contains(dsn, "keepalives") {
		return dsn
	}
	drop := func(key string) bool { return strings.HasPrefix(key, "keepalives") }
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		for key := range q {
			if drop(key) {
				q.Del(key)
			}
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	var kept []string
	for _, f := range strings.Fields(dsn) {
		if key, _, _ := strings.Cut(f, "="); !drop(strings.TrimSpace(key)) {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}
