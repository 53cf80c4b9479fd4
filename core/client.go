package core

import (
	"net/mail"
	"strings"
	"time"
)

// Client is a person who books: anyone who messages the bot. Coaches have
// a client record too, which carries their chat accounts.
type Client struct {
	ID       int64
	Name     string
	Zone     string // IANA zone; "" until asked at /start
	Language string // BCP 47 base language, e.g. "en", "fr"
	Email    string
	Phone    string
	Created  time.Time
}

// Validate checks a client's profile fields.
func (c *Client) Validate() error {
	if strings.TrimSpace(c.Name) == "" {
		return NewError(EINVALID, "err.client.name_missing", "Please tell me your name.")
	}
	if c.Zone != "" {
		if _, err := LoadZone(c.Zone); err != nil {
			return err
		}
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			return NewError(EINVALID, "err.client.bad_email", "\"{Value}\" does not look like an email address.", "Value", c.Email)
		}
	}
	if c.Phone != "" {
		digits := 0
		for _, r := range c.Phone {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune("+ -().", r):
			default:
				return NewError(EINVALID, "err.client.bad_phone", "\"{Value}\" does not look like a phone number.", "Value", c.Phone)
			}
		}
		if digits < 6 || digits > 15 {
			return NewError(EINVALID, "err.client.bad_phone", "\"{Value}\" does not look like a phone number.", "Value", c.Phone)
		}
	}
	return nil
}

// Account ties a chat identity (platform + user id) to a client, so one
// person on Telegram and Discord shares bookings and passes.
type Account struct {
	Platform    string // "telegram", "discord", "console"
	UserID      string // the platform's user id
	ClientID    int64
	ChatID      string // where private messages reach this person
	Unreachable bool   // the person blocked the bot or closed DMs
}
