package telegram

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// newTLSServer starts an https echoServer answering with h (nil: the
// echo, with the TLS protocol the request came over in a header).
func newTLSServer(t *testing.T, h http.HandlerFunc) *echoServer {
	return startEchoServer(t, h, true)
}

// trustingTransport is a Transport that trusts s's certificate only.
func trustingTransport(s *echoServer) *Transport {
	roots := x509.NewCertPool()
	roots.AddCert(s.Certificate())
	tr := NewTransport()
	tr.TLSClientConfig = &tls.Config{RootCAs: roots}
	return tr
}

func TestTransportOverTLSKeepsOneConnectionForCallsInARow(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newTLSServer(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				fmt.Fprintf(w, "got %s over %s", b, r.TLS.NegotiatedProtocol)
			})
			tr := trustingTransport(s)
			for i := range 10 {
				if got, want := post(t, w, tr, s.URL+"/bot1:x/sendMessage", fmt.Sprint("call ", i)), fmt.Sprint("got call ", i, " over http/1.1"); got != want {
					t.Fatalf("call %d read %q, want %q", i, got, want)
				}
			}
			if n := s.conns.Load(); n != 1 {
				t.Errorf("10 https calls in a row opened %d connections, want 1", n)
			}
		})
	}
}

func TestTransportOverTLSRecoversFromAnIdleConnectionTheServerClosed(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newTLSServer(t, nil)
			tr := trustingTransport(s)
			if got := post(t, w, tr, s.URL, "first"); got != "got first" {
				t.Fatalf("first answer %q", got)
			}
			s.CloseClientConnections()
			if got := post(t, w, tr, s.URL, "second"); got != "got second" {
				t.Fatalf("second answer %q", got)
			}
			if got := post(t, w, tr, s.URL, "third"); got != "got third" {
				t.Fatalf("third answer %q", got)
			}
			if n := s.conns.Load(); n != 2 {
				t.Errorf("%d connections, want 2: one before the server closed it, one after", n)
			}
		})
	}
}

func TestTransportOverTLSRefusesACertificateItDoesNotTrust(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newTLSServer(t, nil)
			t.Run("unknown authority", func(t *testing.T) {
				_, err := w.call(NewTransport(), context.Background(), s.URL, "secret") // the system's roots
				var ve *tls.CertificateVerificationError
				if !errors.As(err, &ve) {
					t.Fatalf("a server with a self-signed certificate was accepted: %v", err)
				}
			})
			t.Run("name the certificate does not hold", func(t *testing.T) {
				// The test certificate is for 127.0.0.1 and example.com, not
				// localhost: trusted, but not this server's name.
				url := strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
				_, err := w.call(trustingTransport(s), context.Background(), url, "secret")
				var he x509.HostnameError
				if !errors.As(err, &he) {
					t.Fatalf("a certificate for another name was accepted: %v", err)
				}
			})
			if n := s.calls.Load(); n != 0 {
				t.Errorf("the server was sent %d requests over connections the client refused", n)
			}
		})
	}
}

func TestTransportOverTLSReadsAChunkedAnswerAndKeepsItsConnection(t *testing.T) {
	for _, w := range ways() {
		t.Run(w.name, func(t *testing.T) {
			s := newTLSServer(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				io.WriteString(w, `{"ok":true,`)
				w.(http.Flusher).Flush() // the length is not known: chunked
				fmt.Fprintf(w, `"result":%q}`, b)
			})
			tr := trustingTransport(s)
			for i := range 3 {
				got := post(t, w, tr, s.URL, fmt.Sprint(i))
				if want := fmt.Sprintf(`{"ok":true,"result":"%d"}`, i); got != want {
					t.Fatalf("answer %d = %q; want %q", i, got, want)
				}
			}
			if n := s.conns.Load(); n != 1 {
				t.Errorf("3 chunked answers in a row took %d connections, want 1", n)
			}
			// The answers were chunked: a raw read of one shows it.
			conn, err := tls.Dial("tcp", s.Listener.Addr().String(), &tls.Config{InsecureSkipVerify: true})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx")
			head, _ := http.ReadResponse(bufio.NewReader(conn), nil)
			if head == nil || len(head.TransferEncoding) != 1 || head.TransferEncoding[0] != "chunked" {
				t.Fatalf("the server's answers are not chunked (the test tests nothing): %v", head)
			}
		})
	}
}
