package metrics

import (
	"net/http"
	"strconv"
)

// Transport counts the requests made through base (nil:
// http.DefaultTransport) to platform's API by status class, and its 429s
// apart: a rising slotbot_platform_rate_limited_total says the sending
// rates are set too high.
func (m *Metrics) Transport(platform string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{base: base, platform: platform, m: m}
}

// transport is a counting http.RoundTripper.
type transport struct {
	base     http.RoundTripper
	platform string
	m        *Metrics
}

// RoundTrip sends r and counts its answer.
func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		t.m.countCall(t.platform, 0, err)
		return resp, err
	}
	t.m.countCall(t.platform, resp.StatusCode, nil)
	return resp, nil
}

// Observer counts platform's API calls as Transport does, for a
// transport that tells of its answers itself (the Telegram adapter's,
// whose calls make no http.Request for a RoundTripper to see).
func (m *Metrics) Observer(platform string) func(status int, err error) {
	return func(status int, err error) { m.countCall(platform, status, err) }
}

// countCall counts one call's answer: its status class (a 429 also as
// rate limited), or "error" when err left none.
func (m *Metrics) countCall(platform string, status int, err error) {
	if err != nil {
		m.calls.with(platform, "error").add(1)
		return
	}
	m.calls.with(platform, statusClass(status)).add(1)
	if status == http.StatusTooManyRequests {
		m.limited.with(platform).add(1)
	}
}

// statusClass is a status code's class, "2xx" for 204: a constant for the
// five classes, so counting a call allocates nothing.
func statusClass(code int) string {
	switch code / 100 {
	case 1:
		return "1xx"
	case 2:
		return "2xx"
	case 3:
		return "3xx"
	case 4:
		return "4xx"
	case 5:
		return "5xx"
	}
	return strconv.Itoa(code/100) + "xx"
}
