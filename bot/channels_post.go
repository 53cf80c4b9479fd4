package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// ChannelPoster posts into linked group chats and channels and edits
// those posts; each chat adapter that hosts channels implements it.
type ChannelPoster interface {
	// Platform names the platform ("telegram"), as core.Channel does.
	Platform() string
	// Post sends r to the chat and returns the id of the new message.
	Post(ctx context.Context, chatID string, r Reply) (messageID string, err error)
	// Edit replaces the text and buttons of a message posted earlier; a
	// message that no longer exists is reported as ErrPostGone.
	Edit(ctx context.Context, chatID, messageID string, r Reply) error
	// StartLink is the URL that opens a private chat with the bot at
	// "/start <arg>", e.g. https://t.me/<bot>?start=book_42.
	StartLink(arg string) string
}

// ErrPostGone is wrapped by ChannelPoster.Edit when the post was deleted
// in the chat: there is nothing left to keep current.
var ErrPostGone = errors.New("bot: the post no longer exists")

// Announcement renders the post about a group session for a channel, in
// lang and the coach's zone: title, time, place, spots left, deadline,
// and a Book (or Join the waitlist) button that opens a private chat
// through startLink; a cancelled or closed session says so, without a
// button. Errors: ENOTFOUND.
func (b *Bot) Announcement(ctx context.Context, sessionID int64, lang string, startLink func(arg string) string) (Reply, error) {
	ci, err := b.svc.Catalog.SessionDetail(ctx, sessionID, 0)
	if err != nil {
		return Reply{}, err
	}
	return b.announcement(ci, Language(lang), startLink), nil
}

// announcement words ci for a channel.
func (b *Bot) announcement(ci *core.ClassInfo, lang string, startLink func(string) string) Reply {
	sess, now := ci.Session, b.clock.Now()
	loc, err := core.LoadZone(ci.Coach.Zone)
	if err != nil {
		loc = time.UTC
	}
	var lines []string
	if sess.Status == core.SessionCancelled {
		lines = append(lines, b.cat.t(lang, "announce.cancelled"))
	}
	lines = append(lines, b.cat.t(lang, "announce.header", "Type", ci.Type.Name, "Coach", ci.Coach.Name))
	when := formatWhen(lang, loc, sess.Start)
	lines = append(lines, b.cat.t(lang, "announce.when", "When", when, "Zone", ci.Coach.Zone))
	if sess.Mode == core.ModeOnline {
		lines = append(lines, b.cat.t(lang, "announce.online"))
	} else if sess.Place != "" {
		lines = append(lines, b.cat.t(lang, "announce.place", "Place", sess.Place))
	}
	var button string
	switch {
	case sess.Status == core.SessionCancelled:
	case sess.Status != core.SessionScheduled || !now.Before(sess.BookingDeadline()):
		lines = append(lines, b.cat.t(lang, "announce.closed"))
	case ci.SeatsLeft() == 0:
		lines = append(lines, b.cat.t(lang, "announce.full"))
		button = b.cat.t(lang, "announce.waitlist")
	default:
		lines = append(lines, b.cat.t(lang, "announce.spots", "Count", ci.SeatsLeft(), "Capacity", sess.Capacity))
		lines = append(lines, b.cat.t(lang, "announce.deadline", "Deadline", formatWhen(lang, loc, sess.BookingDeadline())))
		button = b.cat.t(lang, "announce.book")
	}
	r := Reply{Text: strings.Join(lines, "\n")}
	if button != "" && startLink != nil {
		r.Buttons = [][]Button{{{Label: button, URL: startLink(BookLink(sess.ID))}}}
	}
	return r
}

