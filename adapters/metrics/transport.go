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
		t.m.calls.with(t.platform, "error").add(1)
		return resp, err
	}
	t.m.calls.with(t.platform, statusClass(resp.StatusCode)).add(1)
	if resp.StatusCode == http.StatusTooManyRequests {
		t.m.limited.with(t.platform).add(1)
	}
	return resp, nil
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
