package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxUpdateBytes bounds a webhook body; Telegram's updates are far
// smaller.
const maxUpdateBytes = 1 << 20

// Handler receives Telegram's webhook calls (mount it at WebhookPath).
// A request without the secret token registered with setWebhook gets 401
// and is not read; a good one is stored in the inbox and only then
// acknowledged (200). It is refused with 503, so that Telegram delivers
// it again, while the adapter is not running or when it cannot be stored
// within StoreTimeout (the sender is then told to try again).
func (a *Adapter) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var u *tgbotapi.Update
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
		if err == nil {
			u, err = decodeUpdate(raw) // update.go
		}
		if err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if !a.running.Load() {
			http.Error(w, "not running", http.StatusServiceUnavailable)
			return
		}
		if err := a.storeRaw(r.Context(), []*tgbotapi.Update{u}, []json.RawMessage{raw}); err != nil {
			a.log.Warn("telegram: update not stored; Telegram will send it again", "update_id", u.UpdateID, "err", err)
			http.Error(w, "not stored", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// setWebhook registers WebhookURL with the secret token (tgbotapi's
// WebhookConfig cannot carry one, so the call is made by hand).
func (a *Adapter) setWebhook(ctx context.Context) error {
	if !strings.HasPrefix(a.cfg.WebhookURL, "https://") && !strings.HasPrefix(a.cfg.WebhookURL, "http://") {
		return fmt.Errorf("telegram: TELEGRAM_WEBHOOK_URL %q is not an http(s) URL", a.cfg.WebhookURL)
	}
	allowed, _ := json.Marshal(allowedUpdates)
	_, err := a.call(ctx, 0, free, raw("setWebhook", tgbotapi.Params{
		"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret, "allowed_updates": string(allowed),
		"max_connections": "40",
	}))
	if err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", err)
	}
	a.log.Info("telegram: webhook registered", "url", a.cfg.WebhookURL)
	return nil
}

// deleteWebhook makes long polling possible again after a webhook was
// set; pending updates are kept.
func (a *Adapter) deleteWebhook(ctx context.Context) error {
	_, err := a.call(ctx, 0, free, chattable(tgbotapi.DeleteWebhookConfig{DropPendingUpdates: false}))
	return err
}
