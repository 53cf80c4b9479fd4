package bot

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// ntPerson onboards u in Paris and returns their client record.
func ntPerson(h *harness, u user) *core.Client {
	h.t.Helper()
	h.onboardIn(u)
	p, err := h.svc.Accounts.Identify(h.ctx, core.Identity{Platform: "test", UserID: u.id})
	if err != nil {
		h.t.Fatal(err)
	}
	return p.Client
}

// ntRender renders n and fails unless it yields one delivery to u's chat.
func ntRender(h *harness, n *core.Notice, chat string) Reply {
	h.t.Helper()
	ds, err := h.bot.RenderNotice(h.ctx, n)
	if err != nil {
		h.t.Fatalf("render %s: %v", n.Kind, err)
	}
	if len(ds) != 1 || ds[0].Reply.ChatID != chat || ds[0].Account.ChatID != chat {
		h.t.Fatalf("render %s: deliveries %+v, want one to %s", n.Kind, ds, chat)
	}
	return ds[0].Reply
}

// ntWorld is a harness with a client and the coach on chat, a booked
// class, a pass and a paid payment: rows every notice kind can name.
type ntWorld struct {
	h       *harness
	client  *core.Client
	coach   *core.Client
	booking *core.Booking
	pass    *core.Pass
	payment *core.Payment
}

