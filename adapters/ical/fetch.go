package ical

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Reading an address a coach typed is a request the server makes on
// their behalf, so it must not become a way into the server's own
// network: only http and https (webcal read as https), never an address
// that is loopback, private, link-local, multicast or otherwise not on
// the public internet. The address is checked where it matters, on the
// IP the connection is about to be made to, for every connection
// (redirects included, at most 3), so a name that resolves to a private
// address, or changes between a check and the dial, is refused before a
// single packet goes to it. No proxy from the environment is used: it
// would connect in our place, past the check. The answer is capped in
// size (10 MiB, counted after any decompression) and in time (10 s).

// FetchOptions tunes a Fetcher; zero fields take the defaults.
type FetchOptions struct {
	MaxBytes     int64         // the largest answer read; default 10 MiB
	Timeout      time.Duration // the whole read, body included; default 10 s
	MaxRedirects int           // default 3
	UserAgent    string        // default "Slotbot calendar reader"
	// AllowLoopback lets addresses on 127.0.0.0/8 and ::1 be read, and
	// nothing else that is refused: for tests, whose servers listen on
	// loopback. Production never sets it (cmd/slotbot has no setting for
	// it).
	AllowLoopback bool
}

// Fetcher reads calendar addresses safely.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client
}

// Defaults of FetchOptions.
const (
	DefaultMaxBytes     = 10 << 20
	DefaultTimeout      = 10 * time.Second
	DefaultMaxRedirects = 3
)

// errRefusedAddress is what the dialer answers for an address it will
// not connect to.
var errRefusedAddress = errors.New("ical: address not allowed")

// errRedirects is more redirects than allowed.
var errRedirects = errors.New("ical: too many redirects")

// errScheme is a redirect to something other than http or https.
var errScheme = errors.New("ical: not an http or https address")

// NewFetcher builds a fetcher with its own HTTP client.
func NewFetcher(o FetchOptions) *Fetcher {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = "Slotbot calendar reader"
	}
	f := &Fetcher{opts: o}
	dialer := &net.Dialer{Timeout: o.Timeout, Control: f.control}
	transport := &http.Transport{
		Proxy:                 nil, // never a proxy: it would dial in our place
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   o.Timeout,
		ResponseHeaderTimeout: o.Timeout,
	}
	f.client = &http.Client{Transport: transport, Timeout: o.Timeout, CheckRedirect: f.redirect}
	return f
}

// control checks the address a connection is about to be made to.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", errRefusedAddress, address)
	}
	if !Allowed(ap.Addr(), f.opts.AllowLoopback) {
		return fmt.Errorf("%w: %s", errRefusedAddress, ap.Addr())
	}
	return nil
}

// redirect allows at most MaxRedirects redirects, to http or https.
func (f *Fetcher) redirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return errRedirects
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return errScheme
	}
	return nil
}

// special are the ranges that are not the public internet, beyond what
// netip's predicates name: "this network", shared address space (CGNAT),
// IETF protocol assignments, documentation, benchmarking, reserved, and
// IPv6's discard, documentation and ORCHID ranges.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001::/23"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// Allowed reports whether a connection to a may be made: a public
// unicast address, or (loopback set) a loopback one. An IPv4 address
// inside IPv6 (mapped, NAT64, 6to4) is judged as the IPv4 address.
func Allowed(a netip.Addr, loopback bool) bool {
	a = a.Unmap()
	if a.Is6() {
		b := a.As16()
		switch {
		case netip.MustParsePrefix("64:ff9b::/96").Contains(a):
			return Allowed(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), loopback)
		case netip.MustParsePrefix("2002::/16").Contains(a):
			return Allowed(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), loopback)
		}
	}
	if a.IsLoopback() {
		return loopback
	}
	if !a.IsValid() || a.IsUnspecified() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsMulticast() ||
		a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() || a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return false
	}
	for _, p := range special {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// Response is what a read brought.
type Response struct {
	NotModified        bool
	Body               []byte
	ETag, LastModified string
}

// Get reads the address rawURL (http, https or webcal), conditionally
// when a validator is given. Errors: *core.CalendarError.
func (f *Fetcher) Get(ctx context.Context, rawURL, etag, lastModified string) (*Response, error) {
	u, err := core.NormalizeCalendarURL(rawURL)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, core.NewCalendarError(core.CalendarBadURL, 0, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/calendar, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.failure(err)
	}
	defer resp.Body.Close()
	switch s := resp.StatusCode; {
	case s == http.StatusNotModified:
		return &Response{NotModified: true, ETag: pick(resp.Header.Get("ETag"), etag),
			LastModified: pick(resp.Header.Get("Last-Modified"), lastModified)}, nil
	case s == http.StatusNotFound || s == http.StatusGone:
		return nil, core.NewCalendarError(core.CalendarNotFound, s, nil)
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return nil, core.NewCalendarError(core.CalendarDenied, s, nil)
	case s < 200 || s > 299:
		return nil, core.NewCalendarError(core.CalendarHTTP, s, nil)
	}
	if resp.ContentLength > f.opts.MaxBytes {
		return nil, core.NewCalendarError(core.CalendarTooBig, resp.StatusCode, nil)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBytes+1))
	if err != nil {
		return nil, f.failure(err)
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return nil, core.NewCalendarError(core.CalendarTooBig, resp.StatusCode, nil)
	}
	return &Response{Body: body, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}, nil
}

// pick is a, or b when a is empty.
func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// failure names what went wrong with a request that got no answer.
func (f *Fetcher) failure(err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, errRefusedAddress):
		return core.NewCalendarError(core.CalendarPrivate, 0, err)
	case errors.Is(err, errRedirects):
		return core.NewCalendarError(core.CalendarRedirects, 0, err)
	case errors.Is(err, errScheme):
		return core.NewCalendarError(core.CalendarScheme, 0, err)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return core.NewCalendarError(core.CalendarTimeout, 0, err)
	}
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.Err.Error(), "unsupported protocol scheme") {
		return core.NewCalendarError(core.CalendarScheme, 0, err)
	}
	return core.NewCalendarError(core.CalendarUnreachable, 0, err)
}

// Source is core.CalendarSource over a Fetcher and Parse.
type Source struct {
	Fetcher *Fetcher
}

var _ core.CalendarSource = Source{}

// Fetch reads and parses a calendar address for the window asked.
// Errors: *core.CalendarError.
func (s Source) Fetch(ctx context.Context, f core.CalendarFetch) (*core.CalendarCopy, error) {
	resp, err := s.Fetcher.Get(ctx, f.URL, f.ETag, f.LastModified)
	if err != nil {
		return nil, err
	}
	if resp.NotModified {
		return &core.CalendarCopy{NotModified: true, ETag: resp.ETag, LastModified: resp.LastModified}, nil
	}
	cal, err := Parse(resp.Body, ParseOptions{Zone: f.Zone, From: f.From, To: f.To})
	if err != nil {
		return nil, core.NewCalendarError(core.CalendarNotICal, 0, err)
	}
	return &core.CalendarCopy{ETag: resp.ETag, LastModified: resp.LastModified, Name: cal.Name, Busy: cal.Busy}, nil
}
