package telegram

import "fmt"

// adapterTexts are the few things the adapter says itself, about
// Telegram rather than bookings: key → {English, French}.
func adapterTexts() map[string][2]string {
	return map[string][2]string{
		"private.first": {
			"%[1]s, I answer that in a private chat, and Telegram lets me write only once you have opened one: tap below, then ask again.",
			"%[1]s, je réponds à cela en privé, et Telegram ne me laisse écrire qu'une fois la discussion ouverte : touchez ci-dessous, puis redemandez.",
		},
		"private.open": {"💬 Open a private chat", "💬 Ouvrir une discussion privée"},
	}
}

// adapterText renders a text in lang ("en" or "fr").
func adapterText(lang, key string, args ...any) string {
	t, ok := adapterTexts()[key]
	if !ok {
		return key
	}
	msg := t[0]
	if lang == "fr" {
		msg = t[1]
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}
