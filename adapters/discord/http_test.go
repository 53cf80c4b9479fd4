package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The endpoint answers Discord's PING, and refuses with 401 anything not
// signed by the application's key or signed outside the replay window.
func TestEndpointChecksSignatureAndTimestamp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ping := []byte(`{"id":"p1","application_id":"app1","type":1,"token":"t","version":1}`)
	now := time.Now()

	if w := e.signed(ping, now); w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != `{"type":1}` {
		t.Fatalf("PING → %d %s, want PONG", w.Code, w.Body)
	}
	_, other, _ := ed25519.GenerateKey(nil)
	forged := e.signedWith(other, ping, now)
	for name, w := range map[string]*httptest.ResponseRecorder{
		"another key":       forged,
		"replayed (6 min)":  e.signed(ping, now.Add(-6*time.Minute)),
		"from the future":   e.signed(ping, now.Add(5*time.Minute)),
		"tampered body":     tampered(e, ping, now),
		"no signature":      unsigned(e, ping, now),
		"garbage timestamp": withStamp(e, ping, "yesterday"),
	} {
		if w.Code != http.StatusUnauthorized {
			t.Errorf("%s → %d, want 401", name, w.Code)
		}
	}
	if w := e.signed(ping, now.Add(-4*time.Minute)); w.Code != http.StatusOK {
		t.Errorf("4 minutes old → %d, want 200", w.Code)
	}
	if w := e.signed([]byte("not json"), now); w.Code != http.StatusBadRequest {
		t.Errorf("signed garbage → %d, want 400", w.Code)
	}
	req := httptest.NewRequest(http.MethodGet, "/discord/interactions", nil)
	w := httptest.NewRecorder()
	e.a.Handler().ServeHTTP(w, req)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET → %d, want 405", w.Code)
	}
}

// A signed request replayed inside the window acts once: the bot knows
// the interaction id.
func TestReplayInsideTheWindowActsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.dmUser("900", "Eve", "en")
	body := mustJSON(t, u.interaction(2, map[string]any{"id": "c", "name": "start", "type": 1}))
	at := time.Now()
	first := e.signed(body, at)
	e.idle()
	again := e.signed(body, at)
	e.idle()
	if !strings.Contains(first.Body.String(), "Hi Eve") || strings.Contains(again.Body.String(), "Hi Eve") {
		t.Fatalf("first %s\nagain %s", first.Body, again.Body)
	}
}

// Without a public key there is no endpoint.
func TestNoEndpointWithoutKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.PublicKey = "" })
	if e.a.Handler() != nil {
		t.Fatal("handler without a key")
	}
	if _, err := New(e.bot, e.svc, Config{Token: "x", PublicKey: "zz"}); err == nil {
		t.Fatal("a bad key was accepted")
	}
	if _, err := New(e.bot, e.svc, Config{}); err == nil {
		t.Fatal("no token was accepted")
	}
}

// tampered signs one body and sends another.
func tampered(e *env, body []byte, at time.Time) *httptest.ResponseRecorder {
	stamp := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(e.key, append([]byte(stamp), body...))
	req := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(append([]byte(" "), body...)))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", stamp)
	w := httptest.NewRecorder()
	e.a.Handler().ServeHTTP(w, req)
	return w
}

// unsigned sends a body with a timestamp and no signature.
func unsigned(e *env, body []byte, at time.Time) *httptest.ResponseRecorder {
	return withStamp(e, body, strconv.FormatInt(at.Unix(), 10))
}

// withStamp sends a body with the given timestamp header and no signature.
func withStamp(e *env, body []byte, stamp string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	req.Header.Set("X-Signature-Timestamp", stamp)
	w := httptest.NewRecorder()
	e.a.Handler().ServeHTTP(w, req)
	return w
}
