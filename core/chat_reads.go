package core

import (
	"context"
	"time"
)

// The reads (and the one write) the chat side needs beyond the booking
// flows: a person's conversation state, who a chat account is, a coach's
// channels and the posts to edit, what a button names. Each checks what
// the caller may see, so neither the bot nor a platform adapter runs
// transactions of its own.

// Conversation reads a person's flow state, or a fresh idle one (Step
// 0) when there is none, in one statement.
func (s *Accounts) Conversation(ctx context.Context, platform, userID string) (*Conversation, error) {
	var c *Conversation
	err := s.single(ctx, func(tx Tx, now time.Time) (err error) {
		c, err = tx.Conversation(platform, userID)
		return err
	})
	return c, err
}

// PutConversation stores c as the person's next step, in one statement.
// Errors: ECONFLICT (the stored step is not c.Step-1: a concurrent press
// of the same button won).
func (s *Accounts) PutConversation(ctx context.Context, c *Conversation) error {
	return s.single(ctx, func(tx Tx, now time.Time) error { return tx.PutConversation(c) })
}

// KnownPerson reads who a chat account is (client, coach, the account
// with its private chat), creating nothing. Errors: ENOTFOUND (an
// account never seen).
func (s *Accounts) KnownPerson(ctx context.Context, platform, userID string) (*Person, error) {
	var p *Person
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		p, err = tx.Person(platform, userID)
		return err
	})
	return p, err
}

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

// ClientPayment reads one of a client's payments (a Pay button's).
// Errors: ENOTFOUND, EUNAUTHORIZED (another client's).
func (s *Payments) ClientPayment(ctx context.Context, clientID, paymentID int64) (*Payment, error) {
	var p *Payment
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		if p, err = tx.Payment(paymentID); err != nil {
			return err
		}
		if p.ClientID != clientID {
			return NewError(EUNAUTHORIZED, "err.payment.not_yours", "That payment is not yours.")
		}
		return nil
	})
	return p, err
}

// CoachBooking reads a booking in one of a coach's sessions. Errors:
// ENOTFOUND, EUNAUTHORIZED (another coach's session).
func (s *Coaching) CoachBooking(ctx context.Context, coachID, bookingID int64) (*Booking, error) {
	var b *Booking
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		if b, err = tx.Booking(bookingID); err != nil {
			return err
		}
		sess, err := tx.Session(b.SessionID)
		if err != nil {
			return err
		}
		if sess.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.attendance.other_coach", "That booking is for another coach's session.")
		}
		return nil
	})
	return b, err
}

// CoachSession reads one of a coach's sessions. Errors: ENOTFOUND,
// EUNAUTHORIZED (another coach's).
func (s *Coaching) CoachSession(ctx context.Context, coachID, sessionID int64) (*Session, error) {
	var sess *Session
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		if sess, err = tx.Session(sessionID); err != nil {
			return err
		}
		if sess.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.session.other_coach", "That session belongs to another coach.")
		}
		return nil
	})
	return sess, err
}

// CoachSessionsAhead lists a coach's scheduled sessions from now to
// until from now (at most limit), with their types' names by type id,
// for a command's suggestions.
func (s *Coaching) CoachSessionsAhead(ctx context.Context, coachID int64, until time.Duration, limit int) ([]*Session, map[int64]string, error) {
	var ss []*Session
	names := map[int64]string{}
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		ss, err = tx.Sessions(SessionFilter{CoachID: coachID, From: now, To: now.Add(until), Status: SessionScheduled, Limit: limit})
		if err != nil {
			return err
		}
		for _, sess := range ss {
			if _, ok := names[sess.TypeID]; !ok {
				t, err := tx.SessionType(sess.TypeID)
				if err != nil {
					return err
				}
				names[sess.TypeID] = t.Name
			}
		}
		return nil
	})
	return ss, names, err
}

// CoachAccount is a coach's chat account on a platform, with the
// language they read.
type CoachAccount struct {
	Account  *Account
	Language string
}

// CoachAccounts lists every coach's reachable accounts on platform (a
// chat known, not unreachable), for the coaches' own command menus.
func (s *Accounts) CoachAccounts(ctx context.Context, platform string) ([]CoachAccount, error) {
	var out []CoachAccount
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		coaches, err := tx.Coaches()
		if err != nil {
			return err
		}
		for _, co := range coaches {
			if co.ClientID == 0 {
				continue
			}
			person, err := tx.Client(co.ClientID)
			if err != nil {
				return err
			}
			accs, err := tx.Accounts(co.ClientID)
			if err != nil {
				return err
			}
			for _, acc := range accs {
				if acc.Platform == platform && acc.ChatID != "" && !acc.Unreachable {
					out = append(out, CoachAccount{Account: acc, Language: person.Language})
				}
			}
		}
		return nil
	})
	return out, err
}

// NoticeReads runs fn, the notice renderer's reads of what a notice
// names (the bot's loadNotice), as one Browse: each statement sees the
// newest data, no snapshot, and no write (PostgreSQL refuses one). A
// notice's words need no snapshot, and Browse spares View's BEGIN and
// COMMIT, two round trips of each notice sent.
func (s *Outbox) NoticeReads(ctx context.Context, fn func(tx Tx) error) error {
	return s.store.Browse(ctx, fn)
}

// SendBudgets is where the platforms' send budgets are kept: in the
// database for every replica to share (PostgreSQL), or in this process
// (SQLite). Each chat adapter's core.Pacer counts in it.
func (s *Outbox) SendBudgets() SendBudgets { return s.store }
