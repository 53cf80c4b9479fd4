package stripe

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// A half-done setup is refused at start with the variable named, and
// secrets never reach the logs. (Reading the environment, secret files
// included, is cmd/slotbot's: TestConfigStripe, TestConfigValidation.)
func TestConfigValidatesAndHidesSecrets(t *testing.T) {
	t.Parallel()
	cfg := Config{SecretKey: "sk_test_abcdef", WebhookSecret: "whsec_fromfile", APIURL: "http://127.0.0.1:12111",
		PublicURL: "https://bot.example.com", MaxNetworkRetries: 2}
	if !cfg.Enabled() || cfg.Validate() != nil {
		t.Fatalf("cfg = %+v, %v", cfg, cfg.Validate())
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "stripe", cfg)
	if strings.Contains(logs.String(), "abcdef") || strings.Contains(logs.String(), "fromfile") || !strings.Contains(logs.String(), "sk_test_…") {
		t.Fatalf("logged %s", logs.String())
	}
	if (Config{}).Enabled() {
		t.Fatal("no keys: enabled")
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
}
