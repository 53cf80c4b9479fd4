package locales

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	i18ntemplate "github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

// This file is the catalog as it was when go-i18n rendered the texts,
// kept word for word (bar names) so that the equivalence test can hold
// the renderer to it without go-i18n in the binary.

// oracle is the catalog as go-i18n rendered it before the catalog
// rendered its texts itself: the reference its rendering is checked
// against.
type oracle struct {
	bundle *i18n.Bundle
	codes  []string // the fallback first, then the others by code
	local  map[string]*i18n.Localizer
	// forms is every message's source per language, key and plural form
	// ("other" for a text without plural forms).
	forms map[string]map[string]map[string]string
}

// oracleStrict fails on an argument a text uses and the caller did not give,
// so a missing one is an error instead of "<no value>" in a chat.
var oracleStrict = &i18ntemplate.TextParser{Option: "missingkey=error"}

// loadOracle parses every *.toml file of fsys, one language per file named
// after its code.
func loadOracle(fsys fs.FS) (*oracle, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	c := &oracle{bundle: i18n.NewBundle(language.MustParse(Fallback)), local: map[string]*i18n.Localizer{},
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
		forms, err := oracleSources(buf)
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

// oracleSources reads a file's messages as key → plural form → text, the way
// go-i18n reads them: a string is the "other" form, a table holds forms.
func oracleSources(buf []byte) (map[string]map[string]string, error) {
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
				if !ok || !slices.Contains(oraclePluralForms, form) {
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

// oraclePluralForms are CLDR's plural categories, as go-i18n names them.
var oraclePluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// match picks the language to speak for a platform's code ("fr-CA",
// "ru_RU.UTF-8" → "fr", "ru"): the fallback when there is no file for it.
func (c *oracle) match(code string) string {
	base := strings.ToLower(code)
	if i := strings.IndexAny(base, "-_.@"); i >= 0 {
		base = base[:i]
	}
	if _, ok := c.local[base]; ok {
		return base
	}
	return Fallback
}

// render returns key's text in lang with args, name/value pairs. It never
// returns an empty text or a template's "<no value>": whatever goes wrong
// (an unknown key, a missing or odd argument, a missing plural form) is
// the error, and the text is the best that can be shown — the English
// one, the text with a missing argument left blank, or the key.
func (c *oracle) render(lang, key string, args ...any) (string, error) {
	lang = c.match(lang)
	data, count, argErr := oraclePairs(args)
	cfg := &i18n.LocalizeConfig{MessageID: key, TemplateData: data, TemplateParser: oracleStrict}
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
func (c *oracle) lenient(lang, key string, data map[string]string) (string, bool) {
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

// oraclePairs turns name/value arguments into a text's data, every value
// formatted as a string, and returns the plural count if one was given.
func oraclePairs(args []any) (map[string]string, any, error) {
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
		data[name] = oracleFormat(args[i+1])
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

// oracleFormat writes an argument value as text. Callers format dates, money
// and decimals for the reader before passing them.
func oracleFormat(v any) string {
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
