package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// echoServer answers each POST with "got <body>" (and, over TLS, the
// protocol the request came over in the X-Alpn header), and counts the
// connections it was opened and the requests it was sent.
type echoServer struct {
	*httptest.Server
	conns, calls atomic.Int64
}

// newEchoServer starts an http server answering with h (nil: the echo).
func newEchoServer(t *testing.T, h http.HandlerFunc) *echoServer {
	return startEchoServer(t, h, false)
}

// startEchoServer starts an echoServer answering with h (nil: the echo),
// over TLS when secure.
func startEchoServer(t *testing.T, h http.HandlerFunc, secure bool) *echoServer {
	t.Helper()
	s := &echoServer{}
	if h == nil {
		h = func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			if r.TLS != nil {
				w.Header().Set("X-Alpn", r.TLS.NegotiatedProtocol)
			}
			fmt.Fprintf(w, "got %s", b)
		}
	}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	if secure {
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

// way is how a call goes through the transport: by RoundTrip (an
// http.Client's calls, tgbotapi's) or by post (the adapter's forms).
type way struct {
	name string
	call func(tr *Transport, ctx context.Context, url, body string) (string, error)
}

// ways are both ways; every behaviour of the transport holds for both.
func ways() []way {
	return []way{
		{"RoundTrip", func(tr *Transport, ctx context.Context, url, body string) (string, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
			if err != nil {
				return "", err
			}
			resp, err := noRedirects(tr).Do(req)
			if err != nil {
				return "", err
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			return string(b), err
		}},
		{"post", func(tr *Transport, ctx context.Context, rawURL, body string) (string, error) {
			u, err := url.Parse(rawURL)
			if err != nil {
				return "", err
			}
			_, b, err := tr.post(ctx, time.Now().Add(time.Minute), newTarget(u), []byte(body), nil)
			return string(b), err
		}},
	}
}

// post sends body to the server through tr the way w and returns the
// answer's body.
func post(t *testing.T, w way, tr *Transport, url, body string) string {
	t.Helper()
	b, err := w.call(tr, context.Background(), url, body)
	if err != nil {
		t.Fatalf("post %q: %v", body, err)
	}
	return b
}

func TestTransportCallsOneAfterAnotherShareOneConnection(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newEchoServer(t, nil)
			tr := NewTransport()
			for i := range 20 {
				if got, want := post(t, w, tr, s.URL+"/bot1:x/sendMessage", fmt.Sprint("call ", i)), fmt.Sprint("got call ", i); got != want {
					t.Fatalf("answer %d = %q, want %q", i, got, want)
				}
			}
			if n := s.conns.Load(); n != 1 {
				t.Errorf("20 calls one after another opened %d connections, want 1", n)
			}
		})
	}
}

func TestTransportOpensANewConnectionWhenTheServerClosedTheIdleOne(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newEchoServer(t, nil)
			tr := NewTransport()
			if got := post(t, w, tr, s.URL, "first"); got != "got first" {
				t.Fatalf("first answer %q", got)
			}
			s.CloseClientConnections()
			if got := post(t, w, tr, s.URL, "second"); got != "got second" {
				t.Fatalf("second answer %q", got)
			}
			if n := s.conns.Load(); n != 2 {
				t.Errorf("%d connections, want 2: the closed one is not reused", n)
			}
		})
	}
}

func TestTransportHonoursConnectionClose(t *testing.T) {
	schemes := []struct {
		name      string
		server    func(*testing.T, http.HandlerFunc) *echoServer
		transport func(*echoServer) *Transport
	}{
		{"http", newEchoServer, func(*echoServer) *Transport { return NewTransport() }},
		{"https", newTLSServer, trustingTransport},
	}
	for _, sc := range schemes {
		for _, w := range ways() {
			t.Run(sc.name+"/"+w.name, func(t *testing.T) {
				s := sc.server(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Connection", "close")
					b, _ := io.ReadAll(r.Body)
					fmt.Fprintf(w, "got %s", b)
				})
				tr := sc.transport(s)
				for i := range 3 {
					if got, want := post(t, w, tr, s.URL, fmt.Sprint(i)), fmt.Sprint("got ", i); got != want {
						t.Fatalf("answer %q, want %q", got, want)
					}
				}
				if n := s.conns.Load(); n != 3 {
					t.Errorf("%d connections for 3 answers saying Connection: close, want 3", n)
				}
			})
		}
	}
}

