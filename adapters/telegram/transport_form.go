package telegram

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Nearly every Bot API call is a form posted to one of four methods, and
// its answer a short JSON body with a Content-Length. Through RoundTrip
// each call built an http.Request, wrote it through Request.Write,
// parsed the answer's head into an http.Header map and wrapped its body,
// under a context made for its timeout: about twenty allocations a call.
// post writes the request's bytes itself and reads an answer of the
// common shape (HTTP/1.1, a status of 200 to 599 but 204 and 304, one
// Content-Length, no Transfer-Encoding, a head within the connection's
// buffer) without building any of those; any other answer is read by
// http.ReadResponse, as RoundTrip reads it.

// target is a method's address, read once for post.
type target struct {
	u      *url.URL
	key    string // the connections' key: scheme and host
	head   []byte // the request up to Content-Length's value
	direct bool   // no proxy: post makes the call itself
}

// newTarget reads u for post: the request line, Host, User-Agent and
// Content-Type that Request.Write writes for a form.
func newTarget(u *url.URL) *target {
	tg := &target{u: u, key: u.Scheme + "://" + u.Host}
	proxy, err := http.ProxyFromEnvironment(&http.Request{URL: u}) // the environment is read once a process
	tg.direct = err == nil && proxy == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https")
	tg.head = fmt.Appendf(nil, "POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Go-http-client/1.1\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ", u.RequestURI(), u.Host)
	return tg
}

// post sends body to tg as a urlencoded form and appends the answer's
// body to dst, by deadline or until ctx ends. Through a proxy it goes
// through RoundTrip.
func (t *Transport) post(ctx context.Context, deadline time.Time, tg *target, body, dst []byte) (status int, answer []byte, err error) {
	if !tg.direct {
		return t.postThrough(ctx, deadline, tg, body, dst)
	}
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	for retried := false; ; retried = true {
		c, reused, err := t.get(ctx, deadline, tg.key, tg.u)
		if err != nil {
			t.observe(0, err)
			return 0, dst, err
		}
		status, answer, werr, err := t.exchangeForm(ctx, deadline, c, tg, body, dst)
		if err == nil {
			t.observe(status, nil)
			return status, answer, nil
		}
		c.nc.Close()
		// As in RoundTrip: a write refused on a reused connection was
		// read by nobody, and goes again on a new one.
		if werr && reused && !retried && ctx.Err() == nil {
			continue
		}
		t.observe(0, err)
		return 0, dst, err
	}
}

// postThrough is post by RoundTrip: through Go's transport and a proxy.
func (t *Transport) postThrough(ctx context.Context, deadline time.Time, tg *target, body, dst []byte) (int, []byte, error) {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tg.u.String(), bytes.NewReader(body))
	if err != nil {
		return 0, dst, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := t.RoundTrip(req)
	if err != nil {
		return 0, dst, err
	}
	defer resp.Body.Close()
	dst, err = appendAll(dst, resp.Body)
	return resp.StatusCode, dst, err
}

