// Package bot holds Slotbot's conversations once, for every chat
// platform. An adapter turns a platform update into a Request, calls
// Bot.Handle and turns each Reply back into platform calls; no platform
// type ever enters this package. bot imports only core and its own texts,
// bot/locales: one TOML file per language, rendered with go-i18n (named
// arguments, CLDR plurals). Code asks for a text by key with name/value
// pairs, b.t(t, "zone.set", "Zone", zone, "Now", clock); an argument
// named Count also picks the plural form.
//
// # Dispatch
//
// Bot.route (bot.go) finds a request's handler in one of four tables.
// Each is filled at construction by the register… function of the file
// that owns the flow, through one helper that panics when a name is
// registered twice (a second registration used to replace the first
// silently):
//
//   - commands, b.command: "/book" typed or chosen in the platform's
//     menu, and the main menu's buttons "m:<command>" (account_start.go), which
//     run the same handler;
//   - actions, b.action: a button's data "1:<action>:<args>"
//     (callback.go), the action an act… constant declared next to its
//     handler, its value never changed since buttons already posted
//     carry it (actions_test.go);
//   - deep links, b.deepLink: "/start <prefix>_<arg>" from a link
//     outside the chat, e.g. "book_t7" (booking.go);
//   - typed text, b.typed: free text, by what the conversation awaits — a
//     flow ("cancel", "profile", "zone") or a coach's prompt
//     ("coach/weekly", registered with b.answer). A person with no time
//     zone who types outside a flow is asked for one.
//
// Coach-only commands, buttons and prompts wrap their handler in
// b.asCoach, a middleware on the same tables. What a flow does with a
// button's arguments (the booking wizard's "bk:<step>:<op>", a coach
// form's field and choice, the purpose a "cfy" confirmation carries out)
// is the flow's own state machine, not dispatch.
//
// Before, the same four jobs were spread over seven mechanisms: the
// commands and actions maps, coachCmd and coachAct (the same maps under
// other names), the deep-link map, the text-flow map, and a map of coach
// prompts rebuilt on every typed message — plus the zone search as a
// special case inside the text handler.
//
// # Files
//
// Flows are grouped by area, each file named with its area's prefix:
// booking… (client booking: the wizard, classes, cancel, reschedule, my
// bookings), account… (start, menu, language and zone, profile, passes,
// payments, stats, progress, the feed, linking), coach… (the admin
// flows), notices… (what the outbox sends) and channels… (linked groups
// and channels). The rest is the machinery they share: bot.go,
// callback.go, commands.go, conversation.go, format.go, i18n.go,
// inbox.go.
package bot
