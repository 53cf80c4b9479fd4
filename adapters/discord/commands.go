package discord

import (
	"context"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// Slash commands are declared here, once, because Discord wants them
// registered up front; the bot layer still decides what each does. Coach
// commands are listed for everyone and refused by the bot, on the
// server, to anyone who is not a coach. An option's value becomes the
// request's Args, in the order declared, as a Telegram user would type
// them ("/cancelday 2026-06-04 ill").

// Autocomplete sources of options (autocomplete.go).
const (
	autoType    = "type"    // session types on offer
	autoDay     = "day"     // the coach's coming days with sessions
	autoSession = "session" // the coach's upcoming sessions
	autoSlot    = "slot"    // open times for the session chosen in the same command
)

// option is one declared option of a slash command.
type option struct {
	name     string
	en, fr   string // description
	kind     discordgo.ApplicationCommandOptionType
	required bool
	choices  [][2]string // label → value
	auto     string      // autocomplete source, or ""
}

// command is one declared slash command.
type command struct {
	name    string
	en, fr  string // description
	coach   bool   // a coach command (checked by the bot, not by Discord)
	options []option
}

// str is an optional free-text option.
func str(name, en, fr string) option {
	return option{name: name, en: en, fr: fr, kind: discordgo.ApplicationCommandOptionString}
}

// commands lists every slash command, client commands first.
func commands() []command {
	return []command{
		{name: "start", en: "Welcome, time zone and main menu", fr: "Accueil, fuseau horaire et menu principal"},
		{name: "menu", en: "Main menu", fr: "Menu principal"},
		{name: "help", en: "What I can do", fr: "Ce que je sais faire"},
		{name: "book", en: "Book a 1:1 session or a class", fr: "Réserver une séance individuelle ou un cours", options: []option{
			{name: "type", en: "Session type (optional)", fr: "Type de séance (facultatif)", kind: discordgo.ApplicationCommandOptionString, auto: autoType},
		}},
		{name: "classes", en: "Group classes and waitlists", fr: "Cours collectifs et listes d'attente"},
		{name: "mybookings", en: "Your upcoming and past sessions", fr: "Vos séances à venir et passées"},
		{name: "reschedule", en: "Move a booking", fr: "Déplacer une réservation"},
		{name: "packages", en: "Buy a pack of sessions", fr: "Acheter un forfait de séances"},
		{name: "passes", en: "Your credits and their expiry", fr: "Vos crédits et leur validité"},
		{name: "payments", en: "What you owe and your receipts", fr: "Ce que vous devez et vos reçus"},
		{name: "history", en: "Past sessions", fr: "Séances passées"},
		{name: "stats", en: "Your numbers", fr: "Vos chiffres"},
		{name: "profile", en: "Name, email, phone, time zone, language", fr: "Nom, e-mail, téléphone, fuseau horaire, langue"},
		{name: "language", en: "English or French", fr: "Anglais ou français", options: []option{
			{name: "language", en: "Language", fr: "Langue", kind: discordgo.ApplicationCommandOptionString,
				choices: [][2]string{{"English", "en"}, {"Français", "fr"}}},
		}},
		{name: "timezone", en: "Change your time zone", fr: "Changer de fuseau horaire"},
		{name: "progress", en: "Your measurements", fr: "Vos mesures"},
		{name: "link", en: "Link your Telegram and Discord accounts", fr: "Lier vos comptes Telegram et Discord", options: []option{
			str("code", "The code /link showed on your other app", "Le code affiché par /link sur votre autre application"),
		}},

		{name: "coach", coach: true, en: "Coach: admin menu", fr: "Coach : menu d'administration"},
		{name: "addcoach", coach: true, en: "Coach: make someone a coach", fr: "Coach : nommer un coach", options: []option{
			str("who", "discord:<user id> or telegram:<user id>; empty: an invite code", "discord:<id> ou telegram:<id> ; vide : un code d'invitation"),
		}},
		{name: "linkchannel", coach: true, en: "Coach: announce your classes in this channel", fr: "Coach : annoncer vos cours dans ce salon", options: []option{
			str("title", "What to call this channel", "Nom de ce salon"),
		}},
		{name: "unlinkchannel", coach: true, en: "Coach: stop announcing in this channel", fr: "Coach : ne plus annoncer dans ce salon"},
		{name: "channels", coach: true, en: "Coach: your linked channels", fr: "Coach : vos salons liés"},
		{name: "calendars", coach: true, en: "Coach: your own calendars, kept out of open slots", fr: "Coach : vos propres agendas, exclus des créneaux", options: []option{
			str("address", "A calendar's private iCal address to connect (empty: the list)", "L'adresse iCal privée d'un agenda à connecter (vide : la liste)"),
		}},
		{name: "announce", coach: true, en: "Coach: post to your linked channels", fr: "Coach : publier dans vos salons liés", options: []option{
			str("text", "Your message (empty: pick a class)", "Votre message (vide : choisir un cours)"),
		}},
		{name: "cancelday", coach: true, en: "Coach: cancel every session of a day", fr: "Coach : annuler toutes les séances d'un jour", options: []option{
			{name: "date", en: "Day", fr: "Jour", kind: discordgo.ApplicationCommandOptionString, required: true, auto: autoDay},
			{name: "reason", en: "Reason clients will read", fr: "Motif que liront les clients", kind: discordgo.ApplicationCommandOptionString, required: true},
		}},
		{name: "move", coach: true, en: "Coach: move a session", fr: "Coach : déplacer une séance", options: []option{
			{name: "session", en: "Session", fr: "Séance", kind: discordgo.ApplicationCommandOptionString, required: true, auto: autoSession},
			{name: "time", en: "New time", fr: "Nouvel horaire", kind: discordgo.ApplicationCommandOptionString, required: true, auto: autoSlot},
		}},
		{name: "late", coach: true, en: "Coach: tell your next clients you run late", fr: "Coach : prévenir vos prochains clients d'un retard", options: []option{
			{name: "minutes", en: "How many minutes", fr: "Combien de minutes", kind: discordgo.ApplicationCommandOptionInteger, required: true},
		}},
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

// applicationCommands renders the declarations for Discord, with French
// names of descriptions for French clients.
func applicationCommands() []*discordgo.ApplicationCommand {
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	var out []*discordgo.ApplicationCommand
	for _, c := range commands() {
		ac := &discordgo.ApplicationCommand{Name: c.name, Type: discordgo.ChatApplicationCommand, Description: c.en,
			DescriptionLocalizations: &map[discordgo.Locale]string{discordgo.French: c.fr}, Contexts: &contexts,
			Options: []*discordgo.ApplicationCommandOption{}}
		for _, o := range c.options {
			ao := &discordgo.ApplicationCommandOption{Type: o.kind, Name: o.name, Description: o.en,
				DescriptionLocalizations: map[discordgo.Locale]string{discordgo.French: o.fr},
				Required:                 o.required, Autocomplete: o.auto != ""}
			for _, ch := range o.choices {
				ao.Choices = append(ao.Choices, &discordgo.ApplicationCommandOptionChoice{Name: ch[0], Value: ch[1]})
			}
			if o.kind == discordgo.ApplicationCommandOptionInteger {
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
	cmds := applicationCommands()
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
