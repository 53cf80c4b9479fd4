package stripe

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The environment turns Stripe on; a half-done setup is refused at start
// with the variable named, and secrets never reach the logs.
func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "whsec")
	if err := os.WriteFile(file, []byte("whsec_fromfile\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"STRIPE_SECRET_KEY": "sk_test_abcdef", "STRIPE_WEBHOOK_SECRET_FILE": file,
		"STRIPE_API_URL": "http://127.0.0.1:12111", "SLOTBOT_PUBLIC_URL": "https://bot.example.com"}
	cfg, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Enabled() || cfg.WebhookSecret != "whsec_fromfile" || cfg.MaxNetworkRetries != 2 || cfg.Validate() != nil {
		t.Fatalf("cfg = %+v, %v", cfg, cfg.Validate())
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "stripe", cfg)
	if strings.Contains(logs.String(), "abcdef") || strings.Contains(logs.String(), "fromfile") || !strings.Contains(logs.String(), "sk_test_…") {
		t.Fatalf("logged %s", logs.String())
	}
	off, err := ConfigFromEnv(func(string) string { return "" })
	if err != nil || off.Enabled() {
		t.Fatalf("no keys: %+v, %v", off, err)
	}
	for name, c := range map[string]struct {
		cfg  Config
		want string
	}{
		"no webhook secret": {Config{SecretKey: "sk_test_1", PublicURL: "https://x.example"}, "STRIPE_WEBHOOK_SECRET"},
		"publishable key":   {Config{SecretKey: "pk_test_1", WebhookSecret: "whsec_1", PublicURL: "https://x.example"}, "STRIPE_SECRET_KEY"},
		"no public url":     {Config{SecretKey: "sk_test_1", WebhookSecret: "whsec_1"}, "SLOTBOT_PUBLIC_URL"},
		"relative api url":  {Config{SecretKey: "sk_test_1", WebhookSecret: "whsec_1", PublicURL: "https://x.example", APIURL: "localhost:12111"}, "STRIPE_API_URL"},
	} {
		if err := c.cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	missing := map[string]string{"STRIPE_SECRET_KEY_FILE": filepath.Join(dir, "nope")}
	if _, err := ConfigFromEnv(func(k string) string { return missing[k] }); err == nil {
		t.Error("a missing secret file was accepted")
	}
}
