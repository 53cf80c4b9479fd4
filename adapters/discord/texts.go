package discord

import "github.com/slotbot/slotbot/bot"

// The adapter's own few words — the controls Discord needs and the bot
// layer knows nothing of — in the bot's languages: key → {English, French}.
func texts() map[string][2]string {
	return map[string][2]string{
		"answer":      {"✏️ Answer", "✏️ Répondre"},
		"answer.body": {"Your answer", "Votre réponse"},
		"choose":      {"Choose…", "Choisissez…"},
		"done":        {"✓", "✓"},
		"unreadable":  {"I couldn't read that. Please use the menu: /menu", "Je n'ai pas pu lire cela. Utilisez le menu : /menu"},
	}
}

// say renders one of the adapter's texts for a Discord locale.
func say(locale, key string) string {
	t, ok := texts()[key]
	if !ok {
		return key
	}
	if bot.Language(locale) == "fr" {
		return t[1]
	}
	return t[0]
}
