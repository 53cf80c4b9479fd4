package sqlstore

import "github.com/slotbot/slotbot/core"

const channelCols = `id, coach_id, platform, chat_id, title, created_at`

func scanChannel(s rowScanner) (*core.Channel, error) {
	var c core.Channel
	err := s.Scan(&c.ID, &c.CoachID, &c.Platform, &c.ChatID, &c.Title, (*dbTime)(&c.Created))
	return &c, err
}

// PutChannel links a chat to a coach, or renames the existing link.
func (t *tx) PutChannel(c *core.Channel) error {
	id, err := t.insert("put channel", `INSERT INTO channels (coach_id, platform, chat_id, title, created_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (coach_id, platform, chat_id) DO UPDATE SET title = excluded.title
		RETURNING id`, c.CoachID, c.Platform, c.ChatID, c.Title, dbTime(c.Created))
	if err != nil {
		return err
	}
	c.ID = id
	return nil
}

// Channel reads a link by id.
func (t *tx) Channel(id int64) (*core.Channel, error) {
	return one(t, "channel", "Channel", scanChannel, `SELECT `+channelCols+` FROM channels WHERE id = ?`, id)
}

// Channels lists the links f selects, by id.
func (t *tx) Channels(f core.ChannelFilter) ([]*core.Channel, error) {
	var w where
	if f.CoachID != 0 {
		w.add("coach_id = ?", f.CoachID)
	}
	if f.Platform != "" {
		w.add("platform = ?", f.Platform)
	}
	if f.ChatID != "" {
		w.add("chat_id = ?", f.ChatID)
	}
	return all(t, "channels", scanChannel, `SELECT `+channelCols+` FROM channels`+w.String()+` ORDER BY id`, w.args...)
}

// DeleteChannel removes a link and the record of its posts.
func (t *tx) DeleteChannel(id int64) error {
	if _, err := t.exec("delete announcements", `DELETE FROM announcements WHERE channel_id = ?`, id); err != nil {
		return err
	}
	return t.update("delete channel", "Channel", `DELETE FROM channels WHERE id = ?`, id)
}

const announcementCols = `channel_id, session_id, message_id, text, updated_at`

func scanAnnouncement(s rowScanner) (*core.Announcement, error) {
	var a core.Announcement
	err := s.Scan(&a.ChannelID, &a.SessionID, &a.MessageID, &a.Text, (*dbTime)(&a.Updated))
	return &a, err
}

// PutAnnouncement stores the post of a session in a channel.
func (t *tx) PutAnnouncement(a *core.Announcement) error {
	_, err := t.exec("put announcement", `INSERT INTO announcements (channel_id, session_id, message_id, text, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (channel_id, session_id) DO UPDATE
		SET message_id = excluded.message_id, text = excluded.text, updated_at = excluded.updated_at`,
		a.ChannelID, a.SessionID, a.MessageID, a.Text, dbTime(a.Updated))
	return err
}

// Announcements lists a session's posts, by channel id.
func (t *tx) Announcements(sessionID int64) ([]*core.Announcement, error) {
	return all(t, "announcements", scanAnnouncement, `SELECT `+announcementCols+` FROM announcements
		WHERE session_id = ? ORDER BY channel_id`, sessionID)
}
