package bot

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/slotbot/slotbot/bot/locales"
)

// What the crawler asserts on every reply: whole texts (no format leak,
// no raw key, no empty message), the reader's language only, a next step,
// and no fallback or fault after a pressed button.

// crawlLeaks are what a text shows when a format or a value went wrong.
var crawlLeaks = []string{"%!", "(s)", "<nil>", "<no value>", "{{", "}}", "[]", "map["}

// crawlKeyish finds words shaped like a text key ("my.cancel.keep").
var crawlKeyish = regexp.MustCompile(`[a-z][a-z0-9_]*(\.[a-z0-9_]+)+`)

// crawlOne finds "1" followed by a plural noun, per language: a count
// rendered without its plural forms.
var crawlOne = map[string]*regexp.Regexp{
	"en": regexp.MustCompile(`(^|[^0-9,.:])1 (credits|sessions|clients|seats|spots|places|days|weeks|hours|minutes|bookings|payments|passes|chats)([^\p{L}]|$)`),
	"fr": regexp.MustCompile(`(^|[^0-9,.:])1 (crédits|séances|clients|places|jours|semaines|heures|minutes|réservations|paiements|forfaits|discussions)([^\p{L}]|$)`),
	"ru": regexp.MustCompile(`(^|[^0-9,.:])1 (кредита|кредитов|занятия|занятий|клиента|клиентов|места|мест|дня|дней|недели|недель|часа|часов|минуты|минут|платежа|платежей)([^\p{L}]|$)`),
}

// check asserts on one request's replies.
func (c *crawler) check(path []string, req Request, r []Reply, keys []string, pressed bool) {
	c.t.Helper()
	cat := locales.Default()
	hasButton := false
	for _, rep := range r {
		// A file comes below the screen that offered it, whose buttons
		// stay.
		hasButton = hasButton || rep.Document != nil
		if strings.TrimSpace(rep.Text) == "" && rep.Document == nil {
			c.fail(path, "an empty message", r)
		}
		texts := []string{rep.Text, rep.Toast}
		for _, rw := range rep.Buttons {
			for _, b := range rw {
				hasButton = true
				texts = append(texts, b.Label)
				if strings.TrimSpace(b.Label) == "" {
					c.fail(path, "a button without a label", r)
				}
			}
		}
		for _, s := range texts {
			for _, leak := range crawlLeaks {
				if strings.Contains(s, leak) {
					c.fail(path, "a text shows "+leak+": "+firstLine(s, leak), r)
				}
			}
			if re := crawlOne[c.lang]; re != nil {
				if m := re.FindString(s); m != "" {
					c.fail(path, "a count without its plural: "+strings.TrimSpace(m), r)
				}
			}
			for _, k := range crawlKeyish.FindAllString(s, -1) {
				if cat.Has(k) {
					c.fail(path, "a raw text key: "+k, r)
				}
			}
			if c.lang != locales.Fallback {
				if key, frag := englishIn(c.lang, s); frag != "" {
					c.fail(path, "English in "+c.lang+" ("+key+"): "+frag, r)
				}
			}
		}
	}
	if !hasButton && req.ChatKind == ChatPrivate && !crawlKnown(c, "no next step", path, r) {
		c.fail(path, "no next step: no button, no menu", r)
	}
	if pressed || req.Data != "" {
		if slices.Contains(keys, "unknown.text") && req.Text == "" {
			c.fail(path, "a button ends in the generic fallback", r)
		}
		if slices.Contains(keys, "error.internal") {
			c.fail(path, "a request ends in EINTERNAL", r)
		}
	}
}

// crawlKnown reports whether a failed check is a known defect another
// change is fixing (crawlKnownDefects).
func crawlKnown(c *crawler, check string, path []string, r []Reply) bool {
	for _, d := range crawlKnownDefects {
		if d.check == check && d.match(c, path, r) {
			return true
		}
	}
	return false
}

// crawlKnownDefects are failures the crawl lets pass while a change under
// way fixes them; each names its defect ("issue 15 defect N: remove when
// fixed") and matches exactly its case.
var crawlKnownDefects = []struct {
	check string
	match func(c *crawler, path []string, r []Reply) bool
}{}

// firstLine is the line of s holding part, for failure messages.
func firstLine(s, part string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return s
}

// englishShingles maps each run of crawlShingle words of the English
// catalog's texts to its key, per language, leaving out the runs the
// language's own texts use too (a brand, a name, a URL).
var englishShingles = sync.OnceValue(func() map[string]map[string]string {
	cat := locales.Default()
	out := map[string]map[string]string{}
	for _, lang := range cat.Languages() {
		if lang == locales.Fallback {
			continue
		}
		own := map[string]bool{}
		for _, k := range cat.Keys(lang) {
			for _, f := range cat.Forms(lang, k) {
				for _, sh := range shingles(stripActions(f)) {
					own[sh] = true
				}
			}
		}
		m := map[string]string{}
		for _, k := range cat.Keys(locales.Fallback) {
			for _, f := range cat.Forms(locales.Fallback, k) {
				for _, sh := range shingles(stripActions(f)) {
					if !own[sh] {
						m[sh] = k
					}
				}
			}
		}
		out[lang] = m
	}
	return out
})

// crawlShingle is how many words in a row make an English sentence
// recognisable.
const crawlShingle = 3

// englishIn returns the first run of English catalog words in s, and
// the key it comes from.
func englishIn(lang, s string) (key, frag string) {
	m := englishShingles()[lang]
	for _, sh := range shingles(s) {
		if k, ok := m[sh]; ok {
			return k, sh
		}
	}
	return "", ""
}

// stripActions cuts a template's {{…}} actions out, leaving a break so
// words around an argument do not join.
func stripActions(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(" | ")
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return b.String()
		}
		s = s[i+j+2:]
	}
}

// shingles are the runs of crawlShingle lowercase words of s that do not
// cross a line, a sentence's end or a cut-out argument.
func shingles(s string) []string {
	var out []string
	var words []string
	flush := func() {
		for i := 0; i+crawlShingle <= len(words); i++ {
			out = append(out, strings.Join(words[i:i+crawlShingle], " "))
		}
		words = words[:0]
	}
	var w strings.Builder
	endWord := func() {
		if w.Len() > 0 {
			words = append(words, strings.ToLower(w.String()))
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || r == '\'' || r == '’':
			w.WriteRune(r)
		case r == ' ' || r == ',' || r == '-' || r == '"':
			endWord()
		default:
			endWord()
			flush()
		}
	}
	endWord()
	flush()
	return out
}
