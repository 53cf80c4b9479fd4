package telegram

import (
	"context"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// botCommands renders a menu of the bot's command spec in lang, each
// described by the catalog's "telegram." + its key.
func botCommands(list []bot.Command, lang string) []tgbotapi.BotCommand {
	out := make([]tgbotapi.BotCommand, len(list))
	for i, c := range list {
		out[i] = tgbotapi.BotCommand{Command: c.Name, Description: bot.Text(lang, "telegram."+c.Key)}
	}
	return out
}

// commandLists registers the menus of bot.Commands with setMyCommands, in
// every language: everyone's commands by default, the group commands for
// groups' administrators, and the coach menu in each coach's private
// chat. The emulator and some self-hosted servers lack the method:
// failures are logged, never fatal.
type commandLists struct {
	a    *Adapter
	done map[int64]bool // coach chats registered by this process
}

func newCommandLists(a *Adapter) *commandLists { return &commandLists{a: a, done: map[int64]bool{}} }

// scopedMenus are the menus set once for all chats: everyone's by
// default, and the group commands for groups' administrators (coaches
// link and announce there; the bot refuses anyone else).
func scopedMenus() []scopedMenu {
	return []scopedMenu{
		{tgbotapi.NewBotCommandScopeDefault(), bot.Menu(bot.Everyone, bot.Private)},
		{tgbotapi.NewBotCommandScopeAllChatAdministrators(), bot.Menu(bot.Coaches, bot.Group)},
	}
}

// scopedMenu is one menu and the chats it is set for.
type scopedMenu struct {
	scope tgbotapi.BotCommandScope
	menu  []bot.Command
}

// registerDefaults sets the menus of scopedMenus in every language.
func (c *commandLists) registerDefaults(ctx context.Context) {
	for _, m := range scopedMenus() {
		for _, lang := range bot.Languages() {
			cfg := tgbotapi.NewSetMyCommandsWithScope(m.scope, botCommands(m.menu, lang)...)
			if lang != bot.Languages()[0] {
				cfg.LanguageCode = lang // the first language is everyone's default
			}
			if _, err := c.a.call(ctx, 0, free, chattable(cfg)); err != nil {
				c.a.log.Warn("telegram: setMyCommands failed; the command menu stays as it was", "scope", m.scope.Type, "lang", lang, "err", err)
				return
			}
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
		cfg := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(chat), botCommands(bot.Menu(bot.Coaches, bot.Private), lang)...)
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
	accs, err := svc.Accounts.CoachAccounts(ctx, Platform)
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