func newNtWorld(t *testing.T, lang string) *ntWorld {
	h := newHarness(t)
	w := &ntWorld{h: h}
	w.client = ntPerson(h, user{"maria", "Maria", lang})
	w.coach = ntPerson(h, user{"ana", "Ana", lang})
	h.demo.Coach.ClientID = w.coach.ID
	if err := h.store.Update(h.ctx, func(tx core.Tx) error { return tx.UpdateCoach(h.demo.Coach) }); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.pass, err = h.svc.Passes.GrantPass(h.ctx, w.client.ID, h.demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	res, err := h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: w.client.ID, SessionID: h.demo.Classes[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	w.booking = res.Booking
	pk, err := h.svc.Passes.BuyPackage(h.ctx, w.client.ID, h.demo.Packs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if w.payment, err = h.svc.Payments.MarkPaymentPaid(h.ctx, pk.ID, core.MethodManual, ""); err != nil {
		t.Fatal(err)
	}
	return w
}

// notice builds a notice of kind about the world's rows.
func (w *ntWorld) notice(kind core.NoticeKind, toCoach bool, data map[string]string) *core.Notice {
	n := &core.Notice{ID: 1, Kind: kind, ToKind: core.ToClient, ToID: w.client.ID, BookingID: w.booking.ID,
		SessionID: w.booking.SessionID, Data: data, Due: w.h.clock.Now(), Status: core.NoticePending}
	if toCoach {
		n.ToKind, n.ToID = core.ToCoach, w.h.demo.Coach.ID
		if n.Data == nil {
			n.Data = map[string]string{}
		}
		n.Data["client_id"] = strconv.FormatInt(w.client.ID, 10)
	}
	return n
}

// Every kind of notice a person can receive has words in both languages,
// with no missing text and no formatting slip, and buttons that fit.
func TestRenderEveryNoticeKind(t *testing.T) {
	for _, lang := range []string{"en", "fr", "ru"} {
		t.Run(lang, func(t *testing.T) {
			w := newNtWorld(t, lang)
			pay := strconv.FormatInt(w.payment.ID, 10)
			pass := strconv.FormatInt(w.pass.ID, 10)
			later := w.h.clock.Now().Add(20 * time.Minute).Format(time.RFC3339)
			cases := []struct {
				kind    core.NoticeKind
				toCoach bool
				data    map[string]string
			}{
				{core.NoticeBooked, false, nil},
				{core.NoticeAwaitingPayment, false, map[string]string{"hold_until": later}},
				{core.NoticeWaitlisted, false, map[string]string{"position": "2"}},
				{core.NoticePromoted, false, nil},
				{core.NoticePromotedPay, false, map[string]string{"hold_until": later}},
				{core.NoticePromotionSkipped, false, nil},
				{core.NoticeCancelled, false, map[string]string{"late": "true", "credits_forfeited": "1", "fee": "EUR 15.00"}},
				{core.NoticeSessionCancelled, false, map[string]string{"reason": "ill", "credits_returned": "2", "refund": "EUR 50.00"}},
				{core.NoticeRescheduled, false, map[string]string{"from_start": later}},
				{core.NoticeHoldReleased, false, nil},
				{core.NoticePassGranted, false, map[string]string{"pass_id": pass}},
				{core.NoticePaymentPaid, false, map[string]string{"payment_id": pay}},
				{core.NoticeSessionUpdated, false, map[string]string{"changes": "time,place,link,price,notes,seats", "from_start": later}},
				{core.NoticeOfferExpired, false, map[string]string{"until": later}},
				{core.NoticePassExpiring, false, map[string]string{"pass_id": pass, "days": "7"}},
				{core.NoticePaymentLate, false, map[string]string{"payment_id": pay, "outcome": "refund"}},
				{core.NoticePaymentRefunded, false, map[string]string{"payment_id": pay}},
				{core.NoticeCreditsAdjusted, false, map[string]string{"pass_id": pass, "delta": "-2", "note": "make-up"}},
				{core.NoticeDayCancelled, false, map[string]string{"day": "2026-06-04", "reason": "ill", "credits_returned": "1",
					"items": w.h.demo.Classes[0].Start.Format(time.RFC3339) + "\t" + strconv.FormatInt(w.h.demo.Class.ID, 10) + "\tYoga flow (group)"}},
				{core.NoticeSessionMoved, false, map[string]string{"from_start": later}},
				{core.NoticeRunningLate, false, map[string]string{"minutes": "10"}},
				{core.NoticeDocument, false, map[string]string{"url": "https://example.com/plan.pdf"}},
				{core.NoticeCoachBooked, true, map[string]string{"status": "pending_payment"}},
				{core.NoticeCoachCancelled, true, map[string]string{"reason": "ill", "late": "true"}},
				{core.NoticeCoachRescheduled, true, map[string]string{"from_start": later}},
				{core.NoticeCoachPromoted, true, map[string]string{"status": "confirmed"}},
				{core.NoticeCoachRefundDue, true, map[string]string{"payment_id": pay, "amount": "EUR 50.00", "why": "late"}},
				{core.NoticeCoachPaid, true, map[string]string{"payment_id": pay, "amount": "EUR 225.00"}},
				{core.NoticeCoachPaid, true, map[string]string{"pass_id": pass, "credits": "1"}}, // paid with a pass (PayWithPass)
				{core.NoticeProgressOn, false, map[string]string{"coach_id": strconv.FormatInt(w.h.demo.Coach.ID, 10)}},
				{core.NoticeCoachAgenda, true, map[string]string{"day": "2026-06-04"}},
				{core.NoticeCoachDeadLetter, true, map[string]string{"kind": "reminder", "attempts": "8"}},
				{core.NoticeCoachUnreachable, true, map[string]string{"platform": "telegram"}},
				{core.NoticeCoachCalendarFailing, true, map[string]string{"calendar_id": "1", "name": "Work", "problem": "not_found"}},
				{core.NoticeCoachCalendarBack, true, map[string]string{"calendar_id": "1", "name": "Work"}},
				{core.NoticeCoachCalendarClash, true, map[string]string{"calendar_id": "1", "name": "Work",
					"busy_start": later, "busy_end": later, "booked": "1"}},
			}
			for _, c := range cases {
				chat := "chat-maria"
				if c.toCoach {
					chat = "chat-ana"
				}
				n := w.notice(c.kind, c.toCoach, c.data)
				if !needsSession(c.kind) {
					n.BookingID, n.SessionID = 0, 0 // as core writes them
				}
				r := ntRender(w.h, n, chat)
				if r.Text == "" || strings.Contains(r.Text, "%!") || strings.Contains(r.Text, "notice.") || strings.Contains(r.Text, "menu.") {
					t.Fatalf("%s: bad text %q", c.kind, r.Text)
				}
				for _, row := range r.Buttons {
					for _, b := range row {
						if len(b.Data) > 64 || b.Label == "" || strings.Contains(b.Label, ".") && !strings.Contains(b.Label, " ") {
							t.Fatalf("%s: bad button %+v", c.kind, b)
						}
					}
				}
			}
		})
	}
}

// The words of the notices people see most, checked in full.
func TestNoticeWords(t *testing.T) {
	w := newNtWorld(t, "fr")
	r := ntRender(w.h, w.notice(core.NoticeCancelled, false, map[string]string{"late": "true", "credits_forfeited": "1", "fee": "EUR 15.00"}), "chat-maria")
	expect(t, []Reply{r}, "❌ Annulé : Yoga flow (group), jeu. 4 juin, 18:30.", "Annulation tardive : 1 crédit est perdu.",
		"Des frais d'annulation tardive de 15,00\u00a0€ sont dus.")
	paid := w.notice(core.NoticePaymentPaid, false, map[string]string{"payment_id": strconv.FormatInt(w.payment.ID, 10)})
	paid.BookingID, paid.SessionID = 0, 0
	r = ntRender(w.h, paid, "chat-maria")
	expect(t, []Reply{r}, "🧾 Reçu : 400,00\u00a0€ reçus pour 10 sessions le mar. 2 juin", "payé à votre coach")
	r = ntRender(w.h, w.notice(core.NoticeCoachAgenda, true, map[string]string{"day": "2026-06-04"}), "chat-ana")
	expect(t, []Reply{r}, "☀️ Votre journée, jeu. 4 juin :\n• 18:30 Yoga flow (group) — 1/8 inscrits")
	failing := w.notice(core.NoticeCoachCalendarFailing, true, map[string]string{"calendar_id": "1", "name": "Perso", "problem": "not_found"})
	failing.BookingID, failing.SessionID = 0, 0
	r = ntRender(w.h, failing, "chat-ana")
	expect(t, []Reply{r}, "⚠️ Je n'arrive plus à lire votre agenda « Perso » depuis une heure. Cette adresse d'agenda n'existe plus")
	start := w.h.demo.Classes[0].Start
	clash := w.notice(core.NoticeCoachCalendarClash, true, map[string]string{"calendar_id": "1", "name": "Perso",
		"busy_start": start.Add(30 * time.Minute).Format(time.RFC3339), "busy_end": start.Add(90 * time.Minute).Format(time.RFC3339), "booked": "1"})
	clash.BookingID = 0 // a group class: how many are booked
	r = ntRender(w.h, clash, "chat-ana")
	expect(t, []Reply{r}, "📆 Un nouveau créneau occupé de votre agenda « Perso » (jeu. 4 juin, 19:00–20:00) chevauche Yoga flow (group) le jeu. 4 juin, 18:30 avec 1 personne inscrite.")
	if len(r.Buttons) != 1 || !strings.HasSuffix(r.Buttons[0][0].Data, ":csm:"+id36(w.h.demo.Classes[0].ID)) ||
		!strings.HasSuffix(r.Buttons[0][1].Data, ":csx:"+id36(w.h.demo.Classes[0].ID)) {
		t.Fatalf("clash buttons %+v", r.Buttons)
	}
	r = ntRender(w.h, w.notice(core.NoticeSessionUpdated, false, map[string]string{"changes": "place"}), "chat-maria")
	expect(t, []Reply{r}, "✏️ Ana Martin a modifié Yoga flow (group) :", "📍 Lieu : Studio Lilas, Paris", "🕒 jeu. 4 juin, 18:30")
}

// A reminder of a booking cancelled, or of a session under way, is not
// sent; nor is a notice to someone with no chat, or to a coach without one.
func TestObsoleteAndUnreachableNotices(t *testing.T) {
	w := newNtWorld(t, "en")
	h := w.h
	reminder := w.notice(core.NoticeReminder, false, map[string]string{"before": "24h0m0s"})
	h.clock.Set(h.demo.Classes[0].Start.Add(-24 * time.Hour))
	r := ntRender(h, reminder, "chat-maria")
	expect(t, []Reply{r}, "⏰ Reminder: Yoga flow (group) with Ana Martin starts in 24 h — Thu 4 Jun, 18:30.", "📍 Studio Lilas, Paris", "Cancel")
	h.clock.Set(h.demo.Classes[0].Start.Add(time.Minute))
	if _, err := h.bot.RenderNotice(h.ctx, reminder); !errors.Is(err, ErrObsolete) {
		t.Fatalf("reminder after the start: %v", err)
	}
	h.clock.Set(tuesday10)
	if _, _, err := h.svc.Bookings.Cancel(h.ctx, core.CancelRequest{ClientID: w.client.ID, BookingID: w.booking.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.bot.RenderNotice(h.ctx, reminder); !errors.Is(err, ErrObsolete) {
		t.Fatalf("reminder of a cancelled booking: %v", err)
	}
	offline := &core.Client{Name: "Offline"}
	if err := h.svc.Accounts.CreateClient(h.ctx, offline); err != nil {
		t.Fatal(err)
	}
	n := w.notice(core.NoticePassGranted, false, map[string]string{"pass_id": strconv.FormatInt(w.pass.ID, 10)})
	n.ToID = offline.ID
	if ds, err := h.bot.RenderNotice(h.ctx, n); err != nil || len(ds) != 0 {
		t.Fatalf("to a client without chat: %v, %v", ds, err)
	}
}

// A seat freed inside the late window is offered with Accept and Pass;
// the buttons work once, for the right person only.
func TestOfferButtons(t *testing.T) {
	h := newHarness(t)
	seated, first, second := user{"seated", "Seated", "en"}, user{"first", "First", "en"}, user{"second", "Second", "fr"}
	sess, err := h.svc.Catalog.ScheduleSession(h.ctx, core.ScheduleRequest{CoachID: h.demo.Coach.ID, TypeID: h.demo.Class.ID,
		Start: tuesday10.Add(8 * time.Hour), Capacity: 1})
	if err != nil {
		t.Fatal(err)
	}
	var bs []*core.Booking
	for _, u := range []user{seated, first, second} {
		c := ntPerson(h, u)
		if _, err := h.svc.Passes.GrantPass(h.ctx, c.ID, h.demo.Packs[0].ID, "manual"); err != nil {
			t.Fatal(err)
		}
		res, err := h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
		if err != nil {
			t.Fatal(err)
		}
		bs = append(bs, res.Booking)
	}
	if _, _, err := h.svc.Bookings.Cancel(h.ctx, core.CancelRequest{ClientID: bs[0].ClientID, BookingID: bs[0].ID}); err != nil {
		t.Fatal(err)
	}
	offer := func(b *core.Booking, chat string) Reply {
		var ns []*core.Notice
		if err := h.store.View(h.ctx, func(tx core.Tx) (err error) {
			ns, err = tx.Notices(core.NoticeFilter{BookingID: b.ID, Kind: core.NoticeOffer})
			return err
		}); err != nil || len(ns) != 1 {
			t.Fatalf("offer notices %v, %v", ns, err)
		}
		return ntRender(h, ns[0], chat)
	}
	r := offer(bs[1], "chat-first")
	expect(t, []Reply{r}, "A seat opened up in Yoga flow (group) with Ana Martin, Tue 2 Jun, 18:00. It's yours if you accept by Tue 2 Jun, 10:30", "[✅ Accept] [🙅 Pass]")
	// Someone else pressing it is refused by the server.
	expect(t, h.pressData(second, r.Buttons[0][0].Data), "Cette réservation n'est pas la vôtre.")
	// First passes: the seat is offered to Second, in French.
	expect(t, h.press(first, []Reply{r}, "Pass"), "Noted — the seat goes to the next person in line.")
	expect(t, h.press(first, []Reply{r}, "Accept"), "This offer is no longer open")
	r2 := offer(bs[2], "chat-second")
	expect(t, []Reply{r2}, "Une place est devenue disponible pour Yoga flow (group) avec Ana Martin, mar. 2 juin, 18:00.", "[✅ Accepter] [🙅 Je passe mon tour]")
	expect(t, h.press(second, []Reply{r2}, "Accepter"), "✅ La place est à vous : Yoga flow (group) avec Ana Martin, mar. 2 juin, 18:00.")
	if _, err := h.bot.RenderNotice(h.ctx, &core.Notice{Kind: core.NoticeOffer, ToKind: core.ToClient, ToID: bs[2].ClientID,
		BookingID: bs[2].ID, SessionID: sess.ID}); !errors.Is(err, ErrObsolete) {
		t.Fatalf("an accepted offer's notice: %v", err)
	}
}

// Money written by core reads back exactly; nothing else parses or panics.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"EUR 45.00", "JPY 500", "KWD 1.250", "free", "EUR -3.10", "EUR 4.5", "eur 1.00", "EUR", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := parseMoney(s)
		if !ok {
			return
		}
		if m.String() != s {
			t.Fatalf("parseMoney(%q) = %+v, which prints %q", s, m, m.String())
		}
	})
}

// humanLeft words the time to a session as reminders say it.
func TestHumanLeft(t *testing.T) {
	for d, want := range map[time.Duration]string{24 * time.Hour: "24 h", time.Hour: "1 h", 90 * time.Minute: "1 h 30",
		45 * time.Minute: "45 min", 72 * time.Hour: "3 days"} {
		if got := humanLeft("en", d); got != want {
			t.Errorf("humanLeft(%v) = %q, want %q", d, got, want)
		}
	}
}
