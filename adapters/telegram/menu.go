package telegram

import (
	"context"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

// The bot's menu button, beside the text field, opens the calendar Mini
// App. Telegram keeps one default button and one per private chat, with
// no per-language list as setMyCommands has: the default is labelled in
// the first language, and each private chat's is set, in the language
// Slotbot speaks with the person there, the first time this process
// answers them and whenever that language changes (/language).

// maxMenus bounds the chats whose button language a process remembers;
// past it the memory starts afresh, costing one call per chat again.
const maxMenus = 100_000

// menus is the language each private chat's menu button was set in by
// this process.
type menus struct {
	mu   sync.Mutex
	max  int
	lang map[int64]string
}

func newMenus(max int) *menus { return &menus{max: max, lang: map[int64]string{}} }

// claim records that chat's button is to be in lang, and tells whether
// it was in another (or unknown) one, so that one call sets it.
func (m *menus) claim(chat int64, lang string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.lang[chat] == lang {
		return false
	}
	if len(m.lang) >= m.max {
		clear(m.lang)
	}
	m.lang[chat] = lang
	return true
}

// forget drops what is remembered of chat, after a failed call, so the
// next answer there tries again.
func (m *menus) forget(chat int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.lang, chat)
}

// setMenuButton sets the default menu button, in the first language. A
// server without the method (the emulator) leaves the button as it was.
func (a *Adapter) setMenuButton(ctx context.Context) {
	lang := bot.Languages()[0]
	if err := a.menuButton(ctx, 0, lang); err != nil {
		a.log.Warn("telegram: setChatMenuButton failed; the menu button stays as it was", "err", err)
	}
}

// menuIn sets the menu button of a private chat in lang, the language of
// the person there, unless this process already did.
func (a *Adapter) menuIn(ctx context.Context, chat int64, lang string) {
	if lang == "" || a.cfg.MiniAppURL == nil || a.cfg.MiniAppURL(lang) == "" || !a.menus.claim(chat, lang) {
		return
	}
	if err := a.menuButton(ctx, chat, lang); err != nil {
		a.menus.forget(chat)
		a.log.Warn("telegram: setChatMenuButton for a chat failed", "chat", chat, "lang", lang, "err", err)
	}
}

// menuButton makes chat's menu button (0: the default) open the Mini App
// in lang, labelled in lang.
func (a *Adapter) menuButton(ctx context.Context, chat int64, lang string) error {
	if a.cfg.MiniAppURL == nil {
		return nil
	}
	url := a.cfg.MiniAppURL(lang)
	if url == "" {
		return nil
	}
	p := tgbotapi.Params{}
	if chat != 0 {
		p.AddNonZero64("chat_id", chat)
	}
	menu := map[string]any{"type": "web_app", "text": bot.Text(lang, "app.btn.calendar"), "web_app": map[string]string{"url": url}}
	if err := p.AddInterface("menu_button", menu); err != nil {
		return err
	}
	_, err := a.call(ctx, chat, free, raw("setChatMenuButton", p))
	return err
}
