package discord

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// Discord's limits on a message and its controls.
const (
	maxContent     = 2000 // characters of a message
	maxRows        = 5    // action rows of a message
	maxPerRow      = 5    // buttons of a row
	maxOptions     = 25   // options of a select menu
	maxButtonLabel = 80
	maxOptionLabel = 100
	maxModalTitle  = 45
	maxInputLabel  = 45
	maxPlaceholder = 100
)

// startURL marks a channel post's Book button: the bot words it as a
// link that opens a private chat at "/start <arg>" (bot.ChannelPoster's
// StartLink); Discord has no such link, so render turns it into a button
// the adapter answers in the channel, privately.
const startURL = "slotbot-start:"

// message is a reply as Discord shows it.
type message struct {
	content    string
	components []discordgo.MessageComponent // never nil: an edit then clears old buttons
	files      []*discordgo.File
}

// render words a reply for Discord. With ask, a reply that expects text
// gets an Answer button that opens a modal.
func render(r bot.Reply, locale string, ask bool) message {
	m := message{content: clip(r.Text, maxContent), components: layout(r.Buttons, locale, ask && r.ExpectText)}
	if m.content == "" {
		m.content = clip(r.Toast, maxContent)
	}
	if r.Document != nil && r.Document.Ref != "" {
		m.content = withRef(m.content, r.Document) // a file the platform holds (attachment.go)
	} else if r.Document != nil {
		m.files = []*discordgo.File{{Name: r.Document.Name, ContentType: r.Document.MIMEType,
			Reader: bytes.NewReader(r.Document.Content)}}
	}
	if m.content == "" && len(m.files) == 0 {
		m.content = bot.Text(bot.Language(locale), "discord.done") // Discord refuses an empty message
	}
	return m
}

// empty reports whether a reply says nothing at all (a redelivery).
func empty(r bot.Reply) bool {
	return r.Text == "" && r.Toast == "" && len(r.Buttons) == 0 && r.Document == nil
}

// layout turns rows of buttons into action rows. Discord allows 5 rows
// of 5 buttons. Rows fitting that are kept as drawn; a row of more than 5
// is split. When there are still more than 5 rows, the single-button rows
// (the bot draws lists — zones, classes, times — one button a row) become
// one select menu per 25 entries, in the place of the first, and the
// other rows are packed 5 buttons a row; what still does not fit is cut.
func layout(rows [][]bot.Button, locale string, ask bool) []discordgo.MessageComponent {
	limit := maxRows
	if ask {
		limit--
	}
	var split [][]bot.Button
	for _, r := range rows {
		for len(r) > maxPerRow {
			split, r = append(split, r[:maxPerRow]), r[maxPerRow:]
		}
		if len(r) > 0 {
			split = append(split, r)
		}
	}
	ids := map[string]int{}
	out := []discordgo.MessageComponent{}
	if len(split) <= limit {
		for _, r := range split {
			out = append(out, buttonRow(r, ids))
		}
	} else {
		out = packed(split, limit, locale, ids)
	}
	if ask {
		out = append(out, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: bot.Text(bot.Language(locale), "discord.answer"), Style: discordgo.PrimaryButton, CustomID: idAsk}}})
	}
	return out
}

// packed lays out more rows than fit: lists as select menus, the rest
// packed, cut at limit rows.
func packed(rows [][]bot.Button, limit int, locale string, ids map[string]int) []discordgo.MessageComponent {
	var list []bot.Button
	var others [][]bot.Button
	at := -1 // where the menus go, among others
	for _, r := range rows {
		if len(r) == 1 && r[0].URL == "" {
			if at < 0 {
				at = len(others)
			}
			list = append(list, r[0])
			continue
		}
		others = append(others, r)
	}
	menus := (len(list) + maxOptions - 1) / maxOptions
	if len(others)+menus > limit {
		var flat []bot.Button
		for _, r := range others {
			flat = append(flat, r...)
		}
		others = nil
		for len(flat) > 0 {
			n := min(maxPerRow, len(flat))
			others, flat = append(others, flat[:n]), flat[n:]
		}
		at = min(at, len(others))
	}
	var out []discordgo.MessageComponent
	emitMenus := func() {
		for i := 0; i < menus; i++ {
			part := list[i*maxOptions : min(len(list), (i+1)*maxOptions)]
			out = append(out, selectRow(part, i, locale, ids))
		}
	}
	for i, r := range others {
		if i == at {
			emitMenus()
		}
		out = append(out, buttonRow(r, ids))
	}
	if at < 0 || at >= len(others) {
		emitMenus()
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// buttonRow renders one row of buttons.
func buttonRow(r []bot.Button, ids map[string]int) discordgo.ActionsRow {
	row := discordgo.ActionsRow{}
	for _, b := range r {
		label := clip(b.Label, maxButtonLabel)
		if label == "" {
			label = "·"
		}
		switch {
		case strings.HasPrefix(b.URL, startURL):
			arg := strings.TrimPrefix(b.URL, startURL)
			row.Components = append(row.Components, discordgo.Button{Label: label, Style: discordgo.PrimaryButton,
				CustomID: unique(idStart+arg, ids)})
		case b.URL != "":
			row.Components = append(row.Components, discordgo.Button{Label: label, Style: discordgo.LinkButton, URL: b.URL})
		default:
			row.Components = append(row.Components, discordgo.Button{Label: label, Style: discordgo.SecondaryButton,
				CustomID: unique(b.Data, ids)})
		}
	}
	return row
}

// selectRow renders a list of buttons as a select menu.
func selectRow(list []bot.Button, n int, locale string, ids map[string]int) discordgo.ActionsRow {
	menu := discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: idPickPrefix + strconv.Itoa(n),
		Placeholder: bot.Text(bot.Language(locale), "discord.choose")}
	for _, b := range list {
		label := clip(b.Label, maxOptionLabel)
		if label == "" {
			label = "·"
		}
		menu.Options = append(menu.Options, discordgo.SelectMenuOption{Label: label, Value: unique(b.Data, ids)})
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{menu}}
}

// unique makes a custom id or select value unique in its message by
// suffixing a repeat: "1:m:book", then "1:m:book#2".
func unique(id string, ids map[string]int) string {
	ids[id]++
	if n := ids[id]; n > 1 {
		s := id + dupSep + strconv.Itoa(n)
		if len(s) <= maxCustomID {
			return s
		}
	}
	return id
}

// askModal is the modal that collects the text a reply expects: its
// title is the question (shortened), and the question in full sits in
// the box until the person types.
func askModal(prompt, locale string) *discordgo.InteractionResponse {
	title := firstLine(prompt)
	if title == "" {
		title = bot.Text(bot.Language(locale), "discord.answer_body")
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: idModal, Title: clip(title, maxModalTitle),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: idInput, Label: clip(bot.Text(bot.Language(locale), "discord.answer_body"), maxInputLabel),
				Style: discordgo.TextInputParagraph, Placeholder: clip(prompt, maxPlaceholder), Required: true,
				MinLength: 1, MaxLength: 1000},
		}}},
	}}
}

// firstLine is the first line of s.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// clip shortens s to at most n characters, ending with "…" when cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
