package locales

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/feature/plural"
)

// Render returns key's text in lang with args, name/value pairs. It never
// returns a template's "<no value>": whatever goes wrong (an unknown key,
// a missing or odd argument, a missing plural form) is the error, and the
// text is the best that can be shown — the English one, the text with a
// missing argument left blank, or the key.
func (c *Catalog) Render(lang, key string, args ...any) (string, error) {
	lang = c.Match(lang)
	count, counted, argErr := checkArgs(args)
	text, missing, err := c.localize(lang, key, args, count, counted)
	if err == nil && argErr == nil {
		return onePeriod(text), nil
	}
	err = errors.Join(argErr, err)
	if missing && text != "" {
		return text, fmt.Errorf("text %q: %w", key, err) // the fallback's text
	}
	if text, ok := c.lenient(lang, key, args); ok {
		return text, fmt.Errorf("text %q in %s: %w", key, lang, err)
	}
	return key, fmt.Errorf("text %q in %s: %w", key, lang, err)
}

// localize renders key in lang, the fallback's text when lang has none
// (missing is then true, and so is the error): the form count picks,
// "other" when that form is missing or cannot be filled; "" when no form
// can be filled.
func (c *Catalog) localize(lang, key string, args []any, count uint64, counted bool) (string, bool, error) {
	var err error
	from, missing := lang, false
	t, ok := c.text(lang, key)
	if !ok {
		from, missing = Fallback, true
		err = fmt.Errorf("no text %q in %s", key, lang)
		if t, ok = c.text(Fallback, key); !ok || lang == Fallback {
			return "", true, err
		}
	}
	form := plural.Other
	if counted {
		form = c.pluralForm(from, count)
	}
	out, ferr := fill(t.source(form), args, true)
	if ferr != nil {
		if err == nil {
			err = fmt.Errorf("%q (%s): %w", key, formNames[form], ferr)
		}
		if form != plural.Other {
			if s, oerr := fill(t.other, args, true); oerr == nil {
				out = s
			}
		}
	}
	return out, missing, err
}

// lenient renders the "other" form of key (the fallback's when lang has
// none) with missing arguments left blank, for when the strict rendering
// failed.
func (c *Catalog) lenient(lang, key string, args []any) (string, bool) {
	t, _ := c.text(lang, key)
	if t.other == "" {
		if t, _ = c.text(Fallback, key); t.other == "" {
			return "", false
		}
	}
	out, _ := fill(t.other, args, false)
	return out, true
}

// pluralForm is the CLDR plural category of a whole number of count
// (its magnitude) in lang.
func (c *Catalog) pluralForm(lang string, count uint64) plural.Form {
	if count > math.MaxInt32 {
		// The rules look at the last six digits at most and at whether
		// the number is small: keep those, in an int.
		count = count%1_000_000 + 1_000_000_000
	}
	return plural.Cardinal.MatchPlural(c.langs[lang].tag, int(count), 0, 0, 0, 0)
}

// errNoForm is a text without the plural form asked for.
var errNoForm = errors.New("no such plural form")

// fill writes src with each {{.Name}} replaced by the argument of that
// name (the last one given, when a name is given twice). A missing
// argument fails the rendering when strict and is left blank otherwise.
func fill(src string, args []any, strict bool) (string, error) {
	if src == "" {
		return "", errNoForm
	}
	i := strings.Index(src, "{{")
	if i < 0 {
		return src, nil
	}
	var b strings.Builder
	b.Grow(len(src) + 32)
	for i >= 0 {
		b.WriteString(src[:i])
		name, rest, _ := placeholder(src[i:])
		if v, ok := arg(args, name); ok {
			writeArg(&b, v)
		} else if strict {
			return "", fmt.Errorf("argument %s not given", name)
		}
		src = rest
		i = strings.Index(src, "{{")
	}
	b.WriteString(src)
	return b.String(), nil
}

// placeholder splits "{{.Name}}rest" into Name and rest; ok is false when
// s does not start with a {{.Name}}.
func placeholder(s string) (name, rest string, ok bool) {
	if !strings.HasPrefix(s, "{{.") {
		return "", s, false
	}
	end := strings.Index(s, "}}")
	if end < 0 {
		return "", s, false
	}
	return s[3:end], s[end+2:], true
}

// arg returns the value of the last argument named name.
func arg(args []any, name string) (any, bool) {
	for i := len(args)&^1 - 2; i >= 0; i -= 2 {
		if n, ok := args[i].(string); ok && n == name {
			return args[i+1], true
		}
	}
	return nil, false
}

// checkArgs reports what is wrong with name/value arguments (an odd list,
// a name that is no string, a Count that is no integer) and returns the
// magnitude of the plural count if one was given.
func checkArgs(args []any) (count uint64, counted bool, err error) {
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
		if name != CountArg {
			continue
		}
		if n, ok := magnitude(args[i+1]); ok {
			count, counted = n, true
		} else {
			err = fmt.Errorf("%s is %T, not an integer", CountArg, args[i+1])
		}
	}
	return count, counted, err
}

// magnitude is the absolute value of an integer of any type.
func magnitude(v any) (uint64, bool) {
	var n int64
	switch v := v.(type) {
	case int:
		n = int64(v)
	case int8:
		n = int64(v)
	case int16:
		n = int64(v)
	case int32:
		n = int64(v)
	case int64:
		n = v
	case uint:
		return uint64(v), true
	case uint8:
		return uint64(v), true
	case uint16:
		return uint64(v), true
	case uint32:
		return uint64(v), true
	case uint64:
		return v, true
	default:
		return 0, false
	}
	if n < 0 {
		return uint64(-(n + 1)) + 1, true // -MinInt64 does not fit an int64
	}
	return uint64(n), true
}

// writeArg writes an argument value as text. Callers format dates, money
// and decimals for the reader before passing them.
func writeArg(b *strings.Builder, v any) {
	var buf [20]byte
	switch v := v.(type) {
	case string:
		b.WriteString(v)
	case int:
		b.Write(strconv.AppendInt(buf[:0], int64(v), 10))
	case int64:
		b.Write(strconv.AppendInt(buf[:0], v, 10))
	case fmt.Stringer:
		b.WriteString(v.String())
	default:
		b.WriteString(fmt.Sprint(v)) // not Fprint(b, …), which would move b to the heap
	}
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
