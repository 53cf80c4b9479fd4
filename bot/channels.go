package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Channels: a coach links a group chat (/linkchannel sent there) or a
// broadcast channel (by making the bot an admin of it, which a chat
// adapter turns into the same command), then announces group sessions
// there. Posts go out through the outbox (core.NoticeAnnounce) and are
// redrawn when seats change (core.NoticeAnnouncementUpdate); see
// channels_post.go. Who may link or announce is checked here, on the
// server, from the person's coach record — never from the chat.

// announceHorizon is how far ahead /announce offers sessions.
const announceHorizon = 28 * 24 * time.Hour

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actUnlinkChannel = "chu" // chu:<channel id>
	actAnnounce      = "ann" // ann:<session id>
)

// registerChannels registers linking group chats and channels and
// announcing sessions there.
func (b *Bot) registerChannels() {
	b.command("linkchannel", b.linkChannel)
	b.command("unlinkchannel", b.unlinkChannel)
	b.command("channels", b.listChannels)
	b.action(actUnlinkChannel, b.unlinkButton)
	// The coach admin flows may own /announce; this one serves until then.
	if _, taken := b.commands["announce"]; !taken {
		b.command("announce", b.announceCommand)
	}
	b.action(actAnnounce, b.announceButton)
}

// inChannel tells whether the request came from a group or channel.
func (t *turn) inChannel() bool { return t.req.ChatKind == ChatGroup || t.req.ChatKind == ChatChannel }

// public appends a reply for everyone in the request's chat.
func (t *turn) public(text string, rows ...[]Button) {
	t.replies = append(t.replies, Reply{Text: text, Buttons: rows})
}

// linkChannel links the group or channel it was sent in to the coach who
// sent it; in a private chat it explains how and lists the links.
func (b *Bot) linkChannel(ctx context.Context, t *turn) error {
	if t.person.Coach == nil {
		b.refuseChannels(t)
		return nil
	}
	if !t.inChannel() {
		return b.listChannels(ctx, t)
	}
	title := strings.TrimSpace(t.req.Args)
	if title == "" {
		title = b.t(t, "channel.untitled")
	}
	c := &core.Channel{CoachID: t.person.Coach.ID, Platform: t.req.Platform, ChatID: t.req.ChatID, Title: title}
	if err := b.svc.Channels.LinkChannel(ctx, c); err != nil {
		return err
	}
	if t.req.ChatKind == ChatChannel {
		// Subscribers need not read this: tell the coach privately.
		t.say(b.t(t, "channel.linked_named", "Title", c.Title, "Coach", t.person.Coach.Name))
		return nil
	}
	t.public(b.t(t, "channel.linked", "Coach", t.person.Coach.Name))
	return nil
}

// unlinkChannel stops announcements in the chat it was sent in.
func (b *Bot) unlinkChannel(ctx context.Context, t *turn) error {
	if t.person.Coach == nil {
		b.refuseChannels(t)
		return nil
	}
	if !t.inChannel() {
		return b.listChannels(ctx, t)
	}
	err := b.svc.Channels.UnlinkChannel(ctx, t.person.Coach.ID, t.req.Platform, t.req.ChatID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		t.public(b.t(t, "channel.not_linked"))
		return nil
	}
	if err != nil {
		return err
	}
	t.public(b.t(t, "channel.unlinked"))
	return nil
}

// listChannels shows a coach how to link a chat and which are linked,
// each with an Unlink button.
func (b *Bot) listChannels(ctx context.Context, t *turn) error {
	if t.person.Coach == nil {
		b.refuseChannels(t)
		return nil
	}
	cs, err := b.coachChannels(ctx, t.person.Coach.ID)
	if err != nil {
		return err
	}
	text := b.t(t, "channel.how")
	var rows [][]Button
	if len(cs) == 0 {
		text += "\n\n" + b.t(t, "channel.none")
	} else {
		text += "\n\n" + b.t(t, "channel.list")
		for _, c := range cs {
			text += "\n• " + c.Title + " (" + c.Platform + ")"
			rows = append(rows, row(btn(b.t(t, "channel.unlink", "Title", c.Title), actUnlinkChannel, id36(c.ID))))
		}
	}
	t.say(text, append(rows, row(b.backToMenu(t)))...)
	return nil
}

// refuseChannels answers someone who is not a coach, with the menu of
// what they can do instead.
func (b *Bot) refuseChannels(t *turn) {
	t.replies = append(t.replies, b.mainMenu(t, b.t(t, "channel.coaches_only")))
}

// coachChannels lists a coach's linked chats.
func (b *Bot) coachChannels(ctx context.Context, coachID int64) ([]*core.Channel, error) {
	return b.svc.Channels.CoachChannels(ctx, coachID)
}

// unlinkButton unlinks one of the coach's chats from the list; the
// channel id in the data is checked against the coach's own links.
func (b *Bot) unlinkButton(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	if t.person.Coach == nil {
		b.refuseChannels(t)
		return nil
	}
	cs, err := b.coachChannels(ctx, t.person.Coach.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.ID == id {
			if err := b.svc.Channels.UnlinkChannel(ctx, c.CoachID, c.Platform, c.ChatID); err != nil {
				return err
			}
			t.say(b.t(t, "channel.unlinked_named", "Title", c.Title), row(b.backToMenu(t)))
			return nil
		}
	}
	return ErrStaleButton
}

// announceCommand posts "/announce <text>" to the coach's channels, or
// offers the coach's upcoming group sessions to announce.
func (b *Bot) announceCommand(ctx context.Context, t *turn) error {
	if t.person.Coach == nil {
		b.refuseChannels(t)
		return nil
	}
	if text := strings.TrimSpace(t.req.Args); text != "" {
		n, err := b.svc.Channels.AnnounceText(ctx, t.person.Coach.ID, text)
		if err != nil {
			return err
		}
		t.say(b.t(t, "channel.announced", "Count", n), row(b.backToMenu(t)))
		return nil
	}
	cs, err := b.coachChannels(ctx, t.person.Coach.ID)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		t.say(b.t(t, "channel.none")+"\n\n"+b.t(t, "channel.how"), row(b.backToMenu(t)))
		return nil
	}
	classes, err := b.svc.Catalog.UpcomingClasses(ctx, core.ClassFilter{CoachID: t.person.Coach.ID, To: t.now.Add(announceHorizon), Limit: 10})
	if err != nil {
		return err
	}
	if len(classes) == 0 {
		t.say(b.t(t, "channel.no_classes"), row(b.backToMenu(t)))
		return nil
	}
	var rows [][]Button
	for _, c := range classes {
		label := c.Type.Name + " · " + t.when(c.Session.Start)
		rows = append(rows, row(btn(label, actAnnounce, id36(c.Session.ID))))
	}
	t.say(b.t(t, "channel.pick_class"), append(rows, row(b.backToMenu(t)))...)
	return nil
}

// announceButton announces the chosen session; the core checks it is the
// pressing coach's own.
func (b *Bot) announceButton(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	if t.person.Coach == nil {
		b.refuseChannels(t)
		return nil
	}
	n, err := b.svc.Channels.AnnounceSession(ctx, t.person.Coach.ID, id)
	if err != nil {
		return err
	}
	t.say(b.t(t, "channel.announced", "Count", n), row(b.backToMenu(t)))
	return nil
}
