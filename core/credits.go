package core

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// usable reports why a pass cannot pay for a seat in sess, or nil.
func usable(p *Pass, now time.Time, sess *Session) error {
	switch {
	case sess.CreditCost == 0:
		return NewError(EINVALID, "err.pass.not_for_session", "This session cannot be paid with a pass.")
	case !p.Covers(sess.CoachID, sess.TypeID):
		return NewError(EINVALID, "err.pass.does_not_cover", "Your pass “{Pass}” does not cover this session.", "Pass", p.Name)
	case p.Expired(now) || !sess.Start.Before(p.Expires):
		return NewError(EINVALID, "err.pass.not_valid_date", "Your pass “{Pass}” is not valid for this date.", "Pass", p.Name)
	}
	return nil
}

// available is what a locked pass can still pay: credits left minus
// credits reserved by bookings that pay at completion.
func available(tx Tx, p *Pass) (int, error) {
	bs, err := tx.Bookings(BookingFilter{PassID: p.ID, Statuses: []BookingStatus{BookingConfirmed, BookingPendingPayment}})
	if err != nil {
		return 0, err
	}
	n := p.CreditsLeft
	for _, b := range bs {
		if !b.Charged {
			n -= b.Credits
		}
	}
	return n, nil
}

// explicitPass locks and checks the pass a client chose.
func explicitPass(tx Tx, now time.Time, clientID int64, sess *Session, passID int64) (*Pass, error) {
	p, err := tx.LockPass(passID)
	if err != nil {
		return nil, err
	}
	if p.ClientID != clientID {
		return nil, NewError(EUNAUTHORIZED, "err.pass.not_yours", "That pass is not yours.")
	}
	if err := usable(p, now, sess); err != nil {
		return nil, err
	}
	n, err := available(tx, p)
	if err != nil {
		return nil, err
	}
	if n < sess.CreditCost {
		return nil, NewError(EINVALID, "err.pass.empty", "Your pass “{Pass}” has no credits left.", "Pass", p.Name)
	}
	return p, nil
}

// bestPass locks and returns the client's valid pass with the oldest
// expiry that can pay for sess, or nil.
func bestPass(tx Tx, now time.Time, clientID int64, sess *Session) (*Pass, error) {
	passes, err := tx.UsablePasses(clientID, sess.CoachID, now)
	if err != nil {
		return nil, err
	}
	return pickPass(passes, now, sess), nil
}

// pickPass is the first of passes (locked, oldest expiry first, as
// UsablePasses lists them) that can pay for sess, or nil.
func pickPass(passes []*Pass, now time.Time, sess *Session) *Pass {
	for _, p := range passes {
		if usable(p, now, sess) == nil && p.CreditsLeft-p.Reserved >= sess.CreditCost {
			return p
		}
	}
	return nil
}

// deductCredits takes n credits from a locked pass and writes the ledger.
func deductCredits(tx Tx, now time.Time, p *Pass, n int, bookingID int64, note string) error {
	if n > p.CreditsLeft {
		return NewError(EINVALID, "err.pass.empty", "Your pass “{Pass}” has no credits left.", "Pass", p.Name)
	}
	return moveCredits(tx, now, p, -n, EntryDeduct, bookingID, note)
}

// moveCredits changes a locked pass's credits and writes the ledger line.
func moveCredits(tx Tx, now time.Time, p *Pass, delta int, kind string, bookingID int64, note string) error {
	if p.CreditsLeft+delta < 0 {
		return NewError(EINVALID, "err.pass.below_zero", "Credits cannot go below zero.")
	}
	p.CreditsLeft += delta
	if err := tx.UpdatePass(p); err != nil {
		return err
	}
	return tx.AddPassEntry(&PassEntry{PassID: p.ID, Delta: delta, Kind: kind, BookingID: bookingID, Note: note, At: now})
}

// chargeReserved takes the credits a completion-paid booking reserved.
func chargeReserved(tx Tx, now time.Time, b *Booking, note string) error {
	if b.PassID == 0 || b.Charged || b.Credits == 0 {
		return nil
	}
	p, err := tx.LockPass(b.PassID)
	if err != nil {
		return err
	}
	if err := moveCredits(tx, now, p, -min(b.Credits, p.CreditsLeft), EntryDeduct, b.ID, note); err != nil {
		return err
	}
	b.Charged = true
	return nil
}

// returnCredits gives a booking's charged credits back to the pass they
// came from, even an expired one.
func returnCredits(tx Tx, now time.Time, b *Booking, note string) (int, error) {
	if b.PassID == 0 || !b.Charged || b.Credits == 0 {
		return 0, nil
	}
	p, err := tx.LockPass(b.PassID)
	if err != nil {
		return 0, err
	}
	if err := moveCredits(tx, now, p, b.Credits, EntryReturn, b.ID, note); err != nil {
		return 0, err
	}
	b.Charged = false
	return b.Credits, nil
}

