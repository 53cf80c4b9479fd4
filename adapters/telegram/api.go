package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

// ctxClient gives each Bot API request a context: tgbotapi takes none, so
// every call runs on a copy of the BotAPI whose client carries it.
type ctxClient struct {
	c   *http.Client
	ctx context.Context
}

// Do sends req under the client's context.
func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.c.Do(req.WithContext(c.ctx))
}

// maxAttempts bounds the tries of one call: 429s waited out in place and
// Telegram's own 5xx answers.
const maxAttempts = 4

// call performs one Bot API method. A message (p reply or notice) waits
// for its place in the send budgets first (a notice whose place is
// further than the horizon is returned as a bot.RetryAfterError, for the
// scheduler to send later); a 429 holds the chat back for retry_after and
// tries again (a wait over MaxRetryWait, or any for a notice, is returned
// as a bot.RetryAfterError instead); Telegram's 5xx answers are retried
// twice. Errors never contain the token.
func (a *Adapter) call(ctx context.Context, chat int64, p pace, o op) (result, error) {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		sent, retryIn, werr := a.wait(ctx, chat, p) // limiter.go
		if werr != nil {
			return result{}, werr
		}
		if retryIn > 0 {
			return result{}, fmt.Errorf("telegram: chat %d: %w", chat, bot.RetryAfterError{After: retryIn})
		}
		var resp result
		resp, err = a.request(ctx, a.cfg.CallTimeout, o)
		sent()
		if err == nil {
			return resp, nil
		}
		te := apiError(err)
		switch {
		case te != nil && te.RetryAfter > 0:
			wait := time.Duration(te.RetryAfter) * time.Second
			a.log.Warn("telegram: 429 too many requests", "chat", chat, "retry_after", wait)
			a.hold(ctx, chat, p, wait)
			if p == notice || wait > a.cfg.MaxRetryWait || attempt == maxAttempts {
				// Too long to hold a worker: the caller (the scheduler)
				// tries again later.
				return result{}, fmt.Errorf("telegram: %w: %w", bot.RetryAfterError{After: wait}, a.redact(err))
			}
			if p == free || a.cfg.Limits.Unlimited {
				if err := sleep(ctx, wait); err != nil {
					return result{}, err
				}
			}
		case te != nil && te.Code >= 500 && attempt < 3:
			if err := sleep(ctx, time.Duration(attempt)*300*time.Millisecond); err != nil {
				return result{}, err
			}
		case te != nil && te.Message == "":
			// Not a Telegram answer: an emulator or a self-hosted server
			// without the method, or a proxy in between.
			return result{}, fmt.Errorf("telegram: the server refused the call without a Bot API error (method not supported?)")
		default:
			return result{}, a.redact(err)
		}
	}
	return result{}, a.redact(err)
}

// result is what the adapter reads of a call's result.
type result struct {
	// messageID is the id of the message a send made, when read already
	// (post reads only that).
	messageID int
	// raw is the result as sent, from the calls made through tgbotapi.
	raw json.RawMessage
}

// id is the id of the message a send made; 0 if none.
func (r result) id() int {
	if r.messageID != 0 || len(r.raw) == 0 {
		return r.messageID
	}
	var m struct {
		MessageID int `json:"message_id"`
	}
	if json.Unmarshal(r.raw, &m) != nil {
		return 0
	}
	return m.MessageID
}

// op is one Bot API request, made under the context it is given within
// timeout.
type op func(a *Adapter, ctx context.Context, timeout time.Duration) (result, error)

// chattable is the op that sends one of tgbotapi's configs.
func chattable(c tgbotapi.Chattable) op {
	return func(a *Adapter, ctx context.Context, timeout time.Duration) (result, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return fromTgbotapi(a.bound(ctx).Request(c))
	}
}

// raw is the op for a method or parameter tgbotapi does not know.
func raw(method string, params tgbotapi.Params) op {
	return func(a *Adapter, ctx context.Context, timeout time.Duration) (result, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return fromTgbotapi(a.bound(ctx).MakeRequest(method, params))
	}
}

// bound is a copy of the adapter's BotAPI (same token and endpoint)
// whose calls run under ctx.
func (a *Adapter) bound(ctx context.Context) *tgbotapi.BotAPI {
	api := *a.api
	api.Client = ctxClient{c: a.cfg.HTTPClient, ctx: ctx}
	return &api
}

// fromTgbotapi is the result of tgbotapi's answer.
func fromTgbotapi(resp *tgbotapi.APIResponse, err error) (result, error) {
	if resp == nil {
		return result{}, err
	}
	return result{raw: resp.Result}, err
}

// request runs o once, under ctx and timeout.
func (a *Adapter) request(ctx context.Context, timeout time.Duration, o op) (result, error) {
	return o(a, ctx, timeout)
}

// apiError is the Bot API's answer inside err, if it is one.
func apiError(err error) *tgbotapi.Error {
	if err == nil {
		return nil
	}
	var p *tgbotapi.Error
	if errors.As(err, &p) {
		return p
	}
	var v tgbotapi.Error
	if errors.As(err, &v) {
		return &v
	}
	return nil
}

// unreachable tells whether err means the chat cannot receive messages
// from the bot: blocked, deactivated, never started, kicked, gone.
func unreachable(err error) bool {
	te := apiError(err)
	if te == nil {
		return false
	}
	msg := strings.ToLower(te.Message)
	return te.Code == http.StatusForbidden || strings.HasPrefix(msg, "forbidden") ||
		strings.Contains(msg, "chat not found") || strings.Contains(msg, "user is deactivated") ||
		strings.Contains(msg, "peer_id_invalid")
}

// notModified tells whether an edit changed nothing, which is no failure.
func notModified(err error) bool {
	te := apiError(err)
	return te != nil && strings.Contains(strings.ToLower(te.Message), "message is not modified")
}

// editGone tells whether the message to edit no longer exists or can no
// longer be edited.
func editGone(err error) bool {
	te := apiError(err)
	if te == nil {
		return false
	}
	msg := strings.ToLower(te.Message)
	return strings.Contains(msg, "message to edit not found") || strings.Contains(msg, "message_id_invalid") ||
		strings.Contains(msg, "message can't be edited")
}

// redacted is an error whose text had the bot token removed; the chain
// underneath stays available to errors.As.
type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// redact hides the token in err's text (transport errors quote the URL,
// which holds it).
func (a *Adapter) redact(err error) error {
	if err == nil || a.cfg.Token == "" || !strings.Contains(err.Error(), a.cfg.Token) {
		return err
	}
	return &redacted{msg: strings.ReplaceAll(err.Error(), a.cfg.Token, "<token>"), err: err}
}
