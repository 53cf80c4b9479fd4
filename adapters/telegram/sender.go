package telegram

import (
	"context"
	"fmt"
	"strconv"

	"github.com/slotbot/slotbot/bot"
)

// Send delivers a notice's reply into a chat for the scheduler, within
// the send budgets, after the replies people are waiting for. A chat
// that blocked the bot (403) or no longer exists is reported wrapping
// bot.ErrUnreachable, for the scheduler to mark the account and stop; a
// notice whose place in the budgets is further than the horizon, or that
// Telegram answered 429, is a bot.RetryAfterError: the scheduler sends it
// later rather than hold a worker.
func (a *Adapter) Send(ctx context.Context, chatID string, r bot.Reply) error {
	chat, err := parseChat(chatID)
	if err != nil {
		return err
	}
	if _, err := a.send(ctx, chat, r, notice); err != nil {
		return sendError(chat, err)
	}
	return nil
}

// Post sends r into a linked group or channel and returns the new
// message's id (bot.ChannelPoster).
func (a *Adapter) Post(ctx context.Context, chatID string, r bot.Reply) (string, error) {
	chat, err := parseChat(chatID)
	if err != nil {
		return "", err
	}
	id, err := a.send(ctx, chat, r, notice)
	if err != nil {
		return "", sendError(chat, err)
	}
	return strconv.Itoa(id), nil
}

// Edit replaces a post's text and buttons (bot.ChannelPoster); a deleted
// post wraps bot.ErrPostGone.
func (a *Adapter) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	chat, err := parseChat(chatID)
	if err != nil {
		return err
	}
	msg, err := strconv.Atoi(messageID)
	if err != nil || msg <= 0 {
		return fmt.Errorf("telegram: message id %q: %w", messageID, bot.ErrPostGone)
	}
	err = a.edit(ctx, chat, msg, r)
	if editGone(err) {
		return fmt.Errorf("telegram: chat %d message %d: %w: %w", chat, msg, bot.ErrPostGone, err)
	}
	if err != nil {
		return sendError(chat, err)
	}
	return nil
}

// parseChat reads a Telegram chat id.
func parseChat(chatID string) (int64, error) {
	chat, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil || chat == 0 {
		return 0, fmt.Errorf("telegram: %q is not a Telegram chat id", chatID)
	}
	return chat, nil
}

// sendError words a failed send, marking the ones no retry can fix.
func sendError(chat int64, err error) error {
	if unreachable(err) {
		return fmt.Errorf("telegram: chat %d: %w: %w", chat, bot.ErrUnreachable, err)
	}
	return fmt.Errorf("telegram: chat %d: %w", chat, err)
}

var (
	_ bot.ChannelPoster = (*Adapter)(nil)
)
