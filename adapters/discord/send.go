package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// Platform names Discord for the notice dispatcher and the channel
// poster.
func (a *Adapter) Platform() string { return Platform }

// Send delivers a notice to a person's DM channel (their account's chat
// id). A person who closed their DMs to the bot, or whose channel is
// gone, yields an error wrapping bot.ErrUnreachable, so their account is
// marked unreachable rather than retried; a notice whose place in the
// send limits is further than the horizon, or that Discord answered 429,
// yields a bot.RetryAfterError, so the scheduler sends it later instead
// of a worker sleeping here.
func (a *Adapter) Send(ctx context.Context, chatID string, r bot.Reply) error {
	if chatID == "" {
		return fmt.Errorf("discord: no DM channel to send to: %w", bot.ErrUnreachable)
	}
	_, err := a.send(ctx, chatID, r, "", notice, discordgo.WithRetryOnRatelimit(false))
	return err
}

// send posts r as a new message in a channel, within the send limits
// (p: a reply or a notice), and returns its id.
func (a *Adapter) send(ctx context.Context, channelID string, r bot.Reply, locale string, p pace, opts ...discordgo.RequestOption) (string, error) {
	sent, err := a.wait(ctx, channelID, p)
	if err != nil {
		return "", err
	}
	m := render(r, locale, true)
	msg, err := a.s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{Content: m.content, Components: m.components,
		Files: m.files}, append(opts, discordgo.WithContext(ctx))...)
	sent()
	if err != nil {
		return "", sendError("send to "+channelID, err)
	}
	return msg.ID, nil
}

// sendError words a failed send for the scheduler: unreachable, rate
// limited, or worth a retry.
func sendError(op string, err error) error {
	var rl *discordgo.RateLimitError
	switch {
	case unreachable(err):
		return fmt.Errorf("discord: %s: %w: %w", op, bot.ErrUnreachable, err)
	case errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil:
		return fmt.Errorf("discord: %s: %w", op, bot.RetryAfterError{After: rl.RetryAfter})
	}
	return fmt.Errorf("discord: %s: %w", op, err)
}

// unreachable reports the errors that mean a person cannot get our
// messages until they do something: DMs closed (50007), an unknown
// channel or user.
func unreachable(err error) bool {
	switch restCode(err) {
	case discordgo.ErrCodeCannotSendMessagesToThisUser, discordgo.ErrCodeUnknownChannel, discordgo.ErrCodeUnknownUser:
		return true
	}
	return false
}

// restCode is the JSON error code of a Discord REST error, 0 for others.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

// Post sends an announcement to a linked channel and returns the post's
// id, for later edits.
func (a *Adapter) Post(ctx context.Context, chatID string, r bot.Reply) (string, error) {
	return a.send(ctx, chatID, r, "", notice, discordgo.WithRetryOnRatelimit(false))
}

// Edit redraws an announcement; a deleted post or channel is reported as
// bot.ErrPostGone.
func (a *Adapter) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	m := render(r, "", false)
	_, err := a.s.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: messageID, Channel: chatID, Content: &m.content,
		Components: &m.components}, discordgo.WithRetryOnRatelimit(false), discordgo.WithContext(ctx))
	switch code := restCode(err); {
	case err == nil:
		return nil
	case code == discordgo.ErrCodeUnknownMessage || code == discordgo.ErrCodeUnknownChannel:
		return fmt.Errorf("discord: edit %s/%s: %w: %w", chatID, messageID, bot.ErrPostGone, err)
	}
	return sendError("edit "+chatID+"/"+messageID, err)
}

// StartLink words the Book button of an announcement. Discord has no
// link that opens a DM at a command, so this is a marker render turns
// into a button the adapter answers, privately, in the channel itself.
func (a *Adapter) StartLink(arg string) string { return startURL + arg }