// GrantPass gives a client a pass from a package: after payment, or by a
// coach's hand. Errors: ENOTFOUND, EINVALID (retired package).
func (s *Passes) GrantPass(ctx context.Context, clientID, packageID int64, source string) (*Pass, error) {
	var p *Pass
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		p, err = grantPass(tx, now, clientID, packageID, source)
		return err
	})
	return p, err
}

func grantPass(tx Tx, now time.Time, clientID, packageID int64, source string) (*Pass, error) {
	if _, err := tx.Client(clientID); err != nil {
		return nil, err
	}
	pk, err := tx.Package(packageID)
	if err != nil {
		return nil, err
	}
	p := &Pass{ClientID: clientID, CoachID: pk.CoachID, PackageID: pk.ID, Name: pk.Name, Credits: pk.Credits,
		TypeIDs: pk.TypeIDs, DeductAt: pk.DeductAt, Expires: now.AddDate(0, 0, pk.ValidityDays), Source: source, Created: now}
	if err := tx.CreatePass(p); err != nil {
		return nil, err
	}
	if err := moveCredits(tx, now, p, pk.Credits, EntryGrant, 0, source); err != nil {
		return nil, err
	}
	return p, passGranted(tx, now, p)
}

// passGranted tells a client their new pass is ready, naming the bookings
// waiting for money that it can pay at once (PayWithPass), as ids joined
// by commas in Data["payable"].
func passGranted(tx Tx, now time.Time, p *Pass) error {
	data := map[string]string{"pass_id": itoa(p.ID)}
	ids, err := payableWith(tx, now, p)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		list := make([]string, len(ids))
		for i, id := range ids {
			list[i] = itoa(id)
		}
		data["payable"] = strings.Join(list, ",")
	}
	return notify(tx, now, Notice{Kind: NoticePassGranted, ToKind: ToClient, ToID: p.ClientID, Data: data})
}

// AdjustCredits lets a coach add or deduct credits by hand with a note
// (a session paid in cash, a goodwill credit); the client is told (NoticeCreditsAdjusted). Errors: ENOTFOUND, EUNAUTHORIZED (another coach's pass),
// EINVALID (would go below zero, or zero delta).
func (s *Passes) AdjustCredits(ctx context.Context, coachID, passID int64, delta int, note string) (*Pass, error) {
	note = cleanReason(note)
	var p *Pass
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if delta == 0 {
			return NewError(EINVALID, "err.credits.zero", "Give a number of credits to add or deduct.")
		}
		if p, err = tx.LockPass(passID); err != nil {
			return err
		}
		if p.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.pass.other_coach", "That pass belongs to another coach's client.")
		}
		if p.CreditsLeft+delta < 0 {
			return NewError(EINVALID, "err.credits.too_many", "The pass has {Count} credits; it cannot lose {Lose}.", "Count", p.CreditsLeft, "Lose", -delta)
		}
		if err := moveCredits(tx, now, p, delta, EntryAdjust, 0, note); err != nil {
			return err
		}
		return notify(tx, now, Notice{Kind: NoticeCreditsAdjusted, ToKind: ToClient, ToID: p.ClientID,
			Data: map[string]string{"pass_id": itoa(p.ID), "delta": strconv.Itoa(delta), "note": note}})
	})
	return p, err
}

// ExpirePasses closes the ledger of passes past their expiry that still
// hold credits; expired credits are unusable anyway, this makes it visible.
// It returns how many passes it expired.
func (s *Passes) ExpirePasses(ctx context.Context, clientID int64) (int, error) {
	n := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		passes, err := tx.Passes(clientID)
		if err != nil {
			return err
		}
		for _, p := range passes {
			if !p.Expired(now) || p.CreditsLeft == 0 {
				continue
			}
			lp, err := tx.LockPass(p.ID)
			if err != nil {
				return err
			}
			if err := moveCredits(tx, now, lp, -lp.CreditsLeft, EntryExpire, 0, "expired"); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// BuyPackage opens a pending payment for a package; credits land when it
// is paid (MarkPaymentPaid). Errors: ENOTFOUND, EINVALID (retired).
func (s *Passes) BuyPackage(ctx context.Context, clientID, packageID int64) (*Payment, error) {
	var p *Payment
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		pk, err := tx.Package(packageID)
		if err != nil {
			return err
		}
		if pk.Retired {
			return NewError(EINVALID, "err.package.retired", "The package “{Package}” is no longer sold.", "Package", pk.Name)
		}
		p = &Payment{ClientID: clientID, CoachID: pk.CoachID, PackageID: pk.ID, Purpose: PurposePackage,
			Amount: pk.Price, Method: MethodManual, Status: PaymentPending, Created: now, Updated: now}
		return tx.CreatePayment(p)
	})
	return p, err
}
