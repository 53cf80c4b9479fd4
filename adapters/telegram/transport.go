package telegram

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Every Bot API call is one small request and one small answer. Go's
// http.Transport hands each request to a connection's writer goroutine
// and its answer back from a reader goroutine: four goroutine switches a
// call, and on a bot that waits most of the time each switch wakes an
// idle thread. Under the rush those wake-ups were a fifth of the
// process's CPU. Transport makes the call on the caller's goroutine: it
// writes the request and reads the answer itself, on a kept-alive
// HTTP/1.1 connection.

// Transport is the HTTP transport of the Bot API: HTTP/1.1 with
// keep-alive, each call written and read on the caller's goroutine.
// Requests through a proxy (HTTP_PROXY and the like), or to a scheme
// other than http and https, go through Go's transport instead.
type Transport struct {
	// MaxIdle is how many idle connections are kept a host; 0: 64.
	MaxIdle int
	// IdleTimeout is how long an idle connection is kept; 0: 60 s.
	IdleTimeout time.Duration
	// TLSClientConfig is the TLS settings of https calls made here (not
	// through a proxy), so that a test can trust its own server; nil: the
	// system's roots. ServerName and NextProtos are set per connection.
	TLSClientConfig *tls.Config
	// Observe, if set, is told of every call's answer: its status, or
	// the error that left none (the metrics count them).
	Observe func(status int, err error)

	dialer   net.Dialer
	fallback *http.Transport

	mu   sync.Mutex
	idle map[string][]*conn // by scheme and host, the most recent last
}

// NewTransport returns a Transport with the defaults.
func NewTransport() *Transport {
	fb := http.DefaultTransport.(*http.Transport).Clone()
	fb.MaxIdleConnsPerHost = 64
	return &Transport{dialer: net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}, fallback: fb,
		idle: map[string][]*conn{}}
}

// conn is one kept-alive connection.
type conn struct {
	key  string
	nc   net.Conn // the TLS connection for https
	peek *peeker  // looks at the TCP connection under it while it is idle (alive_*.go)
	br   *bufio.Reader
	bw   *bufio.Writer
	used time.Time // when it was last put back
}

// RoundTrip sends req and reads the answer's head; the body is read from
// the connection as the caller reads it, and the connection is kept once
// the body has been read to its end, or dropped.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.roundTrip(req)
	if resp != nil {
		t.observe(resp.StatusCode, err)
	} else {
		t.observe(0, err)
	}
	return resp, err
}

// observe tells Observe of an answer.
func (t *Transport) observe(status int, err error) {
	if t.Observe != nil {
		t.Observe(status, err)
	}
}

func (t *Transport) roundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil || req.URL.Host == "" || (req.URL.Scheme != "http" && req.URL.Scheme != "https") {
		return t.fallback.RoundTrip(req)
	}
	if p, err := http.ProxyFromEnvironment(req); err != nil || p != nil {
		return t.fallback.RoundTrip(req)
	}
	ctx := req.Context()
	for retried := false; ; retried = true {
		c, reused, err := t.get(ctx, time.Time{}, req.URL.Scheme+"://"+req.URL.Host, req.URL)
		if err != nil {
			closeBody(req)
			return nil, err
		}
		resp, werr, err := t.exchange(ctx, c, req)
		if err == nil {
			return resp, nil
		}
		c.nc.Close()
		// A connection the server dropped while it was idle refuses the
		// write: the server read nothing, so the request may be sent
		// again, on a new connection, when its body can be read again.
		if werr && reused && !retried && ctx.Err() == nil && req.GetBody != nil {
			if body, gerr := req.GetBody(); gerr == nil {
				r2 := *req
				r2.Body = body
				req = &r2
				continue
			}
		}
		closeBody(req)
		return nil, err
	}
}

