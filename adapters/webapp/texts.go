package webapp

import (
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The page's and the charts' texts, one message file per language with
// named {arguments} and CLDR plural forms (key.one, key.few, key.many,
// key.other): English, French and Russian, English the fallback.

//go:embed locales/*.json
var localeFiles embed.FS

// Languages are the languages the page speaks, the fallback first.
var Languages = []string{"en", "fr", "ru"}

// Texts is every language's messages.
type Texts struct {
	msgs map[string]map[string]string
}

// LoadTexts reads the embedded message files; a file that does not parse
// is a build mistake the tests catch.
func LoadTexts() (*Texts, error) {
	t := &Texts{msgs: map[string]map[string]string{}}
	for _, lang := range Languages {
		raw, err := localeFiles.ReadFile("locales/" + lang + ".json")
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("webapp: locales/%s.json: %w", lang, err)
		}
		t.msgs[lang] = m
	}
	return t, nil
}

// Lang picks a supported language for a code ("fr-CA" → "fr"), English
// otherwise.
func Lang(code string) string {
	base := strings.ToLower(code)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	for _, l := range Languages {
		if l == base {
			return l
		}
	}
	return Languages[0]
}

// Messages is one language's messages, for the page's script.
func (t *Texts) Messages(lang string) map[string]string {
	out := map[string]string{}
	for k, v := range t.msgs[Languages[0]] {
		out[k] = v
	}
	for k, v := range t.msgs[Lang(lang)] {
		out[k] = v
	}
	return out
}

// T renders key in lang with args given as name, value pairs.
func (t *Texts) T(lang, key string, args ...any) string {
	msg, ok := t.msgs[Lang(lang)][key]
	if !ok {
		if msg, ok = t.msgs[Languages[0]][key]; !ok {
			return key
		}
	}
	return fill(msg, args)
}

// N renders the plural form of key for n in lang; n is also {n}.
func (t *Texts) N(lang, key string, n int, args ...any) string {
	lang = Lang(lang)
	form := key + "." + PluralForm(lang, n)
	if _, ok := t.msgs[lang][form]; !ok {
		form = key + ".other"
	}
	return t.T(lang, form, append([]any{"n", n}, args...)...)
}

// PluralForm is the CLDR plural category of an integer n in lang.
func PluralForm(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	switch lang {
	case "fr":
		if n < 2 {
			return "one"
		}
	case "ru":
		switch d, h := n%10, n%100; {
		case d == 1 && h != 11:
			return "one"
		case d >= 2 && d <= 4 && (h < 12 || h > 14):
			return "few"
		default:
			return "many"
		}
	default:
		if n == 1 {
			return "one"
		}
	}
	return "other"
}

// fill replaces {name} by its value from name, value pairs.
func fill(msg string, args []any) string {
	if len(args) == 0 {
		return msg
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		var v string
		switch a := args[i+1].(type) {
		case string:
			v = a
		case int:
			v = strconv.Itoa(a)
		default:
			v = fmt.Sprint(a)
		}
		pairs = append(pairs, "{"+name+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}
