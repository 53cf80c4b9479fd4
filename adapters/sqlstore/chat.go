package sqlstore

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// Conversation returns the stored chat state or a fresh idle one.
func (t *tx) Conversation(platform, userID string) (*core.Conversation, error) {
	c, err := one(t, "conversation", "Conversation", func(s rowScanner) (*core.Conversation, error) {
		c := core.Conversation{Platform: platform, UserID: userID}
		err := s.Scan(&c.Flow, &c.Step, (*jsonMap)(&c.Data), (*dbTime)(&c.Updated))
		return &c, err
	}, `SELECT flow, step, data, updated_at FROM conversations WHERE platform = ? AND user_id = ?`, platform, userID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return &core.Conversation{Platform: platform, UserID: userID, Data: map[string]string{}}, nil
	}
	return c, err
}

// PutConversation stores c if nobody stored a step in between.
func (t *tx) PutConversation(c *core.Conversation) error {
	var n int
	var err error
	if c.Step == 1 {
		n, err = t.exec("put conversation", `INSERT INTO conversations (platform, user_id, flow, step, data, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, user_id) DO NOTHING`,
			c.Platform, c.UserID, c.Flow, c.Step, jsonMap(c.Data), dbTime(c.Updated))
	} else {
		n, err = t.exec("put conversation", `UPDATE conversations SET flow = ?, step = ?, data = ?, updated_at = ?
			WHERE platform = ? AND user_id = ? AND step = ?`,
			c.Flow, c.Step, jsonMap(c.Data), dbTime(c.Updated), c.Platform, c.UserID, c.Step-1)
	}
	if err != nil {
		return err
	}
	if n == 0 {
		return core.StepTaken()
	}
	return nil
}

// MarkUpdate records an update id; false means it was seen before.
func (t *tx) MarkUpdate(platform, updateID string, at time.Time) (bool, error) {
	n, err := t.exec("mark update", `INSERT INTO updates_seen (platform, update_id, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (platform, update_id) DO NOTHING`, platform, updateID, dbTime(at))
	return n == 1, err
}

// CoachByClient finds the coach record of a person.
func (t *tx) CoachByClient(clientID int64) (*core.Coach, error) {
	return one(t, "coach by client", "Coach", scanCoach, `SELECT `+coachCols+` FROM coaches WHERE client_id = ?`, clientID)
}
