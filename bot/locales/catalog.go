// Package locales holds every text Slotbot shows people, one TOML file
// per language (en.toml, fr.toml, ru.toml …), embedded in the binary and
// rendered with go-i18n: CLDR plural rules and named arguments.
//
// Adding a language is adding one file named after its code: the list of
// languages, each language's own name, its day and month names, its
// decimal separator and money pattern all come from the files.
//
// A text is asked for by key with its arguments as name/value pairs, in
// the manner of log/slog:
//
//	c.Render("fr", "zone.set", "Zone", "Europe/Paris", "Now", "18:00")
//
// The argument named Count also picks the plural form, so a text that
// takes a Count is written with the forms its language needs (one, few,
// many, other …).
package locales

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	i18ntemplate "github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

//go:embed *.toml
var files embed.FS

// Fallback is the language every other one is checked against and the one
// spoken when a person's language has no file.
const Fallback = "en"

// CountArg is the argument that picks a text's plural form.
const CountArg = "Count"

// Catalog is the texts of every language, parsed once.
type Catalog struct {
	bundle *i18n.Bundle
	codes  []string // the fallback first, then the others by code
	local  map[string]*i18n.Localizer
	// forms is every message's source per language, key and plural form
	// ("other" for a text without plural forms).
	forms map[string]map[string]map[string]string
}

// strict fails on an argument a text uses and the caller did not give,
// so a missing one is an error instead of "<no value>" in a chat.
var strict = &i18ntemplate.TextParser{Option: "missingkey=error"}

// Default is the catalog of the embedded files, parsed on first use. The
// files are part of the binary, so a file that does not parse is a
// programming error caught by the tests.
var Default = sync.OnceValue(func() *Catalog {
	c, err := Load(files)
	if err != nil {
		panic(err)
	}
	return c
})

// Load parses every *.toml file of fsys, one language per file named
// after its code.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{bundle: i18n.NewBundle(language.MustParse(Fallback)), local: map[string]*i18n.Localizer{},
		forms: map[string]map[string]map[string]string{}}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, name := range names {
		code := strings.TrimSuffix(path.Base(name), ".toml")
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if _, err := c.bundle.ParseMessageFileBytes(buf, name); err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		forms, err := sources(buf)
		if err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		c.forms[code] = forms
		c.codes = append(c.codes, code)
	}
	if c.forms[Fallback] == nil {
		return nil, fmt.Errorf("locales: no %s.toml", Fallback)
	}
	slices.SortFunc(c.codes, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == Fallback:
			return -1
		case b == Fallback:
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, code := range c.codes {
		c.local[code] = i18n.NewLocalizer(c.bundle, code)
	}
	return c, nil
}

// sources reads a file's messages as key → plural form → text, the way
// go-i18n reads them: a string is the "other" form, a table holds forms.
func sources(buf []byte) (map[string]map[string]string, error) {
	var raw map[string]any
	if err := toml.Unmarshal(buf, &raw); err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for key, v := range raw {
		switch v := v.(type) {
		case string:
			out[key] = map[string]string{"other": v}
		case map[string]any:
			forms := map[string]string{}
			for form, s := range v {
				text, ok := s.(string)
				if !ok || !slices.Contains(pluralForms, form) {
					return nil, fmt.Errorf("%q: %q is not a plural form (zero, one, two, few, many, other)", key, form)
				}
				forms[form] = text
			}
			out[key] = forms
		default:
			return nil, fmt.Errorf("%q: a text is a string or a table of plural forms", key)
		}
	}
	return out, nil
}

// pluralForms are CLDR's plural categories, as go-i18n names them.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// Languages returns the codes of the languages there is a file for, the
// fallback first.
func (c *Catalog) Languages() []string { return slices.Clone(c.codes) }

// Match picks the language to speak for a platform's code ("fr-CA",
// "ru_RU.UTF-8" → "fr", "ru"): the fallback when there is no file for it.
func (c *Catalog) Match(code string) string {
	base := strings.ToLower(code)
	if i := strings.IndexAny(base, "-_.@"); i >= 0 {
		base = base[:i]
	}
	if _, ok := c.local[base]; ok {
		return base
	}
	return Fallback
}

