package discord

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// Every slash command and option is described in every language the bot
// speaks, from the catalog, within Discord's 100 characters; /language
// offers every language by its own name.
func TestCommandsAreDescribedInEveryLanguage(t *testing.T) {
	t.Parallel()
	langs := bot.Languages()
	if !slices.Contains(langs, "ru") || !slices.Contains(langs, "fr") {
		t.Fatalf("languages %v", langs)
	}
	check := func(what, en string, loc map[discordgo.Locale]string) {
		t.Helper()
		if en == "" || strings.HasPrefix(en, "discord.") || utf8.RuneCountInString(en) > 100 {
			t.Errorf("%s: English description %q", what, en)
		}
		for _, lang := range langs[1:] {
			l, ok := discordLocale(lang)
			if !ok {
				t.Errorf("%s: no Discord locale for %q", what, lang)
				continue
			}
			d := loc[l]
			if d == "" || d == en || strings.HasPrefix(d, "discord.") || utf8.RuneCountInString(d) > 100 {
				t.Errorf("%s: %s description %q (English %q)", what, l, d, en)
			}
		}
	}
	cmds := applicationCommands(catalogWording())
	if len(cmds) != len(commands()) {
		t.Fatalf("%d commands rendered of %d", len(cmds), len(commands()))
	}
	for _, c := range cmds {
		check("/"+c.Name, c.Description, *c.DescriptionLocalizations)
		for _, o := range c.Options {
			check("/"+c.Name+" "+o.Name, o.Description, o.DescriptionLocalizations)
		}
	}
	lang := cmds[slices.IndexFunc(cmds, func(c *discordgo.ApplicationCommand) bool { return c.Name == "language" })]
	var choices []string
	for _, ch := range lang.Options[0].Choices {
		choices = append(choices, ch.Name+"="+ch.Value.(string))
	}
	if want := []string{"English=en", "Français=fr", "Русский=ru"}; !slices.Equal(choices, want) {
		t.Errorf("/language choices %v, want %v", choices, want)
	}
	if d := (*lang.DescriptionLocalizations)[discordgo.Russian]; d != "Язык общения" {
		t.Errorf("/language in Russian: %q", d)
	}
}

// A new language file is a new Discord localization and a new /language
// choice, with nothing else to change; a language Discord does not know
// is offered as a choice but not as a locale.
func TestANewLanguageReachesDiscord(t *testing.T) {
	t.Parallel()
	w := wording{languages: []string{"en", "de", "pt", "xx"}, text: func(lang, key string, _ ...any) string {
		if key == "language.name" {
			return map[string]string{"en": "English", "de": "Deutsch", "pt": "Português", "xx": "Xish"}[lang]
		}
		return lang + ":" + key
	}}
	for _, c := range applicationCommands(w) {
		loc := *c.DescriptionLocalizations
		if c.Description != "en:discord.command."+c.Name || loc[discordgo.German] != "de:discord.command."+c.Name ||
			loc[discordgo.PortugueseBR] != "pt:discord.command."+c.Name || len(loc) != 2 {
			t.Fatalf("/%s: %q %v", c.Name, c.Description, loc)
		}
		if c.Name == "language" {
			var names []string
			for _, ch := range c.Options[0].Choices {
				names = append(names, ch.Name)
			}
			if !slices.Equal(names, []string{"English", "Deutsch", "Português", "Xish"}) {
				t.Fatalf("/language choices %v", names)
			}
		}
	}
}

// The commands payload Discord receives is the bot's command spec: every
// menu command (/calendar, /progress and /link among them) in the spec's
// order, described in en with fr and ru localizations; coach commands,
// which Discord shows to everyone, say they are for coaches in each
// language.
func TestRegisteredCommandsRenderTheSpec(t *testing.T) {
	t.Parallel()
	everyone := []string{"start", "menu", "help", "book", "classes", "mybookings", "reschedule", "packages", "passes",
		"payments", "history", "stats", "calendar", "progress", "profile", "language", "timezone", "link"}
	coaches := []string{"coach", "addcoach", "linkchannel", "unlinkchannel", "channels", "calendars", "announce",
		"cancelday", "move", "late", "report", "export"}
	e := newEnv(t)
	e.connect()
	put, _ := e.fake.waitCall(0, func(c call) bool { return c.Method == http.MethodPut })
	list, _ := put.Body["_list"].([]any)
	var names []string
	byName := map[string]map[string]any{}
	for _, x := range list {
		c := x.(map[string]any)
		names = append(names, c["name"].(string))
		byName[c["name"].(string)] = c
	}
	if want := append(slices.Clone(everyone), coaches...); !slices.Equal(names, want) {
		t.Fatalf("commands sent:\n got %v\nwant %v", names, want)
	}
	words := func(name string) (en, fr, ru string) {
		c := byName[name]
		loc, _ := c["description_localizations"].(map[string]any)
		fr, _ = loc["fr"].(string)
		ru, _ = loc["ru"].(string)
		return c["description"].(string), fr, ru
	}
	for _, name := range names {
		en, fr, ru := words(name)
		coach := slices.Contains(coaches, name)
		for lang, d := range map[string]string{"en": en, "fr": fr, "ru": ru} {
			if d != bot.Text(lang, "discord.command."+name) || strings.HasPrefix(d, "discord.") {
				t.Errorf("/%s in %s: %q", name, lang, d)
			}
		}
		if marked := strings.HasPrefix(en, "Coach: ") && strings.HasPrefix(fr, "Coach : ") && strings.HasPrefix(ru, "Тренер: "); marked != coach {
			t.Errorf("/%s (coach %v): %q / %q / %q", name, coach, en, fr, ru)
		}
	}
	if en, fr, ru := words("calendar"); en != "A calendar feed of your bookings" || fr != "Un flux d'agenda de vos réservations" ||
		ru != "Ваши записи в календаре по ссылке" {
		t.Errorf("/calendar: %q / %q / %q", en, fr, ru)
	}
}
