package ical

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// server serves handler on loopback and counts the requests it gets.
func server(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s, &n
}

// problemOf is the problem of err, failing the test when there is none.
func problemOf(t *testing.T, err error) core.CalendarProblem {
	t.Helper()
	p, ok := core.CalendarProblemOf(err)
	if !ok {
		t.Fatalf("%v carries no calendar problem", err)
	}
	if core.ErrorCode(err) != core.EINVALID || core.ErrorMessage(err) == "" {
		t.Fatalf("%v: code %q, message %q", err, core.ErrorCode(err), core.ErrorMessage(err))
	}
	return p
}

// The three providers' files, served with validators, read through
// Source: the busy times come back, and a second read with the
// validators costs a 304 with no body parsed.
func TestSourceConditionalGet(t *testing.T) {
	body := fixture(t, "google.ics")
	srv, hits := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"g1"`)
		w.Header().Set("Last-Modified", "Sun, 01 Mar 2026 09:00:00 GMT")
		if r.Header.Get("If-None-Match") == `"g1"` || r.Header.Get("If-Modified-Since") == "Sun, 01 Mar 2026 09:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/calendar; charset=UTF-8")
		_, _ = w.Write(body)
	})
	src := Source{Fetcher: NewFetcher(FetchOptions{AllowLoopback: true})}
	paris := zoneOf(t, "Europe/Paris")
	f := core.CalendarFetch{URL: strings.Replace(srv.URL, "http://", "webcal://", 1) + "/basic.ics", Zone: paris,
		From: wallAt(t, paris, "2026-03-16 00:00"), To: wallAt(t, paris, "2026-04-13 00:00")}
	f.URL = srv.URL + "/basic.ics" // webcal means https, which the test server does not speak
	cp, err := src.Fetch(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "first read", []any{cp.NotModified, cp.ETag, cp.Name, len(cp.Busy)}, []any{false, `"g1"`, "Ana – Work", 14})
	f.ETag = cp.ETag
	cp, err = src.Fetch(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "second read", []any{cp.NotModified, cp.ETag, len(cp.Busy)}, []any{true, `"g1"`, 0})
	f.ETag, f.LastModified = "", "Sun, 01 Mar 2026 09:00:00 GMT"
	cp, err = src.Fetch(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "by Last-Modified", []any{cp.NotModified, cp.LastModified}, []any{true, "Sun, 01 Mar 2026 09:00:00 GMT"})
	equal(t, "requests", hits.Load(), int64(3))
}

// Addresses that lead inside the server's network, or to no calendar,
// are refused with their problem, and nothing is fetched beyond the
// check: a loopback server is not even connected to without the test
// setting, a private address never dialled, a redirect to the metadata
// address stops at the redirect.
func TestRefusedAddresses(t *testing.T) {
	srv, hits := server(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case "/loop2":
			http.Redirect(w, r, "/loop3", http.StatusFound)
		case "/loop3":
			http.Redirect(w, r, "/loop4", http.StatusFound)
		case "/loop4":
			http.Redirect(w, r, "/loop5", http.StatusFound)
		case "/file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case "/gone":
			http.NotFound(w, r)
		case "/private":
			w.WriteHeader(http.StatusForbidden)
		case "/html":
			_, _ = io.WriteString(w, "<html><body>Sign in to see this calendar</body></html>")
		case "/big":
			w.Header().Set("Content-Length", strconv.Itoa(50<<20))
			_, _ = w.Write(make([]byte, 1<<20)) // the rest never needed
		case "/big-chunked":
			chunk := make([]byte, 1<<20)
			for i := 0; i < 50; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/slow":
			time.Sleep(700 * time.Millisecond)
		}
	})
	ctx := context.Background()
	strict := NewFetcher(FetchOptions{})
	for _, c := range []struct {
		url  string
		want core.CalendarProblem
	}{
		{"http://127.0.0.1:" + srv.URL[strings.LastIndexByte(srv.URL, ':')+1:] + "/", core.CalendarPrivate},
		{"http://10.0.0.1/", core.CalendarPrivate},
		{"http://[::1]:9/", core.CalendarPrivate},
		{"http://localhost:" + srv.URL[strings.LastIndexByte(srv.URL, ':')+1:] + "/", core.CalendarPrivate},
		{"http://169.254.169.254/latest/meta-data/", core.CalendarPrivate},
		{"file:///etc/passwd", core.CalendarScheme},
		{"gopher://example.org/", core.CalendarScheme},
	} {
		_, err := strict.Get(ctx, c.url, "", "")
		equal(t, c.url, problemOf(t, err), c.want)
	}
	equal(t, "the loopback server was never reached", hits.Load(), int64(0))

	loose := NewFetcher(FetchOptions{AllowLoopback: true})
	for _, c := range []struct {
		path string
		want core.CalendarProblem
		hits int64 // requests the server saw
	}{
		{"/metadata", core.CalendarPrivate, 1},
		{"/loop", core.CalendarRedirects, 4},
		{"/file", core.CalendarScheme, 1},
		{"/gone", core.CalendarNotFound, 1},
		{"/private", core.CalendarDenied, 1},
		{"/big", core.CalendarTooBig, 1},
		{"/big-chunked", core.CalendarTooBig, 1},
		{"/slow", core.CalendarTimeout, 1},
	} {
		before := hits.Load()
		f := loose
		if c.path == "/slow" {
			f = NewFetcher(FetchOptions{AllowLoopback: true, Timeout: 300 * time.Millisecond})
		}
		_, err := f.Get(ctx, srv.URL+c.path, "", "")
		equal(t, c.path, problemOf(t, err), c.want)
		equal(t, c.path+" requests", hits.Load()-before, c.hits)
	}
	src := Source{Fetcher: loose}
	_, err := src.Fetch(ctx, core.CalendarFetch{URL: srv.URL + "/html", Zone: time.UTC, From: time.Now(), To: time.Now().Add(time.Hour)})
	equal(t, "a sign-in page", problemOf(t, err), core.CalendarNotICal)
}

// The test setting allows loopback and nothing else.
func TestAllowed(t *testing.T) {
	for _, c := range []struct {
		addr            string
		strict, loopish bool
	}{
		{"93.184.216.34", true, true},
		{"2606:2800:220:1:248:1893:25c8:1946", true, true},
		{"127.0.0.1", false, true},
		{"127.8.8.8", false, true},
		{"::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"10.0.0.1", false, false},
		{"172.16.5.4", false, false},
		{"192.168.1.1", false, false},
		{"169.254.169.254", false, false},
		{"fe80::1", false, false},
		{"fd00::1", false, false},
		{"100.64.0.1", false, false},
		{"0.0.0.0", false, false},
		{"::", false, false},
		{"224.0.0.1", false, false},
		{"255.255.255.255", false, false},
		{"::ffff:10.0.0.1", false, false},
		{"64:ff9b::a00:1", false, false},    // NAT64 of 10.0.0.1
		{"2002:a9fe:a9fe::1", false, false}, // 6to4 of 169.254.169.254
		{"64:ff9b::5db8:d822", true, true},  // NAT64 of a public address
		{"198.18.0.1", false, false},
	} {
		a := netip.MustParseAddr(c.addr)
		equal(t, c.addr, []bool{Allowed(a, false), Allowed(a, true)}, []bool{c.strict, c.loopish})
	}
}
