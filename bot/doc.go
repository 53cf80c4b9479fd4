// Package bot holds Slotbot's conversations once, for every chat
// platform. An adapter turns a platform update into a Request, calls
// Bot.Handle and turns each Reply back into platform calls; no platform
// type ever enters this package. bot imports only core and its own texts,
// bot/locales: one TOML file per language, rendered with go-i18n (named
// arguments, CLDR plurals). Code asks for a text by key with name/value
// pairs, b.t(t, "zone.set", "Zone", zone, "Now", clock); an argument
// named Count also picks the plural form.
package bot