// DeliverChannelNotice carries out an outbox notice addressed to channels
// (ToKind core.ToChannel) through the poster of the channel's platform:
// NoticeAnnounce posts a session (and remembers the post) or a coach's
// text; NoticeAnnouncementUpdate redraws every post of the session whose
// words changed. The scheduler calls it for those notices; posters
// returns nil for a platform this process does not serve, which is an
// error worth retrying. A channel unlinked or a post deleted meanwhile is
// no error.
func (b *Bot) DeliverChannelNotice(ctx context.Context, n *core.Notice, posters func(platform string) ChannelPoster) error {
	switch n.Kind {
	case core.NoticeAnnounce:
		return b.postAnnouncement(ctx, n, posters)
	case core.NoticeAnnouncementUpdate:
		return b.refreshAnnouncements(ctx, n.SessionID, posters)
	}
	return fmt.Errorf("bot: notice %d: %q is not a channel notice", n.ID, n.Kind)
}

// postAnnouncement posts one NoticeAnnounce to its channel.
func (b *Bot) postAnnouncement(ctx context.Context, n *core.Notice, posters func(string) ChannelPoster) error {
	ch, lang, err := b.svc.Channels.ChannelToPost(ctx, n.ToID)
	lang = postLanguage(lang)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return nil // unlinked since
	}
	if err != nil {
		return err
	}
	p := posters(ch.Platform)
	if p == nil {
		return fmt.Errorf("bot: no %s adapter to post to channel %d", ch.Platform, ch.ID)
	}
	if n.SessionID == 0 {
		_, err := p.Post(ctx, ch.ChatID, Reply{Text: n.Data["text"]})
		return b.channelFailed(ctx, ch, err)
	}
	r, err := b.Announcement(ctx, n.SessionID, lang, p.StartLink)
	if err != nil {
		return err
	}
	id, err := p.Post(ctx, ch.ChatID, r)
	if err != nil {
		return b.channelFailed(ctx, ch, err)
	}
	err = b.svc.Channels.RecordAnnouncement(ctx, &core.Announcement{ChannelID: ch.ID, SessionID: n.SessionID, MessageID: id, Text: r.Text})
	if core.ErrorCode(err) == core.ENOTFOUND {
		return nil
	}
	return err
}

// refreshAnnouncements edits the posts about a session whose words
// changed.
func (b *Bot) refreshAnnouncements(ctx context.Context, sessionID int64, posters func(string) ChannelPoster) error {
	posts, channels, lang, err := b.svc.Channels.SessionAnnouncements(ctx, sessionID)
	if err != nil || len(posts) == 0 {
		return err
	}
	lang = postLanguage(lang)
	ci, err := b.svc.Catalog.SessionDetail(ctx, sessionID, 0)
	if err != nil {
		return err
	}
	var errs []error
	for _, a := range posts {
		ch := channels[a.ChannelID]
		p := posters(ch.Platform)
		if p == nil {
			errs = append(errs, fmt.Errorf("bot: no %s adapter to edit channel %d", ch.Platform, ch.ID))
			continue
		}
		r := b.announcement(ci, lang, p.StartLink)
		if r.Text == a.Text {
			continue // nothing a reader would see changed
		}
		err := p.Edit(ctx, ch.ChatID, a.MessageID, r)
		if errors.Is(err, ErrPostGone) {
			continue
		}
		if err != nil {
			errs = append(errs, b.channelFailed(ctx, ch, err))
			continue
		}
		a.Text = r.Text
		if err := b.svc.Channels.RecordAnnouncement(ctx, a); err != nil && core.ErrorCode(err) != core.ENOTFOUND {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// channelFailed passes a post's failure on; a chat the bot can no longer
// write to (removed from the group, the channel deleted) is unlinked
// first, so the coach's next announcements skip it.
func (b *Bot) channelFailed(ctx context.Context, ch *core.Channel, err error) error {
	if err != nil && errors.Is(err, ErrUnreachable) {
		if uerr := b.svc.Channels.UnlinkChannel(ctx, ch.CoachID, ch.Platform, ch.ChatID); uerr != nil && core.ErrorCode(uerr) != core.ENOTFOUND {
			b.log.Error("bot: unlinking an unreachable channel", "channel_id", ch.ID, "err", uerr)
		}
	}
	return err
}

// postLanguage is the language of a coach's posts: the coach's own
// (core's ChannelToPost, SessionAnnouncements), English when unknown.
func postLanguage(coach string) string {
	if coach == "" {
		return "en"
	}
	return Language(coach)
}
