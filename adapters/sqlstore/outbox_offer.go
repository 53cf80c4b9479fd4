package sqlstore

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

const offerCols = `id, booking_id, session_id, client_id, expires_at, status, created_at, decided_at`

func scanOffer(s rowScanner) (*core.Offer, error) {
	var o core.Offer
	err := s.Scan(&o.ID, &o.BookingID, &o.SessionID, &o.ClientID, (*dbTime)(&o.Until), &o.Status,
		(*dbTime)(&o.Created), (*dbTime)(&o.Decided))
	return &o, err
}

// CreateOffer stores a new offer.
func (t *tx) CreateOffer(o *core.Offer) error {
	if err := t.flush(); err != nil {
		return err
	}
	id, err := t.insert("create offer", `INSERT INTO offers (booking_id, session_id, client_id, expires_at,
		status, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.BookingID, o.SessionID, o.ClientID, dbTime(o.Until), string(o.Status), dbTime(o.Created), dbTime(o.Decided))
	if err != nil {
		return err
	}
	o.ID = id
	return nil
}

// OpenOffer returns a booking's open offer.
func (t *tx) OpenOffer(bookingID int64) (*core.Offer, error) {
	return one(t, "open offer", "Offer", scanOffer,
		`SELECT `+offerCols+` FROM offers WHERE booking_id = ? AND status = 'open'`, bookingID)
}

// UpdateOffer stores an offer's status and decision time.
func (t *tx) UpdateOffer(o *core.Offer) error {
	return t.update("update offer", "Offer", `UPDATE offers SET status = ?, decided_at = ? WHERE id = ?`,
		string(o.Status), dbTime(o.Decided), o.ID)
}

// DueOffers lists open offers whose time is up, oldest first.
func (t *tx) DueOffers(now time.Time) ([]*core.Offer, error) {
	return all(t, "due offers", scanOffer, `SELECT `+offerCols+` FROM offers
		WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at, id`, dbTime(now))
}
