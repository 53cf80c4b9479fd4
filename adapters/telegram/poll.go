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
		var raws []json.RawMessage
		_, err := a.request(ctx, a.cfg.CallTimeout+a.cfg.PollTimeout, a.getUpdates(offset, &raws))
		var updates []*tgbotapi.Update
		if err == nil {
			updates, err = decodeUpdates(raws)
		}
		if err == nil && len(updates) > 0 {
			if err = a.storeRaw(ctx, updates, raws); err == nil {
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

// getUpdates is the op that asks for the updates from offset on, waiting
// up to PollTimeout for one, into raws: each as sent.
func (a *Adapter) getUpdates(offset int, raws *[]json.RawMessage) op {
	var f form
	if offset != 0 {
		f.addInt("offset", int64(offset))
	}
	if t := int64(a.cfg.PollTimeout / time.Second); t != 0 {
		f.addInt("timeout", t)
	}
	f.add("allowed_updates", allowedJSON)
	return func(a *Adapter, ctx context.Context, timeout time.Duration) (result, error) {
		// Not a recycled buffer: the updates stored are slices of it.
		answer, err := a.postForm(ctx, timeout, "getUpdates", f.b, nil)
		if err != nil {
			return result{}, err
		}
		out, list, err := readList(answer)
		if err != nil {
			return result{}, err
		}
		if !out.ok {
			return result{}, out.refusal()
		}
		*raws = list
		return result{}, nil
	}
}

// allowedJSON is allowedUpdates as getUpdates' allowed_updates.
const allowedJSON = `["message","callback_query","my_chat_member"]`

// decodeUpdates reads a page of updates, each as sent.
func decodeUpdates(raws []json.RawMessage) ([]*tgbotapi.Update, error) {
	updates := make([]*tgbotapi.Update, len(raws))
	for i, raw := range raws {
		u, err := decodeUpdate(raw) // update.go
		if err != nil {
			return nil, err
		}
		updates[i] = u
	}
	return updates, nil
}
