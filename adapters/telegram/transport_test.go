package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// echoServer answers each POST with "got <body>", and counts the
// connections it was opened.
type echoServer struct {
	*httptest.Server
	conns atomic.Int64
}

func newEchoServer(t *testing.T, h http.HandlerFunc) *echoServer {
	t.Helper()
	s := &echoServer{}
	if h == nil {
		h = func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			fmt.Fprintf(w, "got %s", b)
		}
	}
	s.Server = httptest.NewUnstartedServer(h)
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// post sends body to the server through c and returns the answer's body.
func post(t *testing.T, c *http.Client, url, body string) string {
	t.Helper()
	resp, err := c.Post(url, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatalf("post %q: %v", body, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read the answer to %q: %v", body, err)
	}
	return string(b)
}

func TestTransportCallsOneAfterAnotherShareOneConnection(t *testing.T) {
	s := newEchoServer(t, nil)
	c := &http.Client{Transport: NewTransport()}
	for i := range 20 {
		if got, want := post(t, c, s.URL+"/bot1:x/sendMessage", fmt.Sprint("call ", i)), fmt.Sprint("got call ", i); got != want {
			t.Fatalf("answer %d = %q, want %q", i, got, want)
		}
	}
	if n := s.conns.Load(); n != 1 {
		t.Errorf("20 calls one after another opened %d connections, want 1", n)
	}
}

func TestTransportOpensANewConnectionWhenTheServerClosedTheIdleOne(t *testing.T) {
	s := newEchoServer(t, nil)
	c := &http.Client{Transport: NewTransport()}
	if got := post(t, c, s.URL, "first"); got != "got first" {
		t.Fatalf("first answer %q", got)
	}
	s.CloseClientConnections()
	if got := post(t, c, s.URL, "second"); got != "got second" {
		t.Fatalf("second answer %q", got)
	}
	if n := s.conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2: the closed one is not reused", n)
	}
}

func TestTransportHonoursConnectionClose(t *testing.T) {
	s := newEchoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "got %s", b)
	})
	c := &http.Client{Transport: NewTransport()}
	for i := range 3 {
		if got, want := post(t, c, s.URL, fmt.Sprint(i)), fmt.Sprint("got ", i); got != want {
			t.Fatalf("answer %q, want %q", got, want)
		}
	}
	if n := s.conns.Load(); n != 3 {
		t.Errorf("%d connections for 3 answers saying Connection: close, want 3", n)
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
		if got := post(t, c, s.URL, "after"); got != "got after" {
			t.Fatalf("the call after a big body closed early read %q", got)
		}
		if n := s.conns.Load() - before; n != 2 {
			t.Errorf("%d new connections, want 2: the big body's is not reused", n)
		}
	})
}

func TestTransportCancelledCallEndsAndTheNextOneWorks(t *testing.T) {
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
	c := &http.Client{Transport: NewTransport()}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, strings.NewReader("hang"))
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-arrived
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled call returned %v, want context.Canceled", err)
	}
	if got := post(t, c, s.URL, "next"); got != "got next" {
		t.Fatalf("the call after a cancelled one read %q", got)
	}
}

func TestTransportConcurrentCallsEachGetTheirOwnAnswer(t *testing.T) {
	s := newEchoServer(t, nil)
	c := &http.Client{Transport: NewTransport()}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				msg := fmt.Sprintf("%d-%d", g, i)
				resp, err := c.Post(s.URL, "text/plain", strings.NewReader(msg))
				if err != nil {
					t.Error(err)
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || string(b) != "got "+msg {
					t.Errorf("call %s read %q, %v", msg, b, err)
				}
			}
		})
	}
	wg.Wait()
	if n := s.conns.Load(); n > 8 {
		t.Errorf("8 callers opened %d connections, want at most 8", n)
	}
}
