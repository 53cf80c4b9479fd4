package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Migrator is what SeatsAfterMigration needs of a store's migrations (a
// goose Provider, whose results R it ignores).
type Migrator[R any] interface {
	DownTo(ctx context.Context, version int64) (R, error)
	Up(ctx context.Context) (R, error)
}

// seatsMigration is the migration that keeps seats on the sessions.
const seatsMigration = 13

// SeatsAfterMigration books into a demo studio's classes (seats taken,
// given up, waitlisted), takes the seats kept on each session away and
// back with m (the migration's down and up), and checks that the seats the
// store then reads with a session's lock are the seat-holding bookings
// counted: a database that already has bookings gets its seats right when
// it is migrated.
func SeatsAfterMigration[R any](t *testing.T, s core.Store, m Migrator[R]) {
	ctx := context.Background()
	svc := core.NewService(s, NewClock(T0))
	demo, err := svc.Admin.SeedDemo(ctx, 0)
	must(t, err)
	var clients []int64
	for i := range 12 {
		c := &core.Client{Name: fmt.Sprint("Client ", i), Zone: "Europe/Paris"}
		must(t, svc.Accounts.CreateClient(ctx, c))
		clients = append(clients, c.ID)
	}
	for i, c := range clients { // 8 seats: the last four wait
		res, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: c, SessionID: demo.Classes[0].ID})
		must(t, err)
		if i%3 == 0 {
			_, _, err = svc.Bookings.Cancel(ctx, core.CancelRequest{ClientID: c, BookingID: res.Booking.ID})
			must(t, err)
		}
		if i < 3 {
			_, err = svc.Bookings.Book(ctx, core.BookRequest{ClientID: c, SessionID: demo.Classes[1].ID})
			must(t, err)
		}
	}
	_, err = m.DownTo(ctx, seatsMigration-1)
	must(t, err)
	_, err = m.Up(ctx)
	must(t, err)
	must(t, s.Update(ctx, func(tx core.Tx) error {
		for i, sess := range demo.Classes[:3] {
			counted, _, err := tx.Seats(sess.ID, clients[0])
			if err != nil {
				return err
			}
			_, _, seating, err := tx.LockSessionToBook(sess.ID, clients[0], T0)
			if err != nil {
				return err
			}
			if seating.Taken != counted {
				t.Errorf("class %d: %d seats kept after migrating, %d counted", i, seating.Taken, counted)
			}
			if i == 0 && counted != 8 {
				t.Errorf("class 0: %d seats counted, want 8 (a full class)", counted)
			}
		}
		return nil
	}))
}
