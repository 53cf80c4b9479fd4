package core

import (
	"context"
	"strings"
	"time"
)

// Conversation is the state of a multi-step chat flow (the booking wizard,
// a cancel confirmation) kept in the database, so buttons still work after
// a restart and a double tap acts once: each step bumps Step, and a button
// carrying an older step is stale.
type Conversation struct {
	Platform string
	UserID   string
	Flow     string            // e.g. "book"; "" when idle
	Step     int               // bumped on every change
	Data     map[string]string // the flow's choices so far
	Updated  time.Time
}

// ChatTx is the part of Tx that chat adapters and the bot need beyond the
// booking domain.
type ChatTx interface {
	// Conversation returns the stored state, or a fresh idle one (Step 0)
	// when there is none.
	Conversation(platform, userID string) (*Conversation, error)
	// PutConversation stores c, but only if the stored Step is c.Step-1
	// (or none is stored and c.Step is 1): a concurrent double tap that
	// lost the race gets ECONFLICT.
	PutConversation(c *Conversation) error
	// MarkUpdate records a platform update id and reports whether it is
	// new; a redelivered update returns false.
	MarkUpdate(platform, updateID string, at time.Time) (bool, error)
	// CoachByClient returns the coach whose person record is clientID.
	CoachByClient(clientID int64) (*Coach, error)
	// Person reads a chat account with its client and, when they are a
	// coach, their coach record, in as few queries as the store can:
	// every update starts with it. Errors: ENOTFOUND (no such account).
	Person(platform, userID string) (*Person, error)
	// ArriveKnown is Arrive's usual case, in one statement where the
	// store can (run it with Store.Single): when platform/userID is a
	// known account that needs no write (chatID is "", or the account's
	// chat and reachable: see mustRefresh), it records updateID and
	// returns whether it was new, with the person and conversation when
	// it was. Otherwise it records nothing and returns nil, and Arrive
	// takes the full path. With updateID "" it only reads (run it with
	// Store.Browse): an update stored in the inbox was recorded there.
	ArriveKnown(platform, updateID, userID, chatID string, at time.Time) (*Arrival, error)
	// FirstContact creates c and acc, its account (setting c.ID and
	// acc.ClientID), when no account of acc's platform and user id
	// exists, and returns them with that account's conversation; one
	// statement where the store can (run it with Store.Single). When the
	// account exists it writes nothing and returns nil; an account
	// created meanwhile by another transaction may also be ECONFLICT.
	FirstContact(c *Client, acc *Account) (*Arrival, error)
}

// Identity is who wrote to the bot, as a platform reports them.
type Identity struct {
	Platform string
	UserID   string
	ChatID   string // their private chat, when the message came from one
	Name     string
	Language string
}

// Person is an identified chat user: their client record, and their coach
// record when they are a coach.
type Person struct {
	Client  *Client
	Coach   *Coach
	Account *Account
}

// Identify finds the client behind a chat account, creating both on first
// contact with the platform's name and language, and refreshing the
// private chat id. Errors: EINVALID (no platform or user id).
func (s *Accounts) Identify(ctx context.Context, id Identity) (*Person, error) {
	a, err := s.arrive(ctx, "", id, false)
	if err != nil {
		return nil, err
	}
	return a.Person, nil
}

// Arrival is what the start of one incoming update learns, in one
// transaction: whether the update is new, who sent it and where their
// conversation stands.
type Arrival struct {
	Fresh        bool          // false: a redelivered update; nothing else is set
	Person       *Person       // the sender, identified as Identify does
	Conversation *Conversation // the sender's flow state, as Conversation reads it
}

// Arrive is Identify for a platform update, plus its dedupe and the
// sender's conversation, in one transaction instead of three: it records
// updateID (when not "") and, for a redelivery, returns Fresh false and
// does nothing else. A known sender whose chat id has not changed costs
// one statement (ArriveKnown in Store.Single, or in Store.Browse when
// there is no update id to record: an update handled from the inbox was
// recorded when it was stored, InboxTx.StoreUpdates), and a sender never
// seen one more when there is no update id to record (ChatTx.FirstContact,
// in Store.Single); others take a transaction that also writes their
// account. Errors: EINVALID (no platform or user id; the update id is
// still recorded).
func (s *Accounts) Arrive(ctx context.Context, updateID string, id Identity) (*Arrival, error) {
	return s.arrive(ctx, updateID, id, true)
}

// ArriveNew is Arrive with no update id to record for a sender the
// inbox's claim has just looked for (InboxUpdate.Newcomer): a sender
// never seen is created in one statement (ChatTx.FirstContact) without
// looking for them again; one whose account exists takes Arrive's full
// path. Errors: those of Arrive.
func (s *Accounts) ArriveNew(ctx context.Context, id Identity) (*Arrival, error) {
	if id.Platform == "" || id.UserID == "" {
		return s.arrive(ctx, "", id, true)
	}
	a, err := s.firstContact(ctx, s.now(), id)
	if err != nil || a != nil {
		return a, err
	}
	return s.arriveWriting(ctx, "", id, true)
}

