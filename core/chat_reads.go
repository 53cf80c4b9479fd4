package core

import (
	"context"
	"errors"
	"time"
)

// The Accounts area's reads (and the one write) the chat side needs beyond
// the booking flows: a person's conversation state, who a chat account
// is, the coaches reachable on a platform. Each checks what the caller may
// see, so neither the bot nor a platform adapter runs transactions of its
// own. The other areas' reads of this kind are in channel_reads.go,
// coach_reads.go, outbox_reads.go, pass_reads.go and payment_reads.go.

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
// of the same button won; StepTaken).
func (s *Accounts) PutConversation(ctx context.Context, c *Conversation) error {
	return s.single(ctx, func(tx Tx, now time.Time) error { return tx.PutConversation(c) })
}

// StepTaken is ChatTx.PutConversation's refusal of a step another press
// stored first, for the services that store a conversation with their
// own writes to say which ECONFLICT it was (IsStepTaken).
func StepTaken() *Error {
	return NewError(ECONFLICT, "err.chat.pressed", "That button was already pressed.")
}

// IsStepTaken reports whether err is StepTaken's refusal.
func IsStepTaken(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == ECONFLICT && e.Key == StepTaken().Key
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
