package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Snapshot renders every row a booking or admin action can change —
// coaches with their types, packages, availability, channels and
// calendars with their busy times;
// sessions; bookings with their audit; clients with their passes and
// ledgers; payments; the count of notices — so a test can show that a
// refused action changed nothing by comparing two snapshots.
func Snapshot(tb testing.TB, s core.Store) string {
	tb.Helper()
	var b strings.Builder
	err := s.View(context.Background(), func(tx core.Tx) error {
		coaches, err := tx.Coaches()
		if err != nil {
			return err
		}
		for _, c := range coaches {
			if err := snapshotCoach(&b, tx, c); err != nil {
				return err
			}
		}
		ss, err := tx.Sessions(core.SessionFilter{})
		if err != nil {
			return err
		}
		for _, s := range ss {
			fmt.Fprintf(&b, "session %+v\n", *s)
		}
		bs, err := tx.Bookings(core.BookingFilter{})
		if err != nil {
			return err
		}
		for _, x := range bs {
			audit, err := tx.Audit(x.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "booking %+v audit %d\n", *x, len(audit))
		}
		clients, err := tx.SearchClients("", 0)
		if err != nil {
			return err
		}
		for _, c := range clients {
			fmt.Fprintf(&b, "client %+v\n", *c)
			ps, err := tx.Passes(c.ID)
			if err != nil {
				return err
			}
			for _, p := range ps {
				es, err := tx.PassEntries(p.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(&b, "pass %d left %d entries %d\n", p.ID, p.CreditsLeft, len(es))
			}
		}
		ps, err := tx.Payments(core.PaymentFilter{})
		if err != nil {
			return err
		}
		for _, p := range ps {
			fmt.Fprintf(&b, "payment %+v\n", *p)
		}
		ns, err := tx.Notices(core.NoticeFilter{})
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "notices %d\n", len(ns))
		return nil
	})
	if err != nil {
		tb.Fatalf("snapshot: %v", err)
	}
	return b.String()
}

// snapshotCoach renders a coach with what they offer.
func snapshotCoach(b *strings.Builder, tx core.Tx, c *core.Coach) error {
	fmt.Fprintf(b, "coach %+v\n", *c)
	ts, err := tx.SessionTypes(c.ID)
	if err != nil {
		return err
	}
	for _, x := range ts {
		fmt.Fprintf(b, "type %+v\n", *x)
	}
	ps, err := tx.Packages(c.ID)
	if err != nil {
		return err
	}
	for _, x := range ps {
		fmt.Fprintf(b, "package %+v\n", *x)
	}
	if a, err := tx.Availability(c.ID); err == nil {
		fmt.Fprintf(b, "availability %+v\n", *a)
	} else if core.ErrorCode(err) != core.ENOTFOUND {
		return err
	}
	chs, err := tx.Channels(core.ChannelFilter{CoachID: c.ID})
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "channels %d\n", len(chs))
	cals, err := tx.Calendars(c.ID)
	if err != nil {
		return err
	}
	for _, x := range cals {
		busy, err := tx.CalendarBusy(x.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(b, "calendar %+v busy %v\n", *x, busy)
	}
	return nil
}
