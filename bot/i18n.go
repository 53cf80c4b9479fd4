package bot

import (
	"fmt"
	"strings"
)

// Languages the bot speaks completely; the first is the fallback.
var languages = []string{"en", "fr"}

// catalog holds every text the bot says, per language and key. Texts use
// fmt verbs with explicit indexes (%[1]s) so a translation may reorder
// them.
type catalog struct {
	msgs map[string]map[string]string
}

// newCatalog gathers the texts of every flow.
func newCatalog() *catalog {
	c := &catalog{msgs: map[string]map[string]string{"en": {}, "fr": {}}}
	for _, part := range []map[string][2]string{commonTexts(), bookingTexts(), accountTexts(), coachTexts(),
		channelTexts(), linkTexts(), paymentTexts(), noticeTexts(), attachmentTexts()} {
		for key, t := range part {
			c.msgs["en"][key] = t[0]
			c.msgs["fr"][key] = t[1]
		}
	}
	return c
}

// t renders a text in lang, falling back to English, then to the key so a
// missing text shows up in tests rather than as silence.
func (c *catalog) t(lang, key string, args ...any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		if msg, ok = c.msgs["en"][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// plural picks key+".one" or key+".other" for n in lang.
func (c *catalog) plural(lang, key string, n int, args ...any) string {
	form := ".other"
	if n == 1 || (lang == "fr" && n == 0) {
		form = ".one"
	}
	return c.t(lang, key+form, append([]any{n}, args...)...)
}

// Language picks a supported language from a platform code ("fr-CA" →
// "fr"), English otherwise.
func Language(code string) string {
	base := strings.ToLower(code)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	for _, l := range languages {
		if l == base {
			return l
		}
	}
	return languages[0]
}