// Has reports whether key has a text in the fallback language.
func (c *Catalog) Has(key string) bool {
	_, ok := c.forms[Fallback][key]
	return ok
}

// Forms returns key's text in lang per plural form ("other" alone for a
// text without plural forms); nil when lang has no such key.
func (c *Catalog) Forms(lang, key string) map[string]string {
	f := c.forms[lang][key]
	if f == nil {
		return nil
	}
	out := make(map[string]string, len(f))
	for k, v := range f {
		out[k] = v
	}
	return out
}

// Keys returns every key of lang, sorted.
func (c *Catalog) Keys(lang string) []string {
	var out []string
	for k := range c.forms[lang] {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Render returns key's text in lang with args, name/value pairs. It never
// returns an empty text or a template's "<no value>": whatever goes wrong
// (an unknown key, a missing or odd argument, a missing plural form) is
// the error, and the text is the best that can be shown — the English
// one, the text with a missing argument left blank, or the key.
func (c *Catalog) Render(lang, key string, args ...any) (string, error) {
	lang = c.Match(lang)
	data, count, argErr := pairs(args)
	cfg := &i18n.LocalizeConfig{MessageID: key, TemplateData: data, TemplateParser: strict}
	if count != nil {
		cfg.PluralCount = count
	}
	text, err := c.local[lang].Localize(cfg)
	if err == nil && argErr == nil {
		return onePeriod(text), nil
	}
	err = errors.Join(argErr, err)
	var missing *i18n.MessageNotFoundErr
	if errors.As(err, &missing) && text != "" {
		return text, fmt.Errorf("text %q: %w", key, err) // the fallback's text
	}
	if text, ok := c.lenient(lang, key, data); ok {
		return text, fmt.Errorf("text %q in %s: %w", key, lang, err)
	}
	return key, fmt.Errorf("text %q in %s: %w", key, lang, err)
}

// lenient renders the "other" form of key with missing arguments left
// blank, for when the strict rendering failed.
func (c *Catalog) lenient(lang, key string, data map[string]string) (string, bool) {
	src, ok := c.forms[lang][key]["other"]
	if !ok {
		if src, ok = c.forms[Fallback][key]["other"]; !ok {
			return "", false
		}
	}
	tmpl, err := template.New(key).Option("missingkey=zero").Parse(src)
	if err != nil {
		return "", false
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return "", false
	}
	return buf.String(), true
}

// pairs turns name/value arguments into a text's data, every value
// formatted as a string, and returns the plural count if one was given.
func pairs(args []any) (map[string]string, any, error) {
	data := make(map[string]string, len(args)/2)
	var count any
	var err error
	if len(args)%2 != 0 {
		err = fmt.Errorf("odd argument list: %v", args)
		args = args[:len(args)-1]
	}
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok || name == "" {
			err = fmt.Errorf("argument %d is named %v, not a string", i/2+1, args[i])
			continue
		}
		data[name] = format(args[i+1])
		if name == CountArg {
			switch n := args[i+1].(type) {
			case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
				count = n
			default:
				err = fmt.Errorf("%s is %T, not an integer", CountArg, n)
			}
		}
	}
	return data, count, err
}

// format writes an argument value as text. Callers format dates, money
// and decimals for the reader before passing them.
func format(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// onePeriod drops the period that ends a sentence right after an
// abbreviation's own ("…jusqu'au mer. 30 sept.." reads "sept."), as
// typography wants: an argument ending in "." (a French month, a typed
// "etc.") often lands before a text's final period.
func onePeriod(s string) string {
	if !strings.Contains(s, "..") {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if r == '.' && i >= 2 && rs[i-1] == '.' && unicode.IsLetter(rs[i-2]) && (i+1 == len(rs) || rs[i+1] != '.') {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
