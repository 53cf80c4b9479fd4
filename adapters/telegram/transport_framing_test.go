package telegram

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rawServer answers each request with the bytes answer gives for the
// request's body, written as they are: answers no Go server would
// write. It counts the connections opened.
type rawServer struct {
	url   string
	conns atomic.Int64
}

func newRawServer(t testing.TB, answer func(body string) string) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{url: "http://" + ln.Addr().String()}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	wg.Go(func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			mu.Lock()
			open = append(open, nc)
			mu.Unlock()
			wg.Go(func() {
				defer nc.Close()
				br := bufio.NewReader(nc)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					body, _ := io.ReadAll(req.Body)
					if _, err := io.WriteString(nc, answer(string(body))); err != nil {
						return
					}
				}
			})
		}
	})
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, nc := range open {
			nc.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return s
}

// ok is a well-formed answer with body b.
func ok(b string) string {
	return "HTTP/1.1 200 OK\r\nContent-Length: " + strconv.Itoa(len(b)) + "\r\n\r\n" + b
}

// noRedirects is a client on tr that returns a redirect as it is, so a
// fuzzed Location leads nowhere.
func noRedirects(tr http.RoundTripper) *http.Client {
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// callRaw posts body to url through tr the way w, under a deadline, and
// returns the answer's body.
func callRaw(w way, tr *Transport, url, body string, d time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return w.call(tr, ctx, url, body)
}

func TestTransportFraming(t *testing.T) {
	cases := []struct {
		name      string
		first     string // the answer to the first call
		want      string // its body as read, up to the error with wantErr
		wantErr   bool
		wantConns int64 // connections for the first and a second call
	}{
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"ok\r\n7\r\n\":true}\r\n0\r\n\r\n", `{"ok":true}`, false, 1},
		{"chunked with a trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n", "ok", false, 1},
		{"Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", "ok", false, 2},
		{"no length, the server waits: the body runs to the deadline", "HTTP/1.1 200 OK\r\n\r\nok", "ok", true, 2},
		{"HTTP/1.0 without keep-alive", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok", false, 2},
		{"empty body", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "", false, 1},
		{"more bytes than the length", ok("ok") + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale", "ok", false, 2},
		{"100 Continue first", "HTTP/1.1 100 Continue\r\n\r\n" + ok("ok"), "ok", false, 1},
		{"a body shorter than its length", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nok", "ok", true, 2},
		{"a broken chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n", "", true, 2},
		{"two lengths that disagree", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", "", true, 2},
		{"not HTTP", "SSH-2.0-OpenSSH_9.6\r\n", "", true, 2},
	}
	for _, w := range ways() {
		for _, tc := range cases {
			t.Run(w.name+"/"+tc.name, func(t *testing.T) {
				s := newRawServer(t, func(body string) string {
					if body == "first" {
						return tc.first
					}
					return ok("second")
				})
				tr := NewTransport()
				want := tc.want
				if tc.wantErr && w.name == "post" {
					want = "" // post returns a body whole, or none
				}
				got, err := callRaw(w, tr, s.url, "first", 300*time.Millisecond)
				if tc.wantErr != (err != nil) || got != want {
					t.Errorf("first call read %q, %v; want %q (an error: %v)", got, err, want, tc.wantErr)
				}
				if got, err := callRaw(w, tr, s.url, "second", 2*time.Second); err != nil || got != "second" {
					t.Fatalf("the call after it read %q, %v; want its own answer", got, err)
				}
				if n := s.conns.Load(); n != tc.wantConns {
					t.Errorf("%d connections, want %d", n, tc.wantConns)
				}
			})
		}
	}
}

// FuzzTransportAnswer sends whatever the server answers the first call
// with, and then a second call: the first may fail, but never panic, and
// the second always reads its own answer (no byte of the first answer is
// ever read as the next one's).
func FuzzTransportAnswer(f *testing.F) {
	for _, seed := range []string{
		ok("ok"),
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
		ok("ok") + ok("extra"),
		"HTTP/1.1 100 Continue\r\n\r\n" + ok("ok"),
		"HTTP/1.1 101 Switching Protocols\r\n\r\n" + ok("ok"),
		"HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nabc",
		"HTTP/1.1 304 Not Modified\r\n\r\n" + ok("x"),
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok",
		"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
		"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 60\r\n\r\n{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":1}}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, first string) {
		if len(first) > 2048 {
			return
		}
		for _, w := range ways() {
			s := newRawServer(t, func(body string) string {
				if body == "first" {
					return first
				}
				return ok("second")
			})
			tr := NewTransport()
			callRaw(w, tr, s.url, "first", 100*time.Millisecond) // it may fail
			if got, err := callRaw(w, tr, s.url, "second", 2*time.Second); err != nil || got != "second" {
				t.Fatalf("%s: after the answer %q, the next call read %q, %v", w.name, first, got, err)
			}
			tr.CloseIdleConnections()
		}
	})
}