// exchangeForm writes body on c and reads the answer into dst; c goes
// back to the transport when it may carry the next call. werr tells
// that the write failed.
func (t *Transport) exchangeForm(ctx context.Context, deadline time.Time, c *conn, tg *target, body, dst []byte) (status int, answer []byte, werr bool, err error) {
	if err := c.nc.SetDeadline(deadline); err != nil {
		return 0, dst, true, err
	}
	stop := func() bool { return true }
	if ctx.Done() != nil {
		stop = context.AfterFunc(ctx, func() { _ = c.nc.SetDeadline(time.Unix(1, 0)) })
	}
	fail := func(write bool, err error) (int, []byte, bool, error) {
		stop()
		if cerr := ctx.Err(); cerr != nil {
			err = fmt.Errorf("%w (%w)", cerr, err)
		}
		return 0, dst, write, fmt.Errorf("POST %s://%s: %w", tg.u.Scheme, tg.u.Host, err)
	}
	_, _ = c.bw.Write(tg.head)
	_, _ = c.bw.Write(strconv.AppendInt(c.bw.AvailableBuffer(), int64(len(body)), 10))
	_, _ = c.bw.WriteString("\r\n\r\n")
	_, _ = c.bw.Write(body)
	if err := c.bw.Flush(); err != nil {
		return fail(true, err)
	}
	keep := false
	for n := 0; ; n++ {
		h, fast, err := peekHead(c)
		if err != nil {
			return fail(false, err)
		}
		if fast {
			_, _ = c.br.Discard(h.size)
			start := len(dst)
			dst = slices.Grow(dst, int(h.length))[:start+int(h.length)]
			if _, err := io.ReadFull(c.br, dst[start:]); err != nil {
				dst = dst[:start]
				if err == io.EOF {
					err = io.ErrUnexpectedEOF // as http's body says
				}
				return fail(false, err)
			}
			status, keep = h.status, !h.close
			break
		}
		// Any other answer, as RoundTrip reads it.
		resp, err := http.ReadResponse(c.br, nil)
		if err != nil {
			return fail(false, err)
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols || n == max1xx {
			start := len(dst)
			if dst, err = appendAll(dst, resp.Body); err != nil {
				dst = dst[:start]
				return fail(false, err)
			}
			status, keep = resp.StatusCode, !resp.Close && resp.StatusCode >= 200
			break
		}
	}
	if watched := stop(); keep && watched {
		t.put(c)
	} else {
		c.nc.Close()
	}
	return status, dst, false, nil
}

// appendAll appends what r holds to dst.
func appendAll(dst []byte, r io.Reader) ([]byte, error) {
	for {
		dst = slices.Grow(dst, 512)
		n, err := r.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
}

// answerHead is an answer's head of the common shape.
type answerHead struct {
	status int
	length int64 // Content-Length
	close  bool  // Connection: close
	size   int   // the head's bytes, the empty line included
}

// maxFastBody is the longest body post reads by its Content-Length; a
// longer one (none of the Bot API's) is read by http.ReadResponse.
const maxFastBody = 16 << 20

// peekHead reads the answer's head into c's buffer, without consuming
// it: fast when it has the common shape, else as soon as it is seen not
// to (or does not fit the buffer), for http.ReadResponse to read it.
func peekHead(c *conn) (h answerHead, fast bool, err error) {
	for want := 1; ; want = c.br.Buffered() + 1 {
		if want > c.br.Size() {
			return answerHead{}, false, nil
		}
		b, err := c.br.Peek(want)
		if err != nil {
			if len(b) > 0 {
				return answerHead{}, false, nil // what is there is http.ReadResponse's to judge
			}
			return answerHead{}, false, err
		}
		b, _ = c.br.Peek(c.br.Buffered())
		h, state := scanHead(b)
		switch state {
		case headFast:
			return h, true, nil
		case headOther:
			return answerHead{}, false, nil
		}
	}
}

// headState is what scanHead made of the bytes read so far.
type headState int

const (
	headMore  headState = iota // the common shape so far: read on
	headFast                   // a whole head of the common shape
	headOther                  // not the common shape
)

// scanHead reads an answer's head from b: its status line and header
// lines, CRLF-ended, up to the empty line. Only what http.ReadResponse
// reads the same way is taken: a field name of token characters, a
// value of visible characters, spaces and tabs; Content-Length once, in
// digits; Connection's tokens. Anything else (a bare LF, a folded line,
// another version, Transfer-Encoding) is headOther, for
// http.ReadResponse.
func scanHead(b []byte) (h answerHead, state headState) {
	const status = "HTTP/1.1 "
	n := min(len(b), len(status))
	if string(b[:n]) != status[:n] {
		return h, headOther
	}
	if len(b) < len(status)+3 {
		return h, headMore
	}
	for _, d := range b[len(status) : len(status)+3] {
		if d < '0' || d > '9' {
			return h, headOther
		}
		h.status = h.status*10 + int(d-'0')
	}
	if h.status < 200 || h.status > 599 || h.status == http.StatusNoContent || h.status == http.StatusNotModified {
		return h, headOther // no body, or more answers to come: Go's rules
	}
	i := len(status) + 3
	if i < len(b) && b[i] != ' ' && b[i] != '\r' {
		return h, headOther
	}
	line, ok := cutLine(b[i:], true)
	if !ok {
		return h, headOther
	}
	if line < 0 {
		return h, headMore
	}
	i += line
	seenLength := false
	for {
		end, ok := cutLine(b[i:], false)
		if !ok {
			return h, headOther
		}
		if end < 0 {
			return h, headMore
		}
		field := b[i : i+end-2]
		i += end
		if len(field) == 0 {
			if !seenLength {
				return h, headOther
			}
			h.size = i
			return h, headFast
		}
		colon := 0
		for colon < len(field) && field[colon] != ':' {
			if !tokenByte(field[colon]) {
				return h, headOther
			}
			colon++
		}
		if colon == 0 || colon == len(field) {
			return h, headOther
		}
		name, value := field[:colon], trimOWS(field[colon+1:])
		switch {
		case asciiFold(name, "Content-Length"):
			if seenLength || len(value) == 0 || len(value) > 8 {
				return h, headOther
			}
			for _, d := range value {
				if d < '0' || d > '9' {
					return h, headOther
				}
				h.length = h.length*10 + int64(d-'0')
			}
			if h.length > maxFastBody {
				return h, headOther
			}
			seenLength = true
		case asciiFold(name, "Transfer-Encoding"):
			return h, headOther
		case asciiFold(name, "Connection"):
			h.close = h.close || hasToken(value, "close")
		}
	}
}

// cutLine finds the CRLF that ends the line at the start of b and
// returns the line's length with it: -1 when b holds no whole line yet.
// ok is false for a byte no line of the common shape holds: a control
// character other than a tab, a lone CR or LF, or (in a field line, not
// the status line) a space or tab first, which would fold it.
func cutLine(b []byte, status bool) (n int, ok bool) {
	for i, c := range b {
		switch {
		case c == '\r':
			if i+1 == len(b) {
				return -1, true
			}
			return i + 2, b[i+1] == '\n'
		case c == '\n' || c < ' ' && c != '\t' || c == 0x7f:
			return 0, false
		case i == 0 && !status && (c == ' ' || c == '\t'):
			return 0, false
		}
	}
	return -1, true
}

// tokenByte tells whether c may be in a field's name.
func tokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// trimOWS trims the spaces and tabs around a field's value.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// asciiFold tells whether b is s in any case of its ASCII letters, as
// net/http compares names and tokens.
func asciiFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// hasToken tells whether the comma-separated list v holds token, in any
// case.
func hasToken(v []byte, token string) bool {
	for len(v) > 0 {
		var item []byte
		item, v, _ = bytes.Cut(v, []byte{','})
		if asciiFold(trimOWS(item), token) {
			return true
		}
	}
	return false
}
