package core

import "time"

// LinkCode is a one-time code that lets one person join their chat
// accounts on two platforms. Only a hash of the code is stored, so a
// leaked database row cannot be redeemed.
type LinkCode struct {
	Hash     string // hex SHA-256 of the normalised code (LinkCodeHash)
	ClientID int64  // the client of the account that asked for it
	Platform string // the account that asked for it
	UserID   string
	Expires  time.Time
	Created  time.Time
}

// LinkTx is the part of Tx that account linking needs.
type LinkTx interface {
	// PutLinkCode stores c, first deleting every code of the same
	// account and every code expired at c.Created, so an account holds
	// at most one live code and old rows do not pile up.
	PutLinkCode(c *LinkCode) error
	// TakeLinkCode deletes and returns the code with hash: a code is
	// used once. ENOTFOUND when there is none.
	TakeLinkCode(hash string) (*LinkCode, error)
	// DropClientIfUnused deletes the client row id if nothing refers to
	// it any more (its accounts were moved away by a merge), reporting
	// whether it did; a row still referred to is kept and that is not
	// an error.
	DropClientIfUnused(id int64) (bool, error)
}
