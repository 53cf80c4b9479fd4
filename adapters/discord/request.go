package discord

import (
	"errors"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// Platform names Discord in requests, accounts and channels.
const Platform = "discord"

// Custom ids the adapter answers itself. Bot button data starts with its
// version ("1:"), never with "dc:".
const (
	idAsk        = "dc:ask"    // the Answer button: opens the modal for the text a reply expects
	idModal      = "dc:text"   // that modal; its text answers the conversation
	idInput      = "answer"    // the modal's text input
	idPickPrefix = "dc:pick:"  // a select menu standing in for a column of buttons
	idStart      = "dc:start:" // a channel post's Book button: "/start <arg>"
	dupSep       = "#"         // custom ids must be unique in a message: data#2
)

// maxCustomID is Discord's limit on a custom id and a select value.
const maxCustomID = 100

// kind says what an interaction asks of the adapter.
type kind int

// Interaction kinds.
const (
	kindRequest      kind = iota // a request for the bot
	kindPing                     // Discord checking the endpoint: PONG
	kindAutocomplete             // suggestions for an option being typed
	kindAsk                      // the Answer button: open the modal
)

// parsed is an interaction read into the adapter's terms.
type parsed struct {
	kind kind
	req  bot.Request
	// command and focused are set for autocomplete: which command and
	// option are being typed, and the values of its options so far.
	command string
	focused string
	typed   string
	values  map[string]string
}

// errUnreadable is returned for an interaction the adapter cannot turn
// into a request (a type or shape we do not use).
var errUnreadable = errors.New("discord: unreadable interaction")

// parseInteraction turns an interaction into a bot request, or names
// what else it asks for. It does no I/O and never panics on any input.
func parseInteraction(i *discordgo.Interaction) (parsed, error) {
	if i == nil {
		return parsed{}, errUnreadable
	}
	if i.Type == discordgo.InteractionPing {
		return parsed{kind: kindPing}, nil
	}
	u := i.User
	name := ""
	if i.Member != nil && i.Member.User != nil {
		u, name = i.Member.User, i.Member.Nick
	}
	if u == nil || u.ID == "" {
		return parsed{}, errUnreadable
	}
	if name == "" {
		name = u.GlobalName
	}
	if name == "" {
		name = u.Username
	}
	req := bot.Request{Platform: Platform, UserID: u.ID, ChatID: i.ChannelID, ChatKind: bot.ChatPrivate,
		Name: name, Language: string(i.Locale), UpdateID: i.ID}
	if i.GuildID != "" || i.Context == discordgo.InteractionContextPrivateChannel {
		req.ChatKind = bot.ChatGroup // a server channel or a group DM: others read along
	}
	if i.Message != nil {
		req.MessageID = i.Message.ID
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok || d.Name == "" {
			return parsed{}, errUnreadable
		}
		req.Command, req.Args = commandArgs(d)
		return parsed{kind: kindRequest, req: req}, nil
	case discordgo.InteractionApplicationCommandAutocomplete:
		d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok || d.Name == "" {
			return parsed{}, errUnreadable
		}
		p := parsed{kind: kindAutocomplete, req: req, command: d.Name, values: map[string]string{}}
		for _, o := range d.Options {
			if o == nil {
				continue
			}
			v := optionValue(o)
			p.values[o.Name] = v
			if o.Focused {
				p.focused, p.typed = o.Name, v
			}
		}
		return p, nil
	case discordgo.InteractionMessageComponent:
		d, ok := i.Data.(discordgo.MessageComponentInteractionData)
		if !ok || d.CustomID == "" || len(d.CustomID) > maxCustomID {
			return parsed{}, errUnreadable
		}
		switch id := d.CustomID; {
		case id == idAsk:
			return parsed{kind: kindAsk, req: req}, nil
		case strings.HasPrefix(id, idStart):
			arg := strings.TrimPrefix(id, idStart)
			if !startArg(arg) {
				return parsed{}, errUnreadable
			}
			req.Command, req.Args = "start", arg
		case strings.HasPrefix(id, idPickPrefix):
			if len(d.Values) != 1 || len(d.Values[0]) > maxCustomID {
				return parsed{}, errUnreadable
			}
			req.Data = undup(d.Values[0])
		case strings.HasPrefix(id, "dc:"):
			return parsed{}, errUnreadable
		default:
			req.Data = undup(id)
		}
		if req.Data == "" && req.Command == "" {
			return parsed{}, errUnreadable
		}
		return parsed{kind: kindRequest, req: req}, nil
	case discordgo.InteractionModalSubmit:
		d, ok := i.Data.(discordgo.ModalSubmitInteractionData)
		if !ok || d.CustomID != idModal {
			return parsed{}, errUnreadable
		}
		text, ok := modalText(d.Components)
		if !ok {
			return parsed{}, errUnreadable
		}
		req.Text = text
		return parsed{kind: kindRequest, req: req}, nil
	}
	return parsed{}, errUnreadable
}

// commandArgs reads a slash command: its name, and its option values
// joined in the order the command declares them (received order for
// options we did not declare), after any rewrite route makes.
func commandArgs(d discordgo.ApplicationCommandInteractionData) (string, string) {
	name := strings.ToLower(d.Name)
	got := map[string]string{}
	var order []string
	for _, o := range d.Options {
		if o == nil {
			continue
		}
		if _, dup := got[o.Name]; !dup {
			order = append(order, o.Name)
		}
		got[o.Name] = optionValue(o)
	}
	var values []string
	if c, ok := commandByName(name); ok {
		for _, o := range c.options {
			if v, ok := got[o.name]; ok {
				values = append(values, v)
				delete(got, o.name)
			}
		}
	}
	for _, n := range order {
		if v, ok := got[n]; ok {
			values = append(values, v)
		}
	}
	if cmd, args, ok := route(name, values); ok {
		return cmd, args
	}
	var nonEmpty []string
	for _, v := range values {
		if v != "" {
			nonEmpty = append(nonEmpty, v)
		}
	}
	return name, strings.Join(nonEmpty, " ")
}

// optionValue renders an option's value as a person would type it.
func optionValue(o *discordgo.ApplicationCommandInteractionDataOption) string {
	switch v := o.Value.(type) {
	case string:
		return strings.Join(strings.Fields(v), " ")
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		// A subcommand: its name, then its own options.
		parts := []string{o.Name}
		for _, sub := range o.Options {
			if sub != nil {
				if s := optionValue(sub); s != "" {
					parts = append(parts, s)
				}
			}
		}
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			return strings.Join(parts, " ")
		}
	}
	return ""
}

