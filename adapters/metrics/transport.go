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
		t.m.calls.WithLabelValues(t.platform, "error").Inc()
		return resp, err
	}
	t.m.calls.WithLabelValues(t.platform, strconv.Itoa(resp.StatusCode/100)+"xx").Inc()
	if resp.StatusCode == http.StatusTooManyRequests {
		t.m.limited.WithLabelValues(t.platform).Inc()
	}
	return resp, nil
}
