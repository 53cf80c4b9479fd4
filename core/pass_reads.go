package core

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// The Passes area's reads: a client's passes and packages as shown, and
// a coach's view of a client's passes.

// ClientPasses lists a client's passes, oldest expiry first, with the
// credits reserved by live bookings that pay at completion in Reserved,
// so a conversation can say what is left. Errors: ENOTFOUND (no such
// client).
func (s *Passes) ClientPasses(ctx context.Context, clientID int64) ([]*Pass, error) {
	return s.clientPasses(ctx, clientID, true)
}

// PassesOf is ClientPasses for a client the caller holds (the person a
// chat serves, read as they arrived): a client with no pass is not read
// again to tell it from no client at all.
func (s *Passes) PassesOf(ctx context.Context, c *Client) ([]*Pass, error) {
	return s.clientPasses(ctx, c.ID, false)
}

// clientPasses is ClientPasses, checking that the client exists when
// check is set.
func (s *Passes) clientPasses(ctx context.Context, clientID int64, check bool) ([]*Pass, error) {
	var out []*Pass
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		var err error
		if out, err = tx.Passes(clientID); err != nil {
			return err
		}
		if err := ownerExists(len(out), func() error {
			if !check {
				return nil
			}
			_, err := tx.Client(clientID)
			return err
		}); err != nil {
			return err
		}
		for _, p := range out {
			if p.DeductAt != DeductAtCompletion || p.Expired(now) {
				continue
			}
			bs, err := tx.Bookings(BookingFilter{PassID: p.ID, Statuses: []BookingStatus{BookingConfirmed, BookingPendingPayment}})
			if err != nil {
				return err
			}
			for _, b := range bs {
				if !b.Charged {
					p.Reserved += b.Credits
				}
			}
		}
		return nil
	})
	return out, err
}

// MyPasses lists a client's passes, usable ones first (oldest expiry
// first), then used-up and expired ones. Errors: ENOTFOUND.
func (s *Passes) MyPasses(ctx context.Context, clientID int64) ([]*PassView, error) {
	var out []*PassView
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		passes, err := tx.Passes(clientID)
		if err != nil {
			return err
		}
		refunds, err := tx.Payments(PaymentFilter{ClientID: clientID, Status: PaymentRefunded})
		if err != nil {
			return err
		}
		refunded := map[int64]bool{}
		for _, pay := range refunds {
			if pay.Purpose == PurposePackage && pay.PassID != 0 {
				refunded[pay.PassID] = true
			}
		}
		r := newReader(tx)
		for _, p := range passes {
			v := &PassView{Pass: p, Expired: p.Expired(now), Refunded: refunded[p.ID]}
			if v.Coach, err = r.coach(p.CoachID); err != nil {
				return err
			}
			if v.Types, err = r.types(p.TypeIDs); err != nil {
				return err
			}
			out = append(out, v)
		}
		usable := func(v *PassView) int {
			if !v.Expired && v.Pass.CreditsLeft > 0 {
				return 0
			}
			return 1
		}
		slices.SortStableFunc(out, func(a, b *PassView) int { return cmp.Compare(usable(a), usable(b)) })
		return nil
	})
	return out, err
}

// MyPackages lists the packages a client can buy: those of the coaches
// they have dealt with (bookings, passes, payments), or of every coach
// for a newcomer. Retired packages are left out. Errors: ENOTFOUND.
func (s *Passes) MyPackages(ctx context.Context, clientID int64) ([]*PackageView, error) {
	var out []*PackageView
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Client(clientID); err != nil {
			return err
		}
		coaches, err := tx.Coaches()
		if err != nil {
			return err
		}
		var mine []*Coach
		for _, c := range coaches {
			ok, err := coachOf(tx, c.ID, clientID)
			if err != nil {
				return err
			}
			if ok {
				mine = append(mine, c)
			}
		}
		if len(mine) == 0 {
			mine = coaches
		}
		r := newReader(tx)
		for _, c := range mine {
			pks, err := tx.Packages(c.ID)
			if err != nil {
				return err
			}
			for _, pk := range pks {
				if pk.Retired {
					continue
				}
				v := &PackageView{Package: pk, Coach: c}
				if v.Types, err = r.types(pk.TypeIDs); err != nil {
					return err
				}
				out = append(out, v)
			}
		}
		return nil
	})
	return out, err
}