// modalText finds the answer typed in our modal.
func modalText(rows []discordgo.MessageComponent) (string, bool) {
	for _, c := range rows {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, x := range row.Components {
			if in, ok := x.(*discordgo.TextInput); ok && in.CustomID == idInput {
				return strings.TrimSpace(in.Value), true
			}
		}
	}
	return "", false
}

// undup strips the suffix that kept a custom id unique in its message.
func undup(id string) string {
	if i := strings.Index(id, dupSep); i >= 0 {
		return id[:i]
	}
	return id
}

// startArg reports whether s may follow /start: the deep-link alphabet
// of Telegram, which the bot's links keep to.
func startArg(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// parseMessage turns a direct message typed to the bot into a request:
// "/cmd args" as a command, anything else as text. ok is false for
// messages that are not a person writing to us privately.
func parseMessage(m *discordgo.Message, self string) (bot.Request, bool) {
	if m == nil || m.Author == nil || m.Author.ID == "" || m.Author.Bot || m.Author.ID == self || m.GuildID != "" {
		return bot.Request{}, false
	}
	text := strings.TrimSpace(m.Content)
	file := messageAttachment(m) // attachment.go
	if text == "" && file == nil {
		return bot.Request{}, false
	}
	name := m.Author.GlobalName
	if name == "" {
		name = m.Author.Username
	}
	req := bot.Request{Platform: Platform, UserID: m.Author.ID, ChatID: m.ChannelID, ChatKind: bot.ChatPrivate,
		Name: name, Language: m.Author.Locale, UpdateID: "m" + m.ID, Attachment: file}
	cmd, args, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	if strings.HasPrefix(text, "/") && strings.TrimSpace(cmd) != "" {
		req.Command, req.Args = cmd, strings.TrimSpace(args)
	} else {
		req.Text = text
	}
	return req, true
}
