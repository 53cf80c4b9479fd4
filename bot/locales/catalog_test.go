package locales

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
	"text/template/parse"
)

// args returns the named arguments a text uses ({{.Name}}), sorted.
func args(t *testing.T, lang, key, src string) []string {
	t.Helper()
	tmpl, err := template.New(key).Parse(src)
	if err != nil {
		t.Errorf("%s %q does not parse: %v", lang, key, err)
		return nil
	}
	var out []string
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			for _, cmd := range n.Pipe.Cmds {
				for _, a := range cmd.Args {
					f, ok := a.(*parse.FieldNode)
					if !ok || len(f.Ident) != 1 {
						t.Errorf("%s %q: only {{.Name}} is allowed, not %s", lang, key, n)
						continue
					}
					if !slices.Contains(out, f.Ident[0]) {
						out = append(out, f.Ident[0])
					}
				}
			}
		case *parse.TextNode:
		default:
			t.Errorf("%s %q: only {{.Name}} is allowed, not %s", lang, key, n)
		}
	}
	if tmpl.Tree != nil {
		walk(tmpl.Tree.Root)
	}
	slices.Sort(out)
	return out
}

// textArgs is the union of the arguments of a text's plural forms.
func textArgs(t *testing.T, c *Catalog, lang, key string) []string {
	var out []string
	for _, src := range c.Forms(lang, key) {
		for _, a := range args(t, lang, key, src) {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Every language has exactly the keys of English, each with exactly its
// named arguments.
func TestEveryLanguageHasEveryTextWithTheSameArguments(t *testing.T) {
	c := Default()
	if got := c.Languages(); !slices.Equal(got, []string{Fallback, "fr", "ru"}) {
		t.Fatalf("languages %v: want English first, then French and Russian", got)
	}
	en := c.Keys(Fallback)
	for _, lang := range c.Languages()[1:] {
		for _, key := range en {
			if c.Forms(lang, key) == nil {
				t.Errorf("%s has no %q", lang, key)
				continue
			}
			want, got := textArgs(t, c, Fallback, key), textArgs(t, c, lang, key)
			if !slices.Equal(want, got) {
				t.Errorf("%s %q uses %v, English uses %v", lang, key, got, want)
			}
		}
		for _, key := range c.Keys(lang) {
			if c.Forms(Fallback, key) == nil {
				t.Errorf("%s has %q, which English has not", lang, key)
			}
		}
	}
}

// A text takes a Count exactly when it has plural forms, and it has every
// form its language picks for a whole number.
func TestPluralsHaveTheFormsTheirLanguageNeeds(t *testing.T) {
	c := Default()
	for _, lang := range c.Languages() {
		for _, key := range c.Keys(lang) {
			forms := c.Forms(lang, key)
			counted := slices.Contains(textArgs(t, c, lang, key), CountArg)
			_, other := forms["other"]
			plural := len(forms) > 1 || !other
			switch {
			case plural && !counted:
				t.Errorf("%s %q has plural forms but no {{.Count}}", lang, key)
			case counted && !plural && !slices.Contains(sameInEveryForm, key):
				t.Errorf("%s %q takes a Count but has no plural forms (one, other …)", lang, key)
			}
			if !counted {
				continue
			}
			data := []any{CountArg, 0}
			for _, a := range textArgs(t, c, lang, key) {
				if a != CountArg {
					data = append(data, a, "x")
				}
			}
			for n := range 1002 {
				data[1] = n
				if _, err := c.Render(lang, key, data...); err != nil {
					t.Errorf("%s %q with Count %d: %v", lang, key, n, err)
					break
				}
			}
		}
	}
}

// sameInEveryForm are texts with a Count whose words do not change with
// it in any language (a number shown alone).
var sameInEveryForm = []string{}

// A translation that is the English text word for word is a text left
// untranslated, unless it reads the same in that language.
func TestTranslationsDifferFromEnglish(t *testing.T) {
	c := Default()
	for _, lang := range c.Languages()[1:] {
		for _, key := range c.Keys(Fallback) {
			en, tr := c.Forms(Fallback, key), c.Forms(lang, key)
			if tr == nil || tr["other"] != en["other"] {
				continue
			}
			if !sameAsEnglish(lang, key, en["other"]) {
				t.Errorf("%s %q is the English text %q", lang, key, en["other"])
			}
		}
	}
}

// sameAsEnglish allows the texts that are the same in a language: marks,
// emoji and arguments alone, commands, and names.
func sameAsEnglish(lang, key, text string) bool {
	letters := false
	for _, r := range stripArgs(text) {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			letters = true
			break
		}
	}
	if !letters || strings.HasPrefix(strings.TrimSpace(stripArgs(text)), "/") {
		return true
	}
	return slices.Contains(sameIn[lang], key) || slices.Contains(sameIn["*"], key)
}

// stripArgs removes {{.Name}} from a text.
func stripArgs(s string) string {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+2:]
	}
}

