package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Helpers for the account pages' conversation tests: set up bookings and
// passes through the service, read rows back from the store.

// acctClient is the client id behind a test user.
func (h *harness) acctClient(u user) int64 {
	h.t.Helper()
	var id int64
	err := h.store.View(h.ctx, func(tx core.Tx) error {
		a, err := tx.Account("test", u.id)
		if err == nil {
			id = a.ClientID
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// acctGrant gives u a pass of the demo package with n credits (5, 10, 20).
func (h *harness) acctGrant(u user, n int) *core.Pass {
	h.t.Helper()
	for _, pk := range h.demo.Packs {
		if pk.Credits == n {
			p, err := h.svc.Passes.GrantPass(h.ctx, h.acctClient(u), pk.ID, "manual")
			if err != nil {
				h.t.Fatal(err)
			}
			return p
		}
	}
	h.t.Fatalf("no %d-session pack", n)
	return nil
}

// acctSession schedules a 1:1 standard session starting in d, in mode.
func (h *harness) acctSession(in time.Duration, mode core.Mode, links ...string) *core.Session {
	h.t.Helper()
	s, err := h.svc.Catalog.ScheduleSession(h.ctx, core.ScheduleRequest{CoachID: h.demo.Coach.ID, TypeID: h.demo.Standard.ID,
		Start: h.clock.Now().Add(in), Mode: mode, Links: links})
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// acctBook books u into a session (paying money when pay is set).
func (h *harness) acctBook(u user, sessionID int64, pay bool) *core.BookResult {
	h.t.Helper()
	res, err := h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: h.acctClient(u), SessionID: sessionID, Pay: pay})
	if err != nil {
		h.t.Fatal(err)
	}
	return res
}

// acctBooking reads a booking row.
func (h *harness) acctBooking(id int64) *core.Booking {
	h.t.Helper()
	var b *core.Booking
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { b, err = tx.Booking(id); return }); err != nil {
		h.t.Fatal(err)
	}
	return b
}

// acctPass reads a pass row.
func (h *harness) acctPass(id int64) *core.Pass {
	h.t.Helper()
	var p *core.Pass
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { p, err = tx.Pass(id); return }); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// acctMakeCoach makes u the demo studio's coach.
func (h *harness) acctMakeCoach(u user) {
	h.t.Helper()
	id := h.acctClient(u)
	err := h.store.Update(h.ctx, func(tx core.Tx) error {
		c, err := tx.Coach(h.demo.Coach.ID)
		if err != nil {
			return err
		}
		c.ClientID = id
		return tx.UpdateCoach(c)
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// acctButton finds the button whose label contains label.
func acctButton(t *testing.T, replies []Reply, label string) Button {
	t.Helper()
	for i := len(replies) - 1; i >= 0; i-- {
		for _, r := range replies[i].Buttons {
			for _, b := range r {
				if strings.Contains(b.Label, label) {
					return b
				}
			}
		}
	}
	t.Fatalf("no button %q in:\n%s", label, render(replies))
	return Button{}
}

// acctNoButton fails if a button's label contains label.
func acctNoButton(t *testing.T, replies []Reply, label string) {
	t.Helper()
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.Contains(b.Label, label) {
					t.Fatalf("unexpected button %q in:\n%s", b.Label, render(replies))
				}
			}
		}
	}
}

// acctAbsent fails if the replies contain any of parts.
func acctAbsent(t *testing.T, replies []Reply, parts ...string) {
	t.Helper()
	text := render(replies)
	for _, p := range parts {
		if strings.Contains(text, p) {
			t.Fatalf("did not want %q in:\n%s", p, text)
		}
	}
}

// acctEUR is an amount in euros as the bot writes it in lang.
func acctEUR(lang string, cents int64) string {
	return formatMoney(lang, core.Money{Amount: cents, Currency: "EUR"})
}
