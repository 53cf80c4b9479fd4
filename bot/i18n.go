package bot

import (
	"log/slog"

	"github.com/slotbot/slotbot/bot/locales"
)

// catalog renders the bot's texts (bot/locales/*.toml) and logs what goes
// wrong, so a missing argument or key shows in the log and in tests
// instead of reaching a chat as "<no value>".
type catalog struct {
	texts *locales.Catalog
	log   *slog.Logger
}

// newCatalog is the embedded texts, reporting to log.
func newCatalog(log *slog.Logger) *catalog {
	return &catalog{texts: locales.Default(), log: log}
}

// t renders key in lang with its named arguments, name/value pairs:
// c.t("fr", "zone.set", "Zone", zone, "Now", clock). The argument Count
// also picks the plural form.
func (c *catalog) t(lang, key string, args ...any) string {
	s, err := c.texts.Render(lang, key, args...)
	if err != nil {
		c.log.Error("bot: text", "key", key, "lang", lang, "err", err)
	}
	// Which texts a reply was made of, when debugging a conversation (and
	// for the crawler's checks, crawler_test.go).
	c.log.Debug("bot: text shown", "key", key)
	return s
}

// Language picks a language the bot speaks from a platform's code
// ("fr-CA" → "fr", "ru_RU.UTF-8" → "ru"), English otherwise.
func Language(code string) string { return locales.Default().Match(code) }

// Languages are the codes of the languages the bot speaks, English first.
func Languages() []string { return locales.Default().Languages() }

// Text renders one of the catalog's texts for an adapter's own words (a
// Telegram-only prompt, Discord's modal labels, command descriptions):
// every language's texts live in one file per language.
func Text(lang, key string, args ...any) string {
	s, _ := locales.Default().Render(lang, key, args...)
	return s
}