// sameIn lists, per language ("*": every one), the keys whose text is
// rightly the English one.
var sameIn = map[string][]string{
	"*": {"format.day", "format.weekday.sun", "format.unit.kg", "format.unit.cm", "web.method.stripe"},
	"fr": {"format.minutes", "format.hours", "format.hours_minutes", "av.btn.exception", "clients.back", "coach.btn.clients",
		"cs.btn.agenda", "gs.type", "se.notes", "web.export.clients", "web.filter.coach", "menu.back"},
}

// No text keeps a format verb or a "(s)", "(e)" or "(а)" hedge: plurals are
// real and a person is addressed without guessing a gender.
func TestNoFormatVerbsOrHedges(t *testing.T) {
	c := Default()
	for _, lang := range c.Languages() {
		for _, key := range c.Keys(lang) {
			for form, src := range c.Forms(lang, key) {
				if keyShape.MatchString(src) {
					t.Errorf("%s %q (%s) is a key, not a text: %q", lang, key, form, src)
				}
				for _, bad := range []string{"%s", "%d", "%v", "%q", "%[", "(s)", "<no value>", "(e)", "(es)", "(а)", "(ы)"} {
					if strings.Contains(src, bad) {
						t.Errorf("%s %q (%s) contains %q: %q", lang, key, form, bad, src)
					}
				}
			}
		}
	}
}

// A missing argument is an error, never "<no value>" in a chat, and an
// unknown key shows as itself.
func TestRenderReportsMissingArguments(t *testing.T) {
	c := Default()
	got, err := c.Render("en", "zone.set", "Zone", "Europe/Paris")
	if err == nil || strings.Contains(got, "<no value>") || !strings.Contains(got, "Europe/Paris") {
		t.Errorf("missing Now: %q, %v", got, err)
	}
	if got, err := c.Render("fr", "no.such.key"); err == nil || got != "no.such.key" {
		t.Errorf("unknown key: %q, %v", got, err)
	}
	if _, err := c.Render("en", "zone.set", "Zone"); err == nil {
		t.Error("an odd argument list is no error")
	}
	if got, err := c.Render("en", "book.price_credits", "Count", "2"); err == nil {
		t.Errorf("a Count that is no number: %q, no error", got)
	}
	if got, err := c.Render("ru-RU", "zone.set", "Zone", "Europe/Moscow", "Now", "18:00"); err != nil || !strings.Contains(got, "Europe/Moscow") {
		t.Errorf("ru-RU: %q, %v", got, err)
	}
}

