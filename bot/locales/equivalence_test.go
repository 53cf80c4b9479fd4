package locales

import (
	"fmt"
	"io/fs"
	"math"
	"slices"
	"testing"
	"testing/fstest"
	"time"
)

// The catalog renders every text exactly as go-i18n did: every key (and
// one there is not) in every language (and in codes matched to one), for
// plural counts that pick every form, with every argument given, each one
// missing in turn, and the odd shapes a caller can get wrong. Text and
// whether there was an error must agree; the two places they rightly
// differ are spelled out in differs.
func TestRenderAsGoI18nDid(t *testing.T) {
	en, err := files.ReadFile("en.toml")
	if err != nil {
		t.Fatal(err)
	}
	partial := fstest.MapFS{
		"en.toml": {Data: en},
		// German lacks most texts (the English ones are shown), one
		// counted text lacks its "one" form and another has only it.
		"de.toml": {Data: []byte(`"language.name" = "Deutsch"
"zone.set" = "Zeitzone: {{.Zone}} (dort ist es {{.Now}})."
"book.price_credits".other = "{{.Count}} Guthaben"
"format.days".one = "ein Tag"
"ty.seats".one = "{{.Count}} Platz"
"ty.seats".other = "{{.Count}} Plätze"
`)},
	}
	n := 0
	for name, fsys := range map[string]fs.FS{"embedded": files, "partial": partial} {
		c, err := Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		o, err := loadOracle(fsys)
		if err != nil {
			t.Fatal(err)
		}
		langs := append(c.Languages(), "xx", "FR-ca", "ru_RU.UTF-8", "")
		keys := append(c.Keys(Fallback), "no.such.key")
		for _, lang := range langs {
			for _, key := range keys {
				for _, args := range shapes(c, c.Match(lang), key) {
					n++
					want, werr := o.render(lang, key, args...)
					got, gerr := c.Render(lang, key, args...)
					if differs(c.Match(lang), args) {
						want, werr = onePeriod(want), nil
					}
					if got != want || (gerr == nil) != (werr == nil) {
						t.Errorf("%s: Render(%q, %q, %#v)\n got %q, %v\nwant %q, %v", name, lang, key, args, got, gerr, want, werr)
					}
				}
			}
		}
	}
	t.Logf("%d renderings compared", n)
	if n < 50_000 {
		t.Errorf("only %d renderings compared", n)
	}
}

// differs reports the case where go-i18n erred and the catalog rightly
// does not: its French rules (a newer CLDR's) have a "many" form for
// whole millions that no French text has, so it showed the "other" form
// with an error (and so without onePeriod's care), where the catalog's
// rules pick "other" and show it.
func differs(lang string, args []any) bool {
	count, counted, _ := checkArgs(args)
	return lang == "fr" && counted && count != 0 && count%1_000_000 == 0
}

// counts pick every plural form of the three languages, and the large
// and negative numbers a caller could pass.
var counts = []any{0, 1, 2, 3, 4, 5, 7, 10, 11, 12, 14, 15, 20, 21, 22, 25, 100, 101, 102, 104, 111, 112, 1000, 1001, 1_000_000,
	2_000_000, 1_000_001, 1_000_000_000_001, -1, -2, -5, -21, int8(2), int16(21), int32(5), int64(101), int64(math.MaxInt64)}

// shapes returns the argument lists key is rendered with: every argument
// the texts in lang and English name, with each count if one is a
// Count; each one missing in turn; and lists a caller could get wrong.
func shapes(c *Catalog, lang, key string) [][]any {
	var names []string
	for _, l := range []string{Fallback, lang} {
		for _, src := range c.Forms(l, key) {
			for _, n := range argNames(src) {
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
	}
	slices.Sort(names)
	full := func(count any) []any {
		var args []any
		for i, n := range names {
			v := any(fmt.Sprintf("‹%s %d›", n, i))
			switch {
			case n == CountArg:
				v = count
			case i%3 == 1:
				v = "sept." // before a period: onePeriod's case
			}
			args = append(args, n, v)
		}
		return args
	}
	var out [][]any
	if slices.Contains(names, CountArg) {
		for _, n := range counts {
			out = append(out, full(n))
		}
	} else {
		out = append(out, full(nil))
	}
	all := full(2)
	for i := range len(all) / 2 {
		out = append(out, slices.Delete(slices.Clone(all), 2*i, 2*i+2))
	}
	out = append(out,
		nil,
		append(slices.Clone(all), "Dangling"),
		append(slices.Clone(all), 42, "unnamed", "", "blank"),
		append(slices.Clone(all), CountArg, "2"),
		append(slices.Clone(all), CountArg, 2.0),
		append([]any{CountArg, 5}, all...),
		emptied(all),
		retyped(all),
	)
	if len(all) > 0 {
		out = append(out, append(slices.Clone(all), all[0], "again"))
	}
	return out
}

// emptied is args with every value but the Count an empty string.
func emptied(args []any) []any {
	out := slices.Clone(args)
	for i := 1; i < len(out); i += 2 {
		if out[i-1] != CountArg {
			out[i] = ""
		}
	}
	return out
}

// retyped is args with values of other types than string: numbers, a
// Stringer, nil.
func retyped(args []any) []any {
	out := slices.Clone(args)
	values := []any{7, int64(-8), 90 * time.Minute, 1.5, nil, uint(3), true}
	for i := 1; i < len(out); i += 2 {
		if out[i-1] != CountArg {
			out[i] = values[(i/2)%len(values)]
		}
	}
	return out
}

// An unsigned Count picks the plural form a signed one does: go-i18n
// refused it and showed the "other" form with an error.
func TestUnsignedCount(t *testing.T) {
	c := Default()
	for _, n := range []int{1, 2, 5, 21, 22, 112} {
		want, err := c.Render("ru", "book.price_credits", "Count", n)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{uint(n), uint8(n), uint16(n), uint32(n), uint64(n)} {
			if got, err := c.Render("ru", "book.price_credits", "Count", v); got != want || err != nil {
				t.Errorf("Count %T(%d): %q, %v; want %q", v, n, got, err, want)
			}
		}
	}
	if got, err := c.Render("ru", "book.price_credits", "Count", uint64(math.MaxUint64)); err != nil || got != "18446744073709551615 кредитов" {
		t.Errorf("the largest Count: %q, %v", got, err)
	}
}
