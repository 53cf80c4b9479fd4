package postgres

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

// The connection's timeouts, unless the database URL sets its own: a
// server that stops answering must cost a person seconds, never a hung
// chat. connect_timeout bounds opening a connection (dial and startup);
// statement_timeout is the server's bound on one statement; TCP
// keepalives (libpq's keepalives_idle, keepalives_interval and
// keepalives_count, which lib/pq does not read: the dialer applies them)
// find a peer that vanished without closing. None of them sees a server
// that accepts connections and never answers (a frozen process: the
// kernel still acknowledges), and lib/pq's context cancellation then
// hangs too (it sends a cancel request and waits for the server's
// reply), so every read on a connection also has a deadline:
// statement_timeout plus readSlack.
const (
	defaultConnectTimeout   = 5 * time.Second
	defaultStatementTimeout = 10 * time.Second
	defaultKeepAliveIdle    = 30 * time.Second
	defaultKeepAliveEvery   = 10 * time.Second
	defaultKeepAliveCount   = 3
	readSlack               = 2 * time.Second
)

// connSettings are the timeouts one pool's connections get.
type connSettings struct {
	keepAlive   net.KeepAliveConfig
	readTimeout time.Duration // 0: reads wait as long as the server takes
}

// connector parses dsn (a URL or key=value string lib/pq understands),
// fills in the timeouts it does not set and binary_parameters, and
// returns a connector whose connections keep them. migrating drops the
// statement and read timeouts: a migration may rightly take long.
func connector(dsn string, migrating bool) (*pq.Connector, error) {
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		// lib/pq's error may quote the DSN, password included: say less.
		return nil, fmt.Errorf("postgres: the database URL does not parse: %s", firstLine(err))
	}
	// binary_parameters lets lib/pq send parse, bind and execute in one
	// round trip instead of two: a booking's latency is mostly round trips.
	if !strings.Contains(dsn, "binary_parameters") {
		cfg.BinaryParameters = true
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = defaultConnectTimeout
	}
	if cfg.Runtime == nil {
		cfg.Runtime = map[string]string{}
	}
	set := connSettings{keepAlive: net.KeepAliveConfig{Enable: true, Idle: defaultKeepAliveIdle,
		Interval: defaultKeepAliveEvery, Count: defaultKeepAliveCount}}
	for key, into := range map[string]*time.Duration{"keepalives_idle": &set.keepAlive.Idle,
		"keepalives_interval": &set.keepAlive.Interval} {
		if v, ok := cfg.Runtime[key]; ok {
			delete(cfg.Runtime, key)
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("postgres: %s must be a number of seconds, got %q", key, v)
			}
			*into = time.Duration(n) * time.Second
		}
	}
	if v, ok := cfg.Runtime["keepalives_count"]; ok {
		delete(cfg.Runtime, "keepalives_count")
		if set.keepAlive.Count, err = strconv.Atoi(v); err != nil || set.keepAlive.Count < 1 {
			return nil, fmt.Errorf("postgres: keepalives_count must be a number, got %q", v)
		}
	}
	if v, ok := cfg.Runtime["keepalives"]; ok {
		delete(cfg.Runtime, "keepalives")
		set.keepAlive.Enable = v != "0"
	}
	// The store keeps its statements prepared (sqlstore's statements),
	// but PostgreSQL plans a prepared statement again at each of its
	// first five runs on a connection, and at every run for as long as
	// the plan for the values at hand looks cheaper than the generic one:
	// with 32 connections a rush of 200 ran each statement about six
	// times on each, so nearly every run was planned (a sixth of the
	// server's CPU). The store's statements are written for a plan that
	// does not depend on their values: plan each once per connection.
	if _, ok := cfg.Runtime["plan_cache_mode"]; !ok && !migrating {
		cfg.Runtime["plan_cache_mode"] = "force_generic_plan"
	}
	if migrating {
		cfg.Runtime["statement_timeout"] = "0"
	} else {
		st := defaultStatementTimeout
		if v, ok := cfg.Runtime["statement_timeout"]; ok {
			if st, err = serverDuration(v); err != nil {
				return nil, fmt.Errorf("postgres: statement_timeout: %w", err)
			}
		} else {
			cfg.Runtime["statement_timeout"] = strconv.FormatInt(st.Milliseconds(), 10)
		}
		if st > 0 {
			set.readTimeout = st + readSlack
		}
	}
	c, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	c.Dialer(dialer{d: net.Dialer{KeepAliveConfig: set.keepAlive}, read: set.readTimeout})
	return c, nil
}

// serverDuration reads a PostgreSQL time setting: a number of
// milliseconds, or a number with a unit (ms, s, min, h).
func serverDuration(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	num := strings.TrimRight(v, "abcdefghijklmnopqrstuvwxyz ")
	unit := strings.TrimSpace(v[len(num):])
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a time such as 10000 or 10s", v)
	}
	per := map[string]time.Duration{"": time.Millisecond, "ms": time.Millisecond, "s": time.Second,
		"min": time.Minute, "h": time.Hour}[unit]
	if per == 0 {
		return 0, fmt.Errorf("%q: the unit must be ms, s, min or h", v)
	}
	return time.Duration(n) * per, nil
}

// firstLine is err's message up to its first newline.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if i := strings.Index(msg, "://"); i >= 0 {
		return "not a valid URL"
	}
	return msg
}

// dialer opens lib/pq's connections with TCP keepalives and, when read
// is set, a deadline on every read.
type dialer struct {
	d    net.Dialer
	read time.Duration
}

// Dial opens a connection.
func (d dialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialTimeout opens a connection within timeout.
func (d dialer) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return d.DialContext(ctx, network, address)
}

// DialContext opens a connection within ctx.
func (d dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	c, err := d.d.DialContext(ctx, network, address)
	if err != nil || d.read <= 0 {
		return c, err
	}
	return &readDeadlineConn{Conn: c, timeout: d.read}, nil
}

// readDeadlineConn fails a read that waits longer than timeout: the
// server has not answered for longer than it may run a statement, so it
// is not going to. lib/pq then drops the connection and returns the
// error, which the store reports as the database being unreachable.
type readDeadlineConn struct {
	net.Conn
	timeout time.Duration
	until   time.Time // lib/pq's own deadline (connect_timeout), while set
}

// Read reads with a deadline: timeout from now, or lib/pq's when sooner.
func (c *readDeadlineConn) Read(b []byte) (int, error) {
	d := time.Now().Add(c.timeout)
	if !c.until.IsZero() && c.until.Before(d) {
		d = c.until
	}
	if err := c.Conn.SetReadDeadline(d); err != nil {
		return 0, err
	}
	return c.Conn.Read(b)
}

// SetDeadline records lib/pq's deadline (set for the startup, cleared
// after it) for Read to honour, and sets it for writes.
func (c *readDeadlineConn) SetDeadline(t time.Time) error {
	c.until = t
	return c.Conn.SetWriteDeadline(t)
}
