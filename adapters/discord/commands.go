package discord

import (
	"context"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// Slash commands are the bot's menu commands (bot.Commands), registered
// up front as Discord wants; only their options are declared here, since
// only Discord asks for typed options. Discord cannot show a command to
// some people only: coach commands are listed for everyone, say so in
// their description ("Coach: …"), and are refused by the bot, on the
// server, to anyone who is not a coach. Every command is offered in
// servers and in DMs, as an answer in a server is ephemeral. An option's
// value becomes the request's Args, in the order declared, as a Telegram
// user would type them ("/cancelday 2026-06-04 ill").

// Autocomplete sources of options (autocomplete.go).
const (
	autoType    = "type"    // session types on offer
	autoDay     = "day"     // the coach's coming days with sessions
	autoSession = "session" // the coach's upcoming sessions
	autoSlot    = "slot"    // open times for the session chosen in the same command
)

// option is one declared option of a slash command; its description is
// the catalog's "discord.option.<command>.<option>" in every language.
type option struct {
	name      string
	kind      discordgo.ApplicationCommandOptionType
	required  bool
	languages bool   // its choices are the languages the bot speaks
	weeks     []int  // its choices are these numbers of weeks
	auto      string // autocomplete source, or ""
}

// command is one slash command: a command of the bot's spec and its
// options. Its description is the catalog's "discord." + its key in every
// language.
type command struct {
	name    string
	key     string
	options []option
}

// str is an optional free-text option.
func str(name string) option {
	return option{name: name, kind: discordgo.ApplicationCommandOptionString}
}

// commands are the bot's menu commands in the spec's order, each with
// its options.
func commands() []command {
	opts := options()
	var out []command
	for _, c := range bot.Commands() {
		if !c.Shortcut {
			out = append(out, command{name: c.Name, key: c.Key, options: opts[c.Name]})
		}
	}
	return out
}

// options are the options of the commands that take arguments, by name.
func options() map[string][]option {
	return map[string][]option{
		"book":        {{name: "type", kind: discordgo.ApplicationCommandOptionString, auto: autoType}},
		"language":    {{name: "language", kind: discordgo.ApplicationCommandOptionString, languages: true}},
		"link":        {str("code")},
		"addcoach":    {str("who")},
		"linkchannel": {str("title")},
		"calendars":   {str("address")},
		"announce":    {str("text")},
		"cancelday": {
			{name: "date", kind: discordgo.ApplicationCommandOptionString, required: true, auto: autoDay},
			{name: "reason", kind: discordgo.ApplicationCommandOptionString, required: true},
		},
		"move": {
			{name: "session", kind: discordgo.ApplicationCommandOptionString, required: true, auto: autoSession},
			{name: "time", kind: discordgo.ApplicationCommandOptionString, required: true, auto: autoSlot},
		},
		"late":   {{name: "minutes", kind: discordgo.ApplicationCommandOptionInteger, required: true}},
		"report": {{name: "weeks", kind: discordgo.ApplicationCommandOptionInteger, weeks: core.ReportWeeks}},
	}
}

// commandByName finds a declared command.
func commandByName(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// discordLocales are the catalog's language codes that Discord spells
// otherwise; a code missing here is used as it is when Discord knows it
// ("fr", "ru", "de" …).
var discordLocales = map[string]discordgo.Locale{
	"en": discordgo.EnglishUS, "es": discordgo.SpanishES, "pt": discordgo.PortugueseBR, "sv": discordgo.Swedish,
	"zh": discordgo.ChineseCN, "nb": discordgo.Norwegian,
}

// discordLocale is Discord's locale for a catalog language, and false
// when Discord has none for it.
func discordLocale(lang string) (discordgo.Locale, bool) {
	if l, ok := discordLocales[lang]; ok {
		return l, true
	}
	l := discordgo.Locale(lang)
	_, ok := discordgo.Locales[l]
	return l, ok
}

// wording is where the command declarations get their words: the
// languages the bot speaks, the fallback first, and a text by language
// and key (bot.Languages and bot.Text).
type wording struct {
	languages []string
	text      func(lang, key string, args ...any) string
}

// catalogWording is the bot's catalog: every language file is a language
// of the commands too.
func catalogWording() wording { return wording{languages: bot.Languages(), text: bot.Text} }

// localized renders key in every language but the fallback, by Discord
// locale.
func (w wording) localized(key string) map[discordgo.Locale]string {
	out := map[discordgo.Locale]string{}
	for _, lang := range w.languages[1:] {
		if l, ok := discordLocale(lang); ok {
			out[l] = w.text(lang, key)
		}
	}
	return out
}

// applicationCommands renders the declarations for Discord: descriptions
// in the fallback language with a localization per language file, and the
// /language choices from the files, each language by its own name.
func applicationCommands(w wording) []*discordgo.ApplicationCommand {
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	fallback := w.languages[0]
	var out []*discordgo.ApplicationCommand
	for _, c := range commands() {
		key := "discord." + c.key
		loc := w.localized(key)
		ac := &discordgo.ApplicationCommand{Name: c.name, Type: discordgo.ChatApplicationCommand, Description: w.text(fallback, key),
			DescriptionLocalizations: &loc, Contexts: &contexts, Options: []*discordgo.ApplicationCommandOption{}}
		for _, o := range c.options {
			key := "discord.option." + c.name + "." + o.name
			ao := &discordgo.ApplicationCommandOption{Type: o.kind, Name: o.name, Description: w.text(fallback, key),
				DescriptionLocalizations: w.localized(key), Required: o.required, Autocomplete: o.auto != ""}
			if o.languages {
				for _, lang := range w.languages {
					ao.Choices = append(ao.Choices, &discordgo.ApplicationCommandOptionChoice{Name: w.text(lang, "language.name"), Value: lang})
				}
			}
			for _, n := range o.weeks {
				names := map[discordgo.Locale]string{}
				for _, lang := range w.languages[1:] {
					if l, ok := discordLocale(lang); ok {
						names[l] = w.text(lang, "app.btn.weeks", "Count", n)
					}
				}
				ao.Choices = append(ao.Choices, &discordgo.ApplicationCommandOptionChoice{Name: w.text(fallback, "app.btn.weeks", "Count", n),
					NameLocalizations: names, Value: n})
			}
			if o.kind == discordgo.ApplicationCommandOptionInteger && len(o.weeks) == 0 {
				lo := 1.0
				ao.MinValue, ao.MaxValue = &lo, 240
			}
			ac.Options = append(ac.Options, ao)
		}
		out = append(out, ac)
	}
	return out
}

// registerCommands replaces the application's slash commands with ours:
// in one guild when guildID is set (instant, for trying things out),
// else globally.
func (a *Adapter) registerCommands(ctx context.Context, appID string) error {
	cmds := applicationCommands(catalogWording())
	_, err := a.s.ApplicationCommandBulkOverwrite(appID, a.cfg.GuildID, cmds, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: register commands: %w", err)
	}
	a.log.Info("discord: slash commands registered", "count", len(cmds), "guild", a.cfg.GuildID)
	return nil
}

// route rewrites a command whose options name something the bot opens
// through a deep link: "/book type:7" is "/start book_t7".
func route(name string, values []string) (string, string, bool) {
	if name == "book" && len(values) > 0 {
		if id, err := strconv.ParseInt(values[0], 10, 64); err == nil && id > 0 {
			return "start", bot.BookTypeLink(id), true
		}
	}
	return "", "", false
}