// arrive is Arrive, reading the conversation only when withConv.
func (s *Accounts) arrive(ctx context.Context, updateID string, id Identity, withConv bool) (*Arrival, error) {
	valid := id.Platform != "" && id.UserID != ""
	if valid {
		// The usual case, a known sender: one statement, a read when
		// there is no update id to record.
		var a *Arrival
		now := s.now()
		run := s.store.Single
		if updateID == "" {
			run = s.store.Browse
		}
		err := run(ctx, func(tx Tx) (err error) {
			a, err = tx.ArriveKnown(id.Platform, updateID, id.UserID, id.ChatID, now)
			return err
		})
		if err != nil {
			return nil, err
		}
		if a == nil && updateID == "" {
			// Nothing to record: a sender never seen is created in one
			// statement too.
			a, err = s.firstContact(ctx, now, id)
			if err != nil {
				return nil, err
			}
		}
		if a != nil {
			if !withConv {
				a.Conversation = nil
			}
			return a, nil
		}
	} else if updateID == "" {
		return nil, NewError(EINVALID, "err.chat.unknown_sender", "Unknown sender.")
	}
	return s.arriveWriting(ctx, updateID, id, withConv)
}

// arriveWriting is Arrive's full path, in a transaction that records
// updateID (when not "") and finds, creates or refreshes the sender.
func (s *Accounts) arriveWriting(ctx context.Context, updateID string, id Identity, withConv bool) (*Arrival, error) {
	valid := id.Platform != "" && id.UserID != ""
	var a *Arrival
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		a = &Arrival{Fresh: true}
		if updateID != "" {
			fresh, err := tx.MarkUpdate(id.Platform, updateID, now)
			if err != nil || !fresh {
				a.Fresh = false
				return err
			}
		}
		if !valid {
			return nil // keep the mark: a redelivery stays silent
		}
		p, err := identify(tx, now, id)
		if err != nil {
			return err
		}
		a.Person = p
		if withConv {
			a.Conversation, err = tx.Conversation(id.Platform, id.UserID)
		}
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case a.Fresh && !valid:
		return nil, NewError(EINVALID, "err.chat.unknown_sender", "Unknown sender.")
	}
	return a, nil
}

// mustRefresh reports whether a known account needs writing: they wrote
// to us privately from a new chat, or after we marked them unreachable.
// Stores decide the same inside ArriveKnown's one statement (sqlstore's
// knownPersonQuery); the contract suite checks the two agree.
func mustRefresh(acc *Account, id Identity) bool {
	return id.ChatID != "" && (acc.ChatID != id.ChatID || acc.Unreachable)
}

// firstContact creates the person behind id in one statement where the
// store can (ChatTx.FirstContact); nil when their account exists, for
// Arrive's full path to find it.
func (s *Accounts) firstContact(ctx context.Context, now time.Time, id Identity) (*Arrival, error) {
	var a *Arrival
	err := s.store.Single(ctx, func(tx Tx) (err error) {
		c, acc := newcomer(now, id)
		a, err = tx.FirstContact(c, acc)
		return err
	})
	if ErrorCode(err) == ECONFLICT {
		return nil, nil // their account was created meanwhile
	}
	return a, err
}

// newcomer is the client and account first created for id: the name
// the platform gives (else "Guest"), its language, created now.
func newcomer(now time.Time, id Identity) (*Client, *Account) {
	name := strings.TrimSpace(id.Name)
	if name == "" {
		name = "Guest"
	}
	return &Client{Name: name, Language: id.Language, Created: now},
		&Account{Platform: id.Platform, UserID: id.UserID, ChatID: id.ChatID}
}

// identify finds or creates the person behind id within tx.
func identify(tx Tx, now time.Time, id Identity) (*Person, error) {
	p, err := tx.Person(id.Platform, id.UserID)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		c, acc := newcomer(now, id)
		if err := tx.CreateClient(c); err != nil {
			return nil, err
		}
		acc.ClientID = c.ID
		if err := tx.PutAccount(acc); err != nil {
			return nil, err
		}
		return &Person{Client: c, Account: acc}, nil // a new client is nobody's coach yet
	case err != nil:
		return nil, err
	case mustRefresh(p.Account, id):
		// They wrote to us privately: they can be reached there again.
		p.Account.ChatID, p.Account.Unreachable = id.ChatID, false
		if err := tx.PutAccount(p.Account); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// UpdateProfile saves a client's own profile fields (name, zone,
// language, email, phone; never Created), in one statement. Errors:
// EINVALID, ENOTFOUND.
func (s *Accounts) UpdateProfile(ctx context.Context, c *Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.single(ctx, func(tx Tx, now time.Time) error { return tx.UpdateClient(c) })
}
