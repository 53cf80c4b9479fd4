package stripe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The tests talk to the real stripe-mock (github.com/stripe/stripe-mock),
// which validates every request against Stripe's OpenAPI schema. TestMain
// starts one for the package on ports the system picks and stops it at
// the end. Without the binary (scripts/ensure-stripe-mock installs it in
// .bin) the tests that need it skip, except under CI, where its absence
// fails the package.

// mock is the running stripe-mock, shared by the package's tests.
var mock struct {
	url  string // http://127.0.0.1:PORT, "" when not running
	skip string // why tests needing it skip
}

func TestMain(m *testing.M) {
	os.Exit(runWithMock(m))
}

func runWithMock(m *testing.M) int {
	bin, err := findStripeMock()
	if err != nil {
		if os.Getenv("CI") != "" {
			fmt.Fprintf(os.Stderr, "adapters/stripe: %v; CI requires it (scripts/ensure-stripe-mock installs it)\n", err)
			return 1
		}
		mock.skip = err.Error() + " — run scripts/ensure-stripe-mock to test against it"
		return m.Run()
	}
	url, stop, err := startStripeMock(bin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "adapters/stripe: %v\n", err)
		return 1
	}
	defer stop()
	mock.url = url
	return m.Run()
}

// needMock skips t when stripe-mock is not running.
func needMock(t testing.TB) {
	t.Helper()
	if mock.url == "" {
		t.Skip(mock.skip)
	}
}

// findStripeMock looks for the binary: $STRIPE_MOCK_BIN, the repository's
// .bin, then $PATH.
func findStripeMock() (string, error) {
	if p := os.Getenv("STRIPE_MOCK_BIN"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("stripe-mock not found at STRIPE_MOCK_BIN: %w", err)
		}
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, ".bin", "stripe-mock")
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	return "", errors.New("stripe-mock not found in .bin or $PATH")
}

// startStripeMock runs bin on loopback ports of the system's choosing
// (both HTTP and HTTPS are given, or it opens HTTPS on every interface)
// and returns its HTTP base URL once it listens.
func startStripeMock(bin string) (string, func(), error) {
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:", "-https-addr", "127.0.0.1:")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = cmd.Stdout
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("starting stripe-mock: %w", err)
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	addr := make(chan string, 1)
	go func() { // owned by the mock's process: ends when its output closes
		sc := bufio.NewScanner(out)
		found := false
		for sc.Scan() {
			line := sc.Text()
			if a, ok := strings.CutPrefix(line, "Listening for HTTP at address: "); ok && !found {
				found = true
				addr <- strings.TrimSpace(a)
			}
		}
		close(addr)
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			stop()
			return "", nil, errors.New("stripe-mock exited before listening")
		}
		return "http://" + a, stop, nil
	case <-time.After(20 * time.Second):
		stop()
		return "", nil, errors.New("stripe-mock did not listen within 20 s")
	}
}