// exchange writes req on c and reads the answer's head. werr tells that
// the write failed.
func (t *Transport) exchange(ctx context.Context, c *conn, req *http.Request) (resp *http.Response, werr bool, err error) {
	deadline, _ := ctx.Deadline()
	if err := c.nc.SetDeadline(deadline); err != nil {
		return nil, true, err
	}
	stop := context.AfterFunc(ctx, func() { _ = c.nc.SetDeadline(time.Unix(1, 0)) })
	fail := func(write bool, err error) (*http.Response, bool, error) {
		stop()
		if cerr := ctx.Err(); cerr != nil {
			err = fmt.Errorf("%w (%w)", cerr, err)
		}
		return nil, write, fmt.Errorf("%s %s: %w", req.Method, redactURL(req), err)
	}
	if err := req.Write(c.bw); err != nil {
		return fail(true, err)
	}
	if err := c.bw.Flush(); err != nil {
		return fail(true, err)
	}
	// Informational answers (100 Continue and the like) come before the
	// answer; Go's transport skips them too, up to a few.
	for n := 0; ; n++ {
		resp, err = http.ReadResponse(c.br, req)
		if err != nil {
			return fail(false, err)
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols || n == max1xx {
			break
		}
	}
	keep := !resp.Close && !req.Close && resp.StatusCode >= 200
	b := &body{t: t, c: c, rc: resp.Body, stop: stop, keep: keep}
	resp.Body = b
	if resp.ContentLength == 0 || req.Method == http.MethodHead {
		b.done(true) // nothing to read: the connection is free already
	}
	return resp, false, nil
}

// max1xx is how many informational answers are skipped before one is
// returned as the answer (and its connection dropped).
const max1xx = 5

// redactURL is the request's address without its path, which holds the
// bot token.
func redactURL(req *http.Request) string { return req.URL.Scheme + "://" + req.URL.Host }

// closeBody closes a request's body the transport will not send, as a
// RoundTripper must.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// get returns a kept connection to u's host (key: its scheme and host)
// that is still open, or a new one, dialled by deadline (zero: ctx's).
func (t *Transport) get(ctx context.Context, deadline time.Time, key string, u *url.URL) (c *conn, reused bool, err error) {
	now := time.Now()
	for {
		t.mu.Lock()
		list := t.idle[key]
		if n := len(list); n > 0 {
			c = list[n-1]
			list[n-1] = nil
			t.idle[key] = list[:n-1]
		}
		t.mu.Unlock()
		if c == nil {
			break
		}
		if now.Sub(c.used) < t.idleTimeout() && c.peek.alive() {
			return c, true, nil
		}
		c.nc.Close()
		c = nil
	}
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	return t.dial(ctx, u, key)
}

// dial opens a connection to u's host.
func (t *Transport) dial(ctx context.Context, u *url.URL, key string) (*conn, bool, error) {
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	raw, err := t.dialer.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, false, err
	}
	nc := raw
	if u.Scheme == "https" {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if t.TLSClientConfig != nil {
			cfg = t.TLSClientConfig.Clone()
		}
		cfg.ServerName, cfg.NextProtos = host, []string{"http/1.1"}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, false, err
		}
		nc = tc
	}
	return &conn{key: key, nc: nc, peek: newPeeker(raw), br: bufio.NewReaderSize(nc, 4<<10), bw: bufio.NewWriterSize(nc, 4<<10)}, false, nil
}

// put keeps c for the next call to its host, or closes it when enough
// are kept, or when bytes past the answer were read already (a server
// that sent more than its answer's length is not trusted with the next
// call: those bytes would be read as its answer).
func (t *Transport) put(c *conn) {
	if c.br.Buffered() > 0 {
		c.nc.Close()
		return
	}
	c.used = time.Now()
	max := t.MaxIdle
	if max <= 0 {
		max = 64
	}
	t.mu.Lock()
	if len(t.idle[c.key]) < max {
		t.idle[c.key] = append(t.idle[c.key], c)
		c = nil
	}
	t.mu.Unlock()
	if c != nil {
		c.nc.Close()
	}
}

func (t *Transport) idleTimeout() time.Duration {
	if t.IdleTimeout > 0 {
		return t.IdleTimeout
	}
	return 60 * time.Second
}

// CloseIdleConnections closes the kept connections (http.Client's
// CloseIdleConnections calls it).
func (t *Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle = map[string][]*conn{}
	t.mu.Unlock()
	for _, list := range idle {
		for _, c := range list {
			c.nc.Close()
		}
	}
	t.fallback.CloseIdleConnections()
}

// body is an answer's body: once read to its end, its connection goes
// back to the transport; closed before, the connection is drained of a
// small rest, or closed.
type body struct {
	t    *Transport
	c    *conn
	rc   io.ReadCloser
	stop func() bool // stops the context's watch on the connection
	keep bool        // the connection may carry another request
	mu   sync.Mutex
	over bool
}

// maxDrain is the most a body closed early is read on to keep its
// connection.
const maxDrain = 4 << 10

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err != nil {
		b.done(err == io.EOF)
	}
	return n, err
}

func (b *body) Close() error {
	b.mu.Lock()
	over := b.over
	b.mu.Unlock()
	if over {
		return nil
	}
	n, err := io.CopyN(io.Discard, b.rc, maxDrain+1)
	b.done(errors.Is(err, io.EOF) && n <= maxDrain)
	return nil
}

// done ends the body once: the connection is kept when the body was read
// to its end, the answer allows it and the context's watch had not
// fired; else it is closed.
func (b *body) done(complete bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.over {
		return
	}
	b.over = true
	if b.stop() && complete && b.keep {
		b.t.put(b.c)
		return
	}
	b.c.nc.Close()
}
