package main

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/adapters/stripe"
	"github.com/slotbot/slotbot/core"
)

// The Stripe return page is worded from the bot's catalog, in every
// language there is a file for: a Russian browser reads Russian.
func TestStripeReturnPageSpeaksTheCatalogsLanguages(t *testing.T) {
	t.Parallel()
	client, err := stripe.New(&core.Service{}, stripe.Config{SecretKey: "sk_test_x", WebhookSecret: "whsec_x",
		PublicURL: "https://slotbot.example"})
	if err != nil {
		t.Fatal(err)
	}
	h := routes{stripe: client, log: slog.New(slog.DiscardHandler)}.handler()
	for _, c := range []struct{ query, lang, want string }{
		{"?result=paid", "ru-RU,ru;q=0.9", "Спасибо!"},
		{"?result=cancelled", "ru", "Деньги не списаны"},
		{"?result=paid", "fr-CA", "Merci !"},
		{"?result=paid", "de-DE", "Thank you!"},
	} {
		r := httptest.NewRequest(http.MethodGet, stripe.ReturnPath+c.query, nil)
		r.Header.Set("Accept-Language", c.lang)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s %s: %d %s", c.query, c.lang, w.Code, w.Body.String())
		}
	}
}
