// Package locales holds every text Slotbot shows people, one TOML file
// per language (en.toml, fr.toml, ru.toml …), embedded in the binary:
// CLDR plural rules and named arguments.
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
//
// A text's only construct is {{.Name}}, filled at render time from the
// text as the file has it: the catalog keeps the files' strings and
// nothing parsed from them, so its live heap is about the size of the
// texts (go-i18n, which rendered them before, kept a text/template tree
// per text per language, about 6 MiB that every collection marked). The
// tests keep go-i18n as the reference the rendering is checked against.
package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed *.toml
var files embed.FS

// Fallback is the language every other one is checked against and the one
// spoken when a person's language has no file.
const Fallback = "en"

// CountArg is the argument that picks a text's plural form.
const CountArg = "Count"

// Catalog is the texts of every language, read once.
type Catalog struct {
	codes []string // the fallback first, then the others by code
	langs map[string]*speech
	// keys is every key of every language, sorted; index is a key's place
	// in keys and in every language's texts.
	keys  []string
	index map[string]int
}

// speech is one language's texts.
type speech struct {
	tag   language.Tag // picks the plural form
	texts []text       // by the key's place in Catalog.keys
}

// text is one key's sources in one language.
type text struct {
	other string // the text, or its "other" plural form
	// forms is every plural form by plural.Form (Other, Zero, One, Two,
	// Few, Many), "" where the text has none; nil for a text without
	// plural forms.
	forms *[numForms]string
}

// numForms is the number of CLDR plural categories.
const numForms = int(plural.Many) + 1

// formNames are the file's names of plural.Form's categories, by value.
var formNames = [numForms]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many"}

// has reports whether the language has the text (Load refuses an empty
// source, so every text has one).
func (t text) has() bool { return t.other != "" || t.forms != nil }

// source returns the text's source in form, "" when it has none.
func (t text) source(form plural.Form) string {
	switch {
	case form == plural.Other:
		return t.other
	case t.forms == nil:
		return ""
	}
	return t.forms[form]
}

// Default is the catalog of the embedded files, read on first use. The
// files are part of the binary, so a file that does not load is a
// programming error caught by the tests.
var Default = sync.OnceValue(func() *Catalog {
	c, err := Load(files)
	if err != nil {
		panic(err)
	}
	return c
})

// Load reads every *.toml file of fsys, one language per file named
// after its code.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{langs: map[string]*speech{}, index: map[string]int{}}
	read := map[string]map[string]text{}
	for _, name := range names {
		code := strings.TrimSuffix(path.Base(name), ".toml")
		tag, err := language.Parse(code)
		if err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		texts, err := sources(buf)
		if err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		for key := range texts {
			if _, ok := c.index[key]; !ok {
				c.index[key] = len(c.keys)
				c.keys = append(c.keys, key)
			}
		}
		read[code] = texts
		c.langs[code] = &speech{tag: tag}
		c.codes = append(c.codes, code)
	}
	if c.langs[Fallback] == nil {
		return nil, fmt.Errorf("locales: no %s.toml", Fallback)
	}
	slices.Sort(c.keys)
	for i, key := range c.keys {
		c.index[key] = i
	}
	for code, l := range c.langs {
		l.texts = make([]text, len(c.keys))
		for key, t := range read[code] {
			l.texts[c.index[key]] = t
		}
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
	return c, nil
}

// sources reads a file's texts: a string is a text, a table holds its
// plural forms.
func sources(buf []byte) (map[string]text, error) {
	var raw map[string]any
	if err := toml.Unmarshal(buf, &raw); err != nil {
		return nil, err
	}
	out := make(map[string]text, len(raw))
	for key, v := range raw {
		var t text
		switch v := v.(type) {
		case string:
			t.other = v
		case map[string]any:
			t.forms = new([numForms]string)
			for name, s := range v {
				src, ok := s.(string)
				form := slices.Index(formNames[:], name)
				if !ok || form < 0 {
					return nil, fmt.Errorf("%q: %q is not a plural form (zero, one, two, few, many, other)", key, name)
				}
				if src == "" {
					return nil, fmt.Errorf("%q (%s): an empty text", key, name)
				}
				t.forms[form] = src
			}
			t.other = t.forms[plural.Other]
		default:
			return nil, fmt.Errorf("%q: a text is a string or a table of plural forms", key)
		}
		if t.other == "" && t.forms == nil {
			return nil, fmt.Errorf("%q: an empty text", key)
		}
		for form := range numForms {
			if err := checkSource(t.source(plural.Form(form))); err != nil {
				return nil, fmt.Errorf("%q (%s): %w", key, formNames[form], err)
			}
		}
		out[key] = t
	}
	return out, nil
}

// checkSource fails on a "{{" that does not start a {{.Name}}, the only
// construct the renderer knows.
func checkSource(src string) error {
	for {
		i := strings.Index(src, "{{")
		if i < 0 {
			return nil
		}
		name, rest, ok := placeholder(src[i:])
		if !ok || !isName(name) {
			end := min(len(src), i+20)
			return fmt.Errorf("%q: only {{.Name}} is allowed", src[i:end])
		}
		src = rest
	}
}

// isName reports whether s is an argument name: a letter or underscore,
// then letters, digits and underscores.
func isName(s string) bool {
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// Languages returns the codes of the languages there is a file for, the
// fallback first.
func (c *Catalog) Languages() []string { return slices.Clone(c.codes) }

// Match picks the language to speak for a platform's code ("fr-CA",
// "ru_RU.UTF-8" → "fr", "ru"): the fallback when there is no file for it.
func (c *Catalog) Match(code string) string {
	base := code
	if i := strings.IndexAny(base, "-_.@"); i >= 0 {
		base = base[:i]
	}
	base = strings.ToLower(base)
	if _, ok := c.langs[base]; ok {
		return base
	}
	return Fallback
}

// text returns key's text in lang, a code with a file.
func (c *Catalog) text(lang, key string) (text, bool) {
	l := c.langs[lang]
	i, ok := c.index[key]
	if l == nil || !ok || !l.texts[i].has() {
		return text{}, false
	}
	return l.texts[i], true
}

// Has reports whether key has a text in the fallback language.
func (c *Catalog) Has(key string) bool {
	_, ok := c.text(Fallback, key)
	return ok
}

// Forms returns key's text in lang per plural form ("other" alone for a
// text without plural forms); nil when lang has no such key.
func (c *Catalog) Forms(lang, key string) map[string]string {
	t, ok := c.text(lang, key)
	if !ok {
		return nil
	}
	if t.forms == nil {
		return map[string]string{"other": t.other}
	}
	out := map[string]string{}
	for form, src := range t.forms {
		if src != "" {
			out[formNames[form]] = src
		}
	}
	return out
}

// Keys returns every key of lang, sorted.
func (c *Catalog) Keys(lang string) []string {
	l := c.langs[lang]
	if l == nil {
		return nil
	}
	var out []string
	for i, key := range c.keys {
		if l.texts[i].has() {
			out = append(out, key)
		}
	}
	return out
}
