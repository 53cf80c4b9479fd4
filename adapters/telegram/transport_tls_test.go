package telegram

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// tlsServer is an https test server that counts the connections it was
// opened and the requests it was sent.
type tlsServer struct {
	*httptest.Server
	conns, calls atomic.Int64
}

// newTLSServer starts an https server answering with h (nil: "got
// <body>", and the TLS protocol the request came over in a header).
func newTLSServer(t *testing.T, h http.HandlerFunc) *tlsServer {
	t.Helper()
	s := &tlsServer{}
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
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// trustingTransport is a Transport that trusts s's certificate only.
func trustingTransport(s *tlsServer) *Transport {
	roots := x509.NewCertPool()
	roots.AddCert(s.Certificate())
	tr := NewTransport()
	tr.TLSClientConfig = &tls.Config{RootCAs: roots}
	return tr
}

func TestTransportOverTLSKeepsOneConnectionForCallsInARow(t *testing.T) {
	s := newTLSServer(t, nil)
	c := &http.Client{Transport: trustingTransport(s)}
	for i := range 10 {
		resp, err := c.Post(s.URL+"/bot1:x/sendMessage", "text/plain", strings.NewReader(fmt.Sprint("call ", i)))
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || string(b) != fmt.Sprint("got call ", i) {
			t.Fatalf("call %d read %q, %v", i, b, err)
		}
		if resp.Header.Get("X-Alpn") != "http/1.1" {
			t.Fatalf("call %d: negotiated %q, want http/1.1", i, resp.Header.Get("X-Alpn"))
		}
	}
	if n := s.conns.Load(); n != 1 {
		t.Errorf("10 https calls in a row opened %d connections, want 1", n)
	}
}

func TestTransportOverTLSRecoversFromAnIdleConnectionTheServerClosed(t *testing.T) {
	s := newTLSServer(t, nil)
	c := &http.Client{Transport: trustingTransport(s)}
	if got := post(t, c, s.URL, "first"); got != "got first" {
		t.Fatalf("first answer %q", got)
	}
	s.CloseClientConnections()
	if got := post(t, c, s.URL, "second"); got != "got second" {
		t.Fatalf("second answer %q", got)
	}
	if got := post(t, c, s.URL, "third"); got != "got third" {
		t.Fatalf("third answer %q", got)
	}
	if n := s.conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2: one before the server closed it, one after", n)
	}
}

func TestTransportOverTLSRefusesACertificateItDoesNotTrust(t *testing.T) {
	s := newTLSServer(t, nil)
	t.Run("unknown authority", func(t *testing.T) {
		c := &http.Client{Transport: NewTransport()} // the system's roots
		_, err := c.Post(s.URL, "text/plain", strings.NewReader("secret"))
		var ve *tls.CertificateVerificationError
		if !errors.As(err, &ve) {
			t.Fatalf("a server with a self-signed certificate was accepted: %v", err)
		}
	})
	t.Run("name the certificate does not hold", func(t *testing.T) {
		// The test certificate is for 127.0.0.1 and example.com, not
		// localhost: trusted, but not this server's name.
		url := strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
		c := &http.Client{Transport: trustingTransport(s)}
		_, err := c.Post(url, "text/plain", strings.NewReader("secret"))
		var he x509.HostnameError
		if !errors.As(err, &he) {
			t.Fatalf("a certificate for another name was accepted: %v", err)
		}
	})
	if n := s.calls.Load(); n != 0 {
		t.Errorf("the server was sent %d requests over connections the client refused", n)
	}
}

func TestTransportOverTLSReadsAChunkedAnswerAndKeepsItsConnection(t *testing.T) {
	s := newTLSServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		io.WriteString(w, `{"ok":true,`)
		w.(http.Flusher).Flush() // the length is not known: chunked
		fmt.Fprintf(w, `"result":%q}`, b)
	})
	c := &http.Client{Transport: trustingTransport(s)}
	for i := range 3 {
		resp, err := c.Post(s.URL, "text/plain", strings.NewReader(fmt.Sprint(i)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := fmt.Sprintf(`{"ok":true,"result":"%d"}`, i); err != nil || string(b) != want {
			t.Fatalf("answer %d = %q, %v; want %q", i, b, err, want)
		}
		if len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked" {
			t.Fatalf("answer %d came with transfer encoding %q, want chunked (the test tests nothing)", i, resp.TransferEncoding)
		}
	}
	if n := s.conns.Load(); n != 1 {
		t.Errorf("3 chunked answers in a row took %d connections, want 1", n)
	}
}

func TestTransportOverTLSHonoursConnectionClose(t *testing.T) {
	s := newTLSServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "got %s", b)
	})
	c := &http.Client{Transport: trustingTransport(s)}
	for i := range 3 {
		if got, want := post(t, c, s.URL, fmt.Sprint(i)), fmt.Sprint("got ", i); got != want {
			t.Fatalf("answer %q, want %q", got, want)
		}
	}
	if n := s.conns.Load(); n != 3 {
		t.Errorf("%d connections for 3 answers saying Connection: close, want 3", n)
	}
}
