package core

import (
	"context"
	"strings"
	"time"
)

// Channel is a group chat or broadcast channel a coach linked, so the
// coach's group sessions and news are announced there.
type Channel struct {
	ID       int64
	CoachID  int64
	Platform string // "telegram", "discord"
	ChatID   string // the platform's id of the group or channel
	Title    string // what the chat is called, for the coach's list
	Created  time.Time
}

// Announcement is one post about a session in one channel, remembered so
// the post can be edited when seats change, the session fills or is
// cancelled.
type Announcement struct {
	ChannelID int64
	SessionID int64
	MessageID string // the platform's id of the post
	Text      string // what the post says now; an unchanged post is not edited
	Updated   time.Time
}

// Channel notices: written to the outbox like any other, sent by the
// scheduler through the platform that hosts the channel.
const (
	// NoticeAnnounce posts to the channel ToID: the session SessionID, or
	// the coach's own words in Data["text"] when SessionID is 0.
	NoticeAnnounce NoticeKind = "announce"
	// NoticeAnnouncementUpdate redraws every post about SessionID: written
	// in the same transaction as a change of its seats or status.
	NoticeAnnouncementUpdate NoticeKind = "announcement_update"
	// ToChannel addresses a notice to a linked channel (ToID, or the
	// channels holding posts of SessionID when ToID is 0).
	ToChannel = "channel"
)

// ChannelFilter selects linked channels; zero fields match everything.
type ChannelFilter struct {
	CoachID  int64
	Platform string
	ChatID   string
}

// ChannelTx is the part of Tx that keeps linked channels and their posts.
type ChannelTx interface {
	// PutChannel links c.ChatID to c.CoachID, or renames an existing link
	// of the same coach and chat; it sets c.ID either way.
	PutChannel(c *Channel) error
	// Channel returns a link by id.
	Channel(id int64) (*Channel, error)
	// Channels lists the links f selects, by id.
	Channels(f ChannelFilter) ([]*Channel, error)
	// DeleteChannel removes a link and the record of its posts.
	DeleteChannel(id int64) error
	// PutAnnouncement stores the post of (ChannelID, SessionID), replacing
	// an earlier one.
	PutAnnouncement(a *Announcement) error
	// Announcements lists the posts about a session, by channel id.
	Announcements(sessionID int64) ([]*Announcement, error)
}

// LinkChannel links a group or channel to a coach. Linking the same chat
// again only refreshes its title. Errors: EINVALID (no chat), ENOTFOUND
// (no such coach).
func (s *Channels) LinkChannel(ctx context.Context, c *Channel) error {
	c.Title = strings.TrimSpace(c.Title)
	if c.Platform == "" || c.ChatID == "" {
		return NewError(EINVALID, "err.channel.which_chat", "I can't tell which chat to link.")
	}
	if len([]rune(c.Title)) > 128 {
		c.Title = string([]rune(c.Title)[:128])
	}
	return s.update(ctx, func(tx channelsTx, now time.Time) error {
		if _, err := tx.Coach(c.CoachID); err != nil {
			return err
		}
		c.Created = now
		return tx.PutChannel(c)
	})
}

// UnlinkChannel stops announcing a coach's sessions in a chat. Errors:
// ENOTFOUND (the chat is not linked to this coach).
func (s *Channels) UnlinkChannel(ctx context.Context, coachID int64, platform, chatID string) error {
	return s.update(ctx, func(tx channelsTx, now time.Time) error {
		cs, err := tx.Channels(ChannelFilter{CoachID: coachID, Platform: platform, ChatID: chatID})
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return NewError(ENOTFOUND, "err.channel.not_linked", "This chat is not linked.")
		}
		return tx.DeleteChannel(cs[0].ID)
	})
}

// AnnounceSession queues a post about a group session in each of its
// coach's linked channels, returning how many. Errors: ENOTFOUND,
// EUNAUTHORIZED (another coach's session), EINVALID (a 1:1, a past or
// cancelled session, no linked channel).
func (s *Channels) AnnounceSession(ctx context.Context, coachID, sessionID int64) (int, error) {
	n := 0
	err := s.update(ctx, func(tx channelsTx, now time.Time) error {
		sess, err := tx.Session(sessionID)
		if err != nil {
			return err
		}
		switch {
		case sess.CoachID != coachID:
			return NewError(EUNAUTHORIZED, "err.session.other_coach", "That session belongs to another coach.")
		case sess.Capacity <= 1:
			return NewError(EINVALID, "err.channel.group_only", "Only group sessions are announced in channels.")
		case sess.Status != SessionScheduled || !now.Before(sess.Start):
			return NewError(EINVALID, "err.channel.upcoming_only", "Only upcoming sessions can be announced.")
		}
		n, err = announce(tx, now, coachID, sessionID, nil)
		return err
	})
	return n, err
}

// AnnounceText queues a coach's message to each of their linked channels,
// returning how many. Errors: EINVALID (empty or too long, no linked
// channel).
func (s *Channels) AnnounceText(ctx context.Context, coachID int64, text string) (int, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return 0, NewError(EINVALID, "err.channel.empty_announcement", "What should I announce? Write it after the command.")
	case len([]rune(text)) > 3500:
		return 0, NewError(EINVALID, "err.channel.announcement_long", "That announcement is too long; keep it under 3,500 characters.")
	}
	n := 0
	err := s.update(ctx, func(tx channelsTx, now time.Time) (err error) {
		n, err = announce(tx, now, coachID, 0, map[string]string{"text": text})
		return err
	})
	return n, err
}

// announce writes one NoticeAnnounce per linked channel of the coach.
func announce(tx channelsTx, now time.Time, coachID, sessionID int64, data map[string]string) (int, error) {
	cs, err := tx.Channels(ChannelFilter{CoachID: coachID})
	if err != nil {
		return 0, err
	}
	if len(cs) == 0 {
		return 0, NewError(EINVALID, "err.channel.none_linked", "You have no linked channel yet: add me to a group and send /linkchannel there.")
	}
	for _, c := range cs {
		if err := notify(tx, now, Notice{Kind: NoticeAnnounce, ToKind: ToChannel, ToID: c.ID, SessionID: sessionID, Data: data}); err != nil {
			return 0, err
		}
	}
	return len(cs), nil
}

// RecordAnnouncement remembers a post (or its new text after an edit).
// Errors: ENOTFOUND (the channel was unlinked meanwhile).
func (s *Channels) RecordAnnouncement(ctx context.Context, a *Announcement) error {
	return s.update(ctx, func(tx channelsTx, now time.Time) error {
		if _, err := tx.Channel(a.ChannelID); err != nil {
			return err
		}
		a.Updated = now
		return tx.PutAnnouncement(a)
	})
}

// seatsChanged asks, in the transaction that changed a group session's
// seats or status, for its channel posts to be redrawn.
func seatsChanged(tx Tx, now time.Time, sess *Session) error {
	if sess.Capacity <= 1 {
		return nil
	}
	return notify(tx, now, Notice{Kind: NoticeAnnouncementUpdate, ToKind: ToChannel, SessionID: sess.ID})
}
