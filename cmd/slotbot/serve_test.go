package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockedBuffer is an output a test reads while the program writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tripwire is a stdin that counts reads; serve must never read it.
type tripwire struct{ reads atomic.Int32 }

func (r *tripwire) Read(p []byte) (int, error) {
	r.reads.Add(1)
	return 0, io.EOF
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestServeWithoutTokenAnswersHealthAndNeverReadsStdin(t *testing.T) {
	stdin, stdout, stderr := &tripwire{}, &lockedBuffer{}, &lockedBuffer{}
	m := &Main{Getenv: env(map[string]string{
		"DATABASE_URL":      "sqlite:" + filepath.Join(t.TempDir(), "slotbot.db"),
		"SLOTBOT_HTTP_ADDR": "127.0.0.1:0",
	}), Stdin: stdin, Stdout: stdout, Stderr: stderr}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()

	addr := waitFor(t, stderr, done, regexp.MustCompile(`http listening" addr=(\S+)`))
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Fatalf("GET /healthz = %d %q", resp.StatusCode, body)
	}
	// The calendar Mini App is served by the same listener, and its API
	// asks who is calling.
	for path, want := range map[string]int{"/app/?lang=fr": http.StatusOK, "/app/api/bookings": http.StatusUnauthorized} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || (want == http.StatusOK && !strings.Contains(string(page), "<title>Calendrier</title>")) {
			t.Fatalf("GET %s = %d %.100q", path, resp.StatusCode, page)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
	if n := stdin.reads.Load(); n != 0 {
		t.Fatalf("serve read stdin %d times", n)
	}
	if out := stdout.String(); strings.Contains(out, "terminal chat") || strings.Contains(out, "> ") {
		t.Fatalf("serve started the terminal chat:\n%s", out)
	}
	if !strings.Contains(stderr.String(), "no platform token set") {
		t.Fatalf("serve did not say it runs without platforms:\n%s", stderr)
	}
}

// waitFor polls the log until re matches, and returns its first group.
func waitFor(t testing.TB, log *lockedBuffer, done <-chan error, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(log.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("exited early: %v\n%s", err, log)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("no %s in the log:\n%s", re, log)
	return ""
}

func TestAPlatformTokenMakesThePlainCommandServe(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"TELEGRAM_TOKEN": "123:abc"}, true},
		{map[string]string{"DISCORD_TOKEN": "x"}, true},
		{map[string]string{"DISCORD_TOKEN_FILE": "/run/secrets/discord"}, true},
	} {
		m := &Main{Getenv: env(tc.vars)}
		if got := m.platformConfigured(); got != tc.want {
			t.Errorf("platformConfigured with %v = %v", tc.vars, got)
		}
	}
}

func TestVersionAndUnknownCommand(t *testing.T) {
	out := &lockedBuffer{}
	m := &Main{Getenv: env(nil), Stdout: out, Stderr: out}
	if err := m.Run(context.Background(), []string{"version"}); err != nil || out.String() != "slotbot dev\n" {
		t.Fatalf("version: %q, %v", out, err)
	}
	if err := m.Run(context.Background(), []string{"dance"}); err == nil || !strings.Contains(err.Error(), "usage: slotbot") {
		t.Fatalf("unknown command: %v", err)
	}
}

// SLOTBOT_PPROF_ADDR opens Go's profiler on a listener of its own; the
// public listener never serves it, and without the variable there is
// none.
func TestProfilerOnlyOnItsOwnListener(t *testing.T) {
	for _, on := range []bool{true, false} {
		vars := map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "slotbot.db"), "SLOTBOT_HTTP_ADDR": "127.0.0.1:0"}
		if on {
			vars["SLOTBOT_PPROF_ADDR"] = "127.0.0.1:0"
		}
		stderr := &lockedBuffer{}
		m := &Main{Getenv: env(vars), Stdin: &tripwire{}, Stdout: &lockedBuffer{}, Stderr: stderr}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx, []string{"serve"}) }()
		public := waitFor(t, stderr, done, regexp.MustCompile(`http listening" addr=(\S+)`))
		if code, _ := get(t, "http://"+public+"/debug/pprof/"); code != http.StatusNotFound {
			t.Errorf("pprof %v: the public listener answers /debug/pprof/ with %d", on, code)
		}
		if on {
			addr := waitFor(t, stderr, done, regexp.MustCompile(`listener=pprof addr=(\S+)`))
			code, body := get(t, "http://"+addr+"/debug/pprof/")
			if code != http.StatusOK || !strings.Contains(body, "goroutine") {
				t.Errorf("GET /debug/pprof/ on %s = %d %.200q", addr, code, body)
			}
		} else if strings.Contains(stderr.String(), "listener=pprof") {
			t.Errorf("a profiler listens without SLOTBOT_PPROF_ADDR:\n%s", stderr)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr)
		}
	}
}
