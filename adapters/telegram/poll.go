package telegram

import (
	"context"
	"encoding/json"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// allowedUpdates are the updates the bot asks Telegram for.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// poll fetches updates by long polling until ctx ends. A batch is stored
// in the inbox before the next offset confirms it to Telegram, so an
// update is never confirmed before it is stored; a batch that cannot be
// stored is asked for again.
func (a *Adapter) poll(ctx context.Context) error {
	offset, backoff := 0, time.Second
	for ctx.Err() == nil {
		start := time.Now()
		cfg := tgbotapi.UpdateConfig{Offset: offset, Timeout: int(a.cfg.PollTimeout / time.Second), AllowedUpdates: allowedUpdates}
		resp, err := a.request(ctx, a.cfg.CallTimeout+a.cfg.PollTimeout, chattable(cfg))
		var updates []tgbotapi.Update
		var raws []json.RawMessage
		if err == nil {
			updates, raws, err = decodeUpdates(resp)
		}
		if err == nil && len(updates) > 0 {
			batch := make([]*tgbotapi.Update, len(updates))
			for i := range updates {
				batch[i] = &updates[i]
			}
			if err = a.storeRaw(ctx, batch, raws); err == nil {
				for _, u := range updates {
					offset = max(offset, u.UpdateID+1)
				}
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			a.log.Warn("telegram: getUpdates failed", "err", a.redact(err), "retry_in", backoff)
			if sleep(ctx, backoff) != nil {
				break
			}
			backoff = min(2*backoff, 30*time.Second)
			continue
		}
		backoff = time.Second
		if len(updates) == 0 {
			// A server that ignores the timeout answers at once: pace it.
			if sleep(ctx, a.cfg.PollPause-time.Since(start)) != nil {
				break
			}
		}
	}
	return nil
}

// decodeUpdates reads getUpdates' result: each update decoded, and its
// JSON as sent, which the inbox stores (cheaper than encoding it again).
func decodeUpdates(resp result) ([]tgbotapi.Update, []json.RawMessage, error) {
	if len(resp.raw) == 0 || string(resp.raw) == "null" {
		return nil, nil, nil
	}
	var raws []json.RawMessage
	if err := jsonUnmarshal(resp.raw, &raws); err != nil {
		return nil, nil, err
	}
	updates := make([]tgbotapi.Update, len(raws))
	for i, raw := range raws {
		if err := jsonUnmarshal(raw, &updates[i]); err != nil {
			return nil, nil, err
		}
	}
	return updates, raws, nil
}
