package discord

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Cancelling with "Other reason": the prompt keeps its "Keep my booking"
// button and gains an Answer button; Answer opens a modal; the text
// submitted there is the reason the booking is cancelled with.
func TestCancelReasonTypedInAModal(t *testing.T) {
	t.Parallel()
	// A modal can only be the immediate answer: the bot answers at once
	// by choice, not by the machine's speed (a deferral under load would
	// turn it into an edit).
	e := newEnv(t, func(c *Config) { c.DeferAfter = time.Minute })
	u := e.dmUser("700", "Maria", "en")
	u.onboard()
	c := u.client()
	if _, err := e.svc.Passes.GrantPass(e.ctx, c.ID, e.demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: c.ID, SessionID: e.demo.Classes[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	r := u.press(u.slash("mybookings"), "Thu 4 Jun")
	r = u.press(r, "Cancel")
	r = u.press(r, "Other reason")
	expect(t, r, "Tell me briefly why you are cancelling:", "[« Keep my booking]", "[✏️ Answer]")

	r = u.press(r, "Answer")
	if len(r) != 1 || !r[0].modal {
		t.Fatalf("Answer should open a modal:\n%s", show(r))
	}
	expect(t, r, "Tell me briefly why you are cancelling:", "Your answer")

	r = u.submit("My car broke down")
	expect(t, r, "Reason: My car broke down", "[❌ Confirm cancel]")
	r = u.press(r, "Confirm cancel")
	expect(t, r, "Cancelled:")
	var b *core.Booking
	_ = e.store.View(e.ctx, func(tx core.Tx) (err error) { b, err = tx.Booking(res.Booking.ID); return err })
	if b.Status != core.BookingCancelled || b.Reason != "My car broke down" {
		t.Fatalf("booking = %s %q, want cancelled with the typed reason", b.Status, b.Reason)
	}
}

// The link-code prompt keeps a way back (« Retour), so it is shown with
// an Answer button like any prompt with buttons; Answer opens the modal
// and the code typed there is read.
func TestPromptWithoutButtonsOpensTheModalAtOnce(t *testing.T) {
	t.Parallel()
	// A modal can only be the immediate answer: the bot answers at once
	// by choice, not by the machine's speed (a deferral under load would
	// turn it into an edit).
	e := newEnv(t, func(c *Config) { c.DeferAfter = time.Minute })
	u := e.dmUser("701", "Luc", "fr")
	u.onboard()
	p := u.press(u.slash("link"), "J'ai un code")
	expect(t, p, "Tapez le code affiché par /link", "« Retour", "✏️ Répondre")
	r := u.press(p, "✏️ Répondre")
	if len(r) != 1 || !r[0].modal {
		t.Fatalf("want a modal:\n%s", show(r))
	}
	expect(t, r, "Tapez le code affiché par /link", "Votre réponse")
	expect(t, u.submit("ZZZZ-ZZZZ"), "Ce code est erroné ou a expiré")
}
