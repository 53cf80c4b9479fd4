package core

import (
	"context"
	"time"
)

// The Channels area's reads for the chat side: a coach's linked channels,
// the channel to post in, and the posts about a session to edit, each in
// the coach's language.

// CoachChannels lists the chats a coach linked for announcements.
func (s *Channels) CoachChannels(ctx context.Context, coachID int64) ([]*Channel, error) {
	var cs []*Channel
	err := s.browse(ctx, func(tx channelsTx, now time.Time) (err error) {
		cs, err = tx.Channels(ChannelFilter{CoachID: coachID})
		return err
	})
	return cs, err
}

// ChannelToPost reads a linked channel and the language its coach's
// posts are written in (the coach's own; "" when unknown). Errors:
// ENOTFOUND (unlinked since).
func (s *Channels) ChannelToPost(ctx context.Context, channelID int64) (*Channel, string, error) {
	var ch *Channel
	var lang string
	err := s.browse(ctx, func(tx channelsTx, now time.Time) (err error) {
		if ch, err = tx.Channel(channelID); err != nil {
			return err
		}
		lang, err = coachLanguage(tx, ch.CoachID)
		return err
	})
	return ch, lang, err
}

// SessionAnnouncements reads the posts announcing a session, the
// channels they are in (by id) and the language of the coach's posts
// ("" when unknown); no posts: nothing else.
func (s *Channels) SessionAnnouncements(ctx context.Context, sessionID int64) ([]*Announcement, map[int64]*Channel, string, error) {
	var posts []*Announcement
	channels := map[int64]*Channel{}
	var lang string
	err := s.browse(ctx, func(tx channelsTx, now time.Time) (err error) {
		if posts, err = tx.Announcements(sessionID); err != nil || len(posts) == 0 {
			return err
		}
		for _, a := range posts {
			if channels[a.ChannelID], err = tx.Channel(a.ChannelID); err != nil {
				return err
			}
		}
		lang, err = coachLanguage(tx, channels[posts[0].ChannelID].CoachID)
		return err
	})
	return posts, channels, lang, err
}

// coachLanguage is the language of a coach's person record; "" when the
// coach has none.
func coachLanguage(tx PeopleTx, coachID int64) (string, error) {
	coach, err := tx.Coach(coachID)
	if err != nil || coach.ClientID == 0 {
		return "", err
	}
	c, err := tx.Client(coach.ClientID)
	if err != nil {
		return "", err
	}
	return c.Language, nil
}