// Languages come from the files: a new file is a new language, spoken
// from its code, with nothing else to change.
func TestALanguageIsAFile(t *testing.T) {
	en, err := files.ReadFile("en.toml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"en.toml": {Data: en},
		"de.toml": {Data: []byte("\"language.name\" = \"Deutsch\"\n\"zone.set\" = \"Zeitzone: {{.Zone}} (dort ist es {{.Now}}).\"\n" +
			"\"book.price_credits\".one = \"{{.Count}} Guthaben\"\n\"book.price_credits\".other = \"{{.Count}} Guthaben\"\n")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Languages(); !slices.Equal(got, []string{"en", "de"}) {
		t.Errorf("languages %v", got)
	}
	if got := c.Match("de-AT"); got != "de" {
		t.Errorf("de-AT speaks %q", got)
	}
	if got, _ := c.Render("de", "zone.set", "Zone", "Europe/Berlin", "Now", "18:00"); got != "Zeitzone: Europe/Berlin (dort ist es 18:00)." {
		t.Errorf("de text %q", got)
	}
	if got, err := c.Render("de", "menu.book"); err == nil || got != "📅 Book a session" {
		t.Errorf("a text the file lacks: %q, %v; want the English one and an error", got, err)
	}
}

// Russian plurals pick one, few and many as the language does, for every
// text with a Count: 1 and 21 take one form, 2 and 22 another, 5, 11 and
// 25 a third.
func TestRussianPluralForms(t *testing.T) {
	c := Default()
	for n, want := range map[int]string{1: "1 кредит", 2: "2 кредита", 5: "5 кредитов", 11: "11 кредитов",
		21: "21 кредит", 22: "22 кредита", 25: "25 кредитов", 101: "101 кредит", 112: "112 кредитов"} {
		got, err := c.Render("ru", "book.price_credits", "Count", n)
		if err != nil || got != want {
			t.Errorf("ru book.price_credits %d = %q, %v; want %q", n, got, err, want)
		}
	}
	for n, want := range map[int]string{1: "1 день", 3: "3 дня", 12: "12 дней", 31: "31 день"} {
		if got, _ := c.Render("ru", "format.days", "Count", n); got != want {
			t.Errorf("ru format.days %d = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{1: "1 место", 4: "4 места", 8: "8 мест", 21: "21 место"} {
		if got, _ := c.Render("ru", "ty.seats", "Count", n); got != want {
			t.Errorf("ru ty.seats %d = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 crédit", 1: "1 crédit", 2: "2 crédits"} {
		if got, _ := c.Render("fr", "book.price_credits", "Count", n); got != want {
			t.Errorf("fr book.price_credits %d = %q, want %q", n, got, want)
		}
	}
	// Every Russian text with a Count has its one, few and many forms, and
	// each shows the number: "one" is also 21 and 101, so a form without
	// the number would say "your credit" for 21 credits.
	for _, key := range c.Keys("ru") {
		forms := c.Forms("ru", key)
		if len(forms) == 1 {
			continue
		}
		for _, form := range []string{"one", "few", "many", "other"} {
			src, ok := forms[form]
			if !ok {
				t.Errorf("ru %q has no %s form", key, form)
			} else if !strings.Contains(src, "{{.Count}}") {
				t.Errorf("ru %q (%s) does not show the number: %q", key, form, src)
			}
		}
	}
}

// Russian money reads "45,00 €" with a non-breaking space, and dates
// "пн, 1 июня": the month in full, in the genitive, so that no date ends a
// sentence with a second full stop.
func TestRussianFormats(t *testing.T) {
	c := Default()
	if got, _ := c.Render("ru", "format.money", "Symbol", "€", "Amount", "45,00"); got != "45,00\u00a0€" {
		t.Errorf("ru money %q", got)
	}
	if got, _ := c.Render("ru", "format.day", "Weekday", "пн", "Day", 1, "Month", "июня"); got != "пн, 1 июня" {
		t.Errorf("ru day %q", got)
	}
	for _, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if got, _ := c.Render("ru", "format.month."+m); strings.HasSuffix(got, ".") {
			t.Errorf("ru month %s = %q ends with a full stop", m, got)
		}
	}
	if got := c.Match("ru-RU"); got != "ru" {
		t.Errorf("ru-RU speaks %q", got)
	}
}

// A sentence ending in an abbreviated French month has one period, not
// two; an ellipsis and a lone period are left alone.
func TestOnePeriodAfterAnAbbreviation(t *testing.T) {
	for in, want := range map[string]string{
		"valable jusqu'au mer. 30 sept..": "valable jusqu'au mer. 30 sept.",
		"jusqu'au 2 déc.. Merci":          "jusqu'au 2 déc. Merci",
		"Attendez...":                     "Attendez...",
		"Fin.":                            "Fin.",
		"1.. 2":                           "1.. 2",
	} {
		if got := onePeriod(in); got != want {
			t.Errorf("onePeriod(%q) = %q, want %q", in, got, want)
		}
	}
	c := Default()
	got, err := c.Render("fr", "my.passes.expired", "Pass", "10 séances", "Coach", "Ana", "Expires", "mer. 30 sept.")
	if err != nil || strings.Contains(got, "..") {
		t.Fatalf("%q, %v", got, err)
	}
}
