package discord

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// Discord wants the first answer to an interaction within 3 seconds: a
// message, an update of the pressed message, a modal, or a "deferred"
// acknowledgement after which the answer is edited in later (for up to
// 15 minutes). The bot usually answers in milliseconds; when it has not
// answered after DeferAfter (2 s by default), the adapter acknowledges
// and edits the answer in when it comes. Either way the first answer
// goes through ack — a REST call on the gateway, the body of the HTTP
// response on the interactions endpoint — and every later one through
// the interaction's webhook.

// ackFunc sends the one initial response to an interaction.
type ackFunc func(*discordgo.InteractionResponse) error

// exchange is one interaction being answered.
type exchange struct {
	a         *Adapter
	i         *discordgo.Interaction
	req       bot.Request // what the interaction asks of the bot
	locale    string
	guild     bool // in a server channel or group DM: every answer is ephemeral
	component bool // a button or menu was pressed
	modal     bool // a modal was submitted (cannot be answered with a modal)
	editable  bool // the pressed message may be replaced (a DM, or our ephemeral answer)
	deferred  discordgo.InteractionResponseType
	sent      <-chan struct{} // closed once the initial response reached Discord
}

// interact answers an interaction. It calls ack once (not at all when
// the adapter is closing), within the deadline, and returns; what else
// the answer needs is sent from a goroutine the adapter owns, after sent
// is closed.
func (a *Adapter) interact(i *discordgo.Interaction, ack ackFunc, sent <-chan struct{}) {
	p, err := parseInteraction(i)
	if err != nil {
		a.log.Warn("discord: unreadable interaction", "err", err, "type", int(typeOf(i)))
		a.ack(ack, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: bot.Text(bot.Language(localeOf(i)), "discord.unreadable"), Flags: discordgo.MessageFlagsEphemeral}})
		return
	}
	switch p.kind {
	case kindPing:
		a.ack(ack, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case kindAutocomplete:
		ctx, cancel := context.WithTimeout(a.ctx, autocompleteBudget)
		defer cancel()
		a.ack(ack, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: a.autocomplete(ctx, p)}})
	case kindAsk:
		prompt := ""
		if i.Message != nil {
			prompt = i.Message.Content
		}
		a.ack(ack, askModal(prompt, p.req.Language))
	default:
		a.serve(i, p.req, ack, sent)
	}
}

// ack sends an initial response, logging a failure (the person then sees
// "interaction failed" and may try again).
func (a *Adapter) ack(ack ackFunc, r *discordgo.InteractionResponse) {
	if err := ack(r); err != nil {
		a.log.Warn("discord: interaction response failed", "err", err, "type", int(r.Type))
	}
}

// serve runs a request through the bot and answers with its replies,
// deferring when the bot is slow. Work that follows the initial response
// is started before it (and waits for sent), so nothing the exchange
// does begins after ack returns.
func (a *Adapter) serve(i *discordgo.Interaction, req bot.Request, ack ackFunc, sent <-chan struct{}) {
	x := a.exchange(i, req, sent)
	done := make(chan []bot.Reply, 1)
	if !a.spawn(func(ctx context.Context) {
		a.ensureDM(ctx, req)
		done <- a.bot.Handle(ctx, req)
	}) {
		return // closing
	}
	if a.cfg.DeferAfter > 0 {
		timer := time.NewTimer(a.cfg.DeferAfter)
		defer timer.Stop()
		select {
		case replies := <-done:
			a.ack(ack, x.answer(replies))
			return
		case <-timer.C:
		}
	}
	x.deferred = discordgo.InteractionResponseDeferredChannelMessageWithSource
	if x.editable {
		x.deferred = discordgo.InteractionResponseDeferredMessageUpdate
	}
	x.later(func(ctx context.Context) {
		select {
		case replies := <-done:
			x.finish(ctx, replies)
		case <-ctx.Done():
		}
	})
	a.ack(ack, &discordgo.InteractionResponse{Type: x.deferred, Data: &discordgo.InteractionResponseData{Flags: x.flags()}})
}

// exchange starts answering interaction i, which asks req of the bot;
// sent is closed once the initial response reached Discord.
func (a *Adapter) exchange(i *discordgo.Interaction, req bot.Request, sent <-chan struct{}) *exchange {
	x := &exchange{a: a, i: i, req: req, locale: req.Language, guild: req.ChatKind != bot.ChatPrivate, sent: sent,
		component: i.Type == discordgo.InteractionMessageComponent, modal: i.Type == discordgo.InteractionModalSubmit}
	x.editable = x.component && i.Message != nil && (!x.guild || i.Message.Flags&discordgo.MessageFlagsEphemeral != 0)
	return x
}

// later runs finish, the end of an answer that is about to be deferred
// (x.deferred), once the deferral is sent: stored first in the inbox
// (hold.go), so that another replica finishes it if this one dies, or,
// when it cannot be stored, on a goroutine of the adapter.
func (x *exchange) later(finish func(ctx context.Context)) {
	if x.a.hold(x, finish) {
		return
	}
	x.a.spawn(finish)
}

