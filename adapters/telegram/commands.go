package telegram

import (
	"context"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// command is one entry of a command list; its description is the text
// "telegram.command.<name>" in each language.
type command struct {
	name string
}

// clientCommands are what every person sees in Telegram's "/" menu.
func clientCommands() []command {
	return []command{
		{"book"},
		{"classes"},
		{"mybookings"},
		{"reschedule"},
		{"packages"},
		{"passes"},
		{"payments"},
		{"history"},
		{"stats"},
		{"profile"},
		{"language"},
		{"help"},
	}
}

// coachCommands are added for coaches, in their private chat.
func coachCommands() []command {
	return append([]command{
		{"coach"},
		{"announce"},
		{"channels"},
		{"calendars"},
		{"report"},
		{"export"},
	}, clientCommands()...)
}

// botCommands renders a list in lang.
func botCommands(list []command, lang string) []tgbotapi.BotCommand {
	out := make([]tgbotapi.BotCommand, len(list))
	for i, c := range list {
		out[i] = tgbotapi.BotCommand{Command: c.name, Description: bot.Text(lang, "telegram.command."+c.name)}
	}
	return out
}

// commandLists registers command lists with setMyCommands: the client
// list for everyone (English, and French for French-speaking clients),
// the coach list for each coach's private chat. The emulator and some
// self-hosted servers lack the method: failures are logged, never fatal.
type commandLists struct {
	a    *Adapter
	done map[int64]bool // coach chats registered by this process
}

func newCommandLists(a *Adapter) *commandLists { return &commandLists{a: a, done: map[int64]bool{}} }

// registerDefaults sets the client list.
func (c *commandLists) registerDefaults(ctx context.Context) {
	for _, lang := range bot.Languages() {
		cfg := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeDefault(), botCommands(clientCommands(), lang)...)
		if lang != bot.Languages()[0] {
			cfg.LanguageCode = lang // the first language is everyone's default
		}
		if _, err := c.a.call(ctx, 0, free, chattable(cfg)); err != nil {
			c.a.log.Warn("telegram: setMyCommands failed; the command menu stays as it was", "lang", lang, "err", err)
			return
		}
	}
}

// refreshCoaches registers the coach list for coaches' chats now and
// every interval (coaches are added while the bot runs), until ctx ends.
func (c *commandLists) refreshCoaches(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		c.registerCoaches(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// registerCoaches sets the coach list in each coach's private chat not
// done yet.
func (c *commandLists) registerCoaches(ctx context.Context) {
	chats, err := coachChats(ctx, c.a.svc)
	if err != nil {
		c.a.log.Warn("telegram: cannot list coaches for their command menu", "err", err)
		return
	}
	for chat, lang := range chats {
		if c.done[chat] || ctx.Err() != nil {
			continue
		}
		cfg := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(chat), botCommands(coachCommands(), lang)...)
		if _, err := c.a.call(ctx, 0, free, chattable(cfg)); err != nil {
			c.a.log.Warn("telegram: setMyCommands for a coach failed", "chat", chat, "err", err)
			continue
		}
		c.done[chat] = true
	}
}

// coachChats maps each coach's Telegram private chat to their language.
func coachChats(ctx context.Context, svc *core.Service) (map[int64]string, error) {
	out := map[int64]string{}
	if svc == nil {
		return out, nil
	}
	accs, err := svc.CoachAccounts(ctx, Platform)
	if err != nil {
		return out, err
	}
	for _, ca := range accs {
		if chat, err := strconv.ParseInt(ca.Account.ChatID, 10, 64); err == nil && chat > 0 {
			out[chat] = bot.Language(ca.Language)
		}
	}
	return out, nil
}
