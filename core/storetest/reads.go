package storetest

import (
	"context"

	"github.com/slotbot/slotbot/core"
)

// Reads the tests make that no screen makes yet: they were core.Service
// methods with no caller but tests, and live here now, over the store.

// CancelPreview is what cancelling a client's booking would cost, as the
// cancel screen shows it (core.Bookings.CancelScreen), changing nothing.
func CancelPreview(ctx context.Context, svc *core.Service, clientID, bookingID int64) (*core.CancelOutcome, error) {
	_, out, err := svc.Bookings.CancelScreen(ctx, clientID, bookingID)
	return out, err
}

// DeadLetters lists, newest first, the dead-lettered notices concerning a
// coach. Errors: ENOTFOUND (no such coach).
func DeadLetters(ctx context.Context, store core.Store, coachID int64, limit int) ([]*core.Notice, error) {
	var ns []*core.Notice
	err := store.View(ctx, func(tx core.Tx) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		var err error
		ns, err = tx.DeadNotices(coachID, limit)
		return err
	})
	return ns, err
}

// OpenOffer returns the open offer of a client's booking. Errors:
// ENOTFOUND (no open offer), EUNAUTHORIZED (someone else's booking).
func OpenOffer(ctx context.Context, store core.Store, clientID, bookingID int64) (*core.Offer, error) {
	var o *core.Offer
	err := store.View(ctx, func(tx core.Tx) error {
		b, err := tx.Booking(bookingID)
		if err != nil {
			return err
		}
		if b.ClientID != clientID {
			return core.NewError(core.EUNAUTHORIZED, "err.booking.not_yours", "That booking is not yours.")
		}
		o, err = tx.OpenOffer(bookingID)
		return err
	})
	return o, err
}