// flags are the message flags of a new answer: ephemeral in a guild.
func (x *exchange) flags() discordgo.MessageFlags {
	if x.guild {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// answer words the bot's first reply as the initial response, and starts
// sending the others once it is delivered.
func (x *exchange) answer(replies []bot.Reply) *discordgo.InteractionResponse {
	replies = x.route(replies)
	if len(replies) == 0 {
		if x.component {
			return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: bot.Text(bot.Language(x.locale), "discord.done"), Flags: x.flags()}}
	}
	first, rest := replies[0], replies[1:]
	var resp *discordgo.InteractionResponse
	switch {
	case first.Document != nil:
		// Files go with an edit, never in the initial response, so the
		// gateway and the HTTP endpoint answer alike.
		x.deferred = discordgo.InteractionResponseDeferredChannelMessageWithSource
		x.later(func(ctx context.Context) { x.finish(ctx, replies) })
		return &discordgo.InteractionResponse{Type: x.deferred, Data: &discordgo.InteractionResponseData{Flags: x.flags()}}
	case first.ExpectText && len(replies) == 1 && len(first.Buttons) == 0 && !x.modal:
		return askModal(first.Text, x.locale)
	case first.Edit && x.editable:
		m := render(first, x.locale, true)
		resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
			Data: &discordgo.InteractionResponseData{Content: m.content, Components: m.components}}
	default:
		m := render(first, x.locale, true)
		resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: m.content, Components: m.components, Flags: x.flags()}}
	}
	if len(rest) > 0 {
		x.a.spawn(func(ctx context.Context) { x.followups(ctx, rest) })
	}
	return resp
}

// finish completes a deferred answer: the first reply edits the
// placeholder (or, after a deferred update, the pressed message when the
// reply is an edit), the others follow.
func (x *exchange) finish(ctx context.Context, replies []bot.Reply) {
	replies = x.route(replies)
	if len(replies) == 0 {
		if x.deferred == discordgo.InteractionResponseDeferredChannelMessageWithSource {
			x.edit(ctx, bot.Reply{Text: bot.Text(bot.Language(x.locale), "discord.done")})
		}
		return
	}
	first := replies[0]
	if x.deferred == discordgo.InteractionResponseDeferredChannelMessageWithSource || first.Edit && first.Document == nil {
		x.edit(ctx, first)
	} else {
		x.followup(ctx, first)
	}
	x.followups(ctx, replies[1:])
}

// delivered waits until the initial response reached Discord, which must
// come before any edit or follow-up.
func (x *exchange) delivered(ctx context.Context) bool {
	select {
	case <-x.sent:
		return true
	case <-ctx.Done():
		return false
	}
}

// edit replaces the original answer (or the pressed message) with r.
func (x *exchange) edit(ctx context.Context, r bot.Reply) {
	if !x.delivered(ctx) {
		return
	}
	m := render(r, x.locale, true)
	_, err := x.a.s.InteractionResponseEdit(x.i, &discordgo.WebhookEdit{Content: &m.content, Components: &m.components,
		Files: m.files}, discordgo.WithContext(ctx))
	if err != nil {
		x.a.log.Warn("discord: edit of an answer failed", "err", err)
	}
}

// followups sends replies as further messages.
func (x *exchange) followups(ctx context.Context, replies []bot.Reply) {
	for _, r := range replies {
		x.followup(ctx, r)
	}
}

// followup sends one reply as a further message of the interaction.
func (x *exchange) followup(ctx context.Context, r bot.Reply) {
	if !x.delivered(ctx) {
		return
	}
	m := render(r, x.locale, true)
	_, err := x.a.s.FollowupMessageCreate(x.i, true, &discordgo.WebhookParams{Content: m.content, Components: m.components,
		Files: m.files, Flags: x.flags()}, discordgo.WithContext(ctx))
	if err != nil {
		x.a.log.Warn("discord: follow-up message failed", "err", err)
	}
}

// route drops replies that say nothing and sends those addressed to
// another chat (Reply.ChatID) there, returning the rest.
func (x *exchange) route(replies []bot.Reply) []bot.Reply {
	var out []bot.Reply
	for _, r := range replies {
		switch {
		case empty(r):
		case r.ChatID != "" && r.ChatID != x.i.ChannelID:
			x.a.spawn(func(ctx context.Context) {
				if err := x.a.Send(ctx, r.ChatID, r); err != nil {
					x.a.log.Warn("discord: reply to another chat failed", "err", err)
				}
			})
		default:
			out = append(out, r)
		}
	}
	return out
}

// typeOf is an interaction's type, 0 for none.
func typeOf(i *discordgo.Interaction) discordgo.InteractionType {
	if i == nil {
		return 0
	}
	return i.Type
}

// localeOf is an interaction's locale, "" for none.
func localeOf(i *discordgo.Interaction) string {
	if i == nil {
		return ""
	}
	return string(i.Locale)
}

// errAcked is returned by an ack called twice, a programming error.
var errAcked = errors.New("discord: interaction already answered")
