package webapp

import (
	"log/slog"
	"strings"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/bot/locales"
)

// The page's and the charts' words are the chat's catalog
// (bot/locales/*.toml): the page's own texts under web.*, dates and
// weekdays from format.*, errors from err.*. One catalog, so adding a
// language stays one file and the catalog's tests check the page's texts
// like the chat's.

// pagePrefix starts the keys of the texts only the page shows.
const pagePrefix = "web."

// pageTexts is one language's page texts, prepared once.
type pageTexts struct {
	// plain is every page text without arguments, rendered, for the
	// template.
	plain map[string]string
	// forms is every page text for the script: a string, or its plural
	// forms by CLDR category, with {{.Name}} left for the script to fill.
	forms map[string]any
}

// loadPageTexts prepares every language's page texts, the fallback's
// where a language lacks one (the catalog's tests keep that from
// happening).
func loadPageTexts(c *locales.Catalog) map[string]pageTexts {
	out := map[string]pageTexts{}
	for _, lang := range c.Languages() {
		pt := pageTexts{plain: map[string]string{}, forms: map[string]any{}}
		for _, key := range c.Keys(locales.Fallback) {
			if !strings.HasPrefix(key, pagePrefix) {
				continue
			}
			forms := c.Forms(lang, key)
			if forms == nil {
				forms = c.Forms(locales.Fallback, key)
			}
			if len(forms) == 1 && forms["other"] != "" {
				pt.forms[key] = forms["other"]
				if !strings.Contains(forms["other"], "{{") {
					pt.plain[key] = forms["other"]
				}
				continue
			}
			pt.forms[key] = forms
		}
		out[lang] = pt
	}
	return out
}

// t renders key in lang with its named arguments, name/value pairs, as
// the chat does (the argument Count also picks the plural form); what
// goes wrong is logged, and the best text there is shown.
func (a *App) t(lang, key string, args ...any) string {
	s, err := a.texts.Render(lang, key, args...)
	if err != nil {
		a.log.Error("webapp: text", "key", key, "lang", lang, "err", err)
	}
	return s
}

// Lang picks a language the page speaks for a code ("fr-CA" → "fr"): the
// chat's languages, the fallback otherwise.
func Lang(code string) string { return bot.Language(code) }

// logger is opts.Logger, or slog's default.
func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}