func TestTransportBodyClosedEarly(t *testing.T) {
	big := strings.Repeat("x", 64<<10)
	s := newEchoServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if string(b) == "big" {
			io.WriteString(w, big)
			return
		}
		fmt.Fprintf(w, "got %s", b)
	})
	t.Run("a small rest is drained and the connection kept", func(t *testing.T) {
		c := &http.Client{Transport: NewTransport()}
		before := s.conns.Load()
		for range 3 {
			resp, err := c.Post(s.URL, "text/plain", strings.NewReader("small"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close() // nothing read
		}
		if n := s.conns.Load() - before; n != 1 {
			t.Errorf("%d new connections for 3 bodies closed unread, want 1", n)
		}
	})
	t.Run("a big rest closes the connection", func(t *testing.T) {
		c := &http.Client{Transport: NewTransport()}
		before := s.conns.Load()
		resp, err := c.Post(s.URL, "text/plain", strings.NewReader("big"))
		if err != nil {
			t.Fatal(err)
		}
		var b [10]byte
		if _, err := io.ReadFull(resp.Body, b[:]); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := post(t, ways()[0], c.Transport.(*Transport), s.URL, "after"); got != "got after" {
			t.Fatalf("the call after a big body closed early read %q", got)
		}
		if n := s.conns.Load() - before; n != 2 {
			t.Errorf("%d new connections, want 2: the big body's is not reused", n)
		}
	})
}

func TestTransportCancelledCallEndsAndTheNextOneWorks(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			release := make(chan struct{})
			arrived := make(chan struct{}, 1)
			s := newEchoServer(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				if string(b) == "hang" {
					arrived <- struct{}{}
					<-release
					return
				}
				fmt.Fprintf(w, "got %s", b)
			})
			defer close(release)
			tr := NewTransport()
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			go func() {
				_, err := w.call(tr, ctx, s.URL, "hang")
				errc <- err
			}()
			<-arrived
			cancel()
			if err := <-errc; !errors.Is(err, context.Canceled) {
				t.Fatalf("a cancelled call returned %v, want context.Canceled", err)
			}
			if got := post(t, w, tr, s.URL, "next"); got != "got next" {
				t.Fatalf("the call after a cancelled one read %q", got)
			}
		})
	}
}

func TestTransportConcurrentCallsEachGetTheirOwnAnswer(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newEchoServer(t, nil)
			tr := NewTransport()
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Go(func() {
					for i := range 25 {
						msg := fmt.Sprintf("%d-%d", g, i)
						b, err := w.call(tr, context.Background(), s.URL, msg)
						if err != nil || b != "got "+msg {
							t.Errorf("call %s read %q, %v", msg, b, err)
						}
					}
				})
			}
			wg.Wait()
			if n := s.conns.Load(); n > 8 {
				t.Errorf("8 callers opened %d connections, want at most 8", n)
			}
		})
	}
}

func TestTransportTellsObserveOfEveryAnswer(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newEchoServer(t, func(w http.ResponseWriter, r *http.Request) {
				if b, _ := io.ReadAll(r.Body); string(b) == "slow down" {
					w.WriteHeader(http.StatusTooManyRequests)
				}
			})
			var seen []string
			tr := NewTransport()
			tr.Observe = func(status int, err error) {
				if err != nil {
					seen = append(seen, "error")
					return
				}
				seen = append(seen, fmt.Sprint(status))
			}
			for _, body := range []string{"hello", "slow down"} {
				if _, err := w.call(tr, context.Background(), s.URL, body); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			if _, err := w.call(tr, context.Background(), s.URL, "anyone?"); err == nil {
				t.Fatal("a closed server answered")
			}
			if got := strings.Join(seen, " "); got != "200 429 error" {
				t.Errorf("Observe was told %q, want 200 429 error", got)
			}
		})
	}
}
