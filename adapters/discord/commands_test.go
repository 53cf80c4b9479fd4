package discord

import (
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
