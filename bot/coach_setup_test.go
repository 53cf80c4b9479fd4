package bot

import (
	"slices"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// Weekly hours are typed one day a line, exceptions one date at a time,
// the spacing rules picked in a form; each change is stored at once.
func TestCoachSetsAvailability(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	r := h.send(anaCoach, "/availability")
	expect(t, r, "🕘 Your hours for 1:1 bookings (Europe/Paris):", "Mon 09:00–17:00", "Sat —", "Sun —",
		"notice 12 h · bookable 30 days ahead · a slot every 30 min")
	h.press(anaCoach, r, "Weekly hours")
	expect(t, h.send(anaCoach, "funday 9-10"), "⚠️ Start each line with a day")
	r = h.send(anaCoach, "mon 09:00-12:00 14:00-18:00\nsat 10h-12h\nfri off")
	expect(t, r, "✅ Availability saved.", "Mon 09:00–12:00, 14:00–18:00", "Fri —", "Sat 10:00–12:00", "Tue 09:00–17:00")
	r = h.press(anaCoach, r, "Exception")
	expect(t, r, "Type a date and “off”")
	r = h.send(anaCoach, "10/06 off")
	expect(t, r, "• Wed 10 Jun: off")
	h.press(anaCoach, r, "Exception")
	r = h.send(anaCoach, "2026-06-13 off 10:00-11:00")
	expect(t, r, "• Sat 13 Jun: off +10:00–11:00", "[🗑 Wed 10 Jun]")
	r = h.press(anaCoach, r, "🗑 Wed 10 Jun")
	acctAbsent(t, r, "Wed 10 Jun: off")
	r = h.press(anaCoach, r, "Buffers, notice, horizon")
	expect(t, r, "• Buffer before: 0", "• Minimum notice: 12 h", "• Bookable ahead: 30 days")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Buffer before"), "15 min")
	expect(t, r, "• Buffer before: 15 min")
	h.press(anaCoach, r, "✏️ Bookable ahead")
	r = h.send(anaCoach, "2 weeks")
	expect(t, r, "⚠️ Give a duration")
	r = h.send(anaCoach, "14 days")
	r = h.press(anaCoach, r, "Save")
	expect(t, r, "✅ Availability saved.", "Buffers: 15 min before, 0 min after · notice 12 h · bookable 14 days ahead")
	expect(t, h.send(anaCoach, "/availability tue 08:00-09:00"), "Tue 08:00–09:00")

	a, err := h.svc.Slots.CoachAvailability(h.ctx, h.demo.Coach.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Weekly[time.Monday]) != 2 || len(a.Weekly[time.Friday]) != 0 || a.Weekly[time.Saturday][0].Start != 600 ||
		a.BufferBefore != 15*time.Minute || a.Horizon != 14*24*time.Hour || len(a.Exceptions) != 1 ||
		a.Exceptions[0].Date != "2026-06-13" || !a.Exceptions[0].Off {
		t.Fatalf("availability = %+v", a)
	}
}

// A new type is made in a form; editing a type's price leaves a session
// already scheduled at the old price; retiring hides it from clients.
func TestCoachManagesSessionTypes(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	scheduled := h.acctSession(48*time.Hour, core.ModeInPerson)
	r := h.send(anaCoach, "/types")
	expect(t, r, "🧩 Your session types:", "• Standard session — 1 h · €50.00 or 1 credit · 1:1 · online or in person",
		"• Yoga flow (group) — 1 h · €15.00 or 1 credit · 8 seats · in person")
	r = h.press(anaCoach, r, "New session type")
	expect(t, r, "🧩 New session type.", "• Duration: 1 h", "• Price: 0", "• Seats: 1")
	r = h.press(anaCoach, r, "✅ Save")
	expect(t, r, "⚠️ A session type needs a name.")
	h.press(anaCoach, r, "✏️ Name")
	h.send(anaCoach, "Deep tissue")
	r = h.press(anaCoach, h.press(anaCoach, h.send(anaCoach, "?"), "✏️ Duration"), "90 min")
	h.press(anaCoach, r, "✏️ Price")
	r = h.send(anaCoach, "80")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Credits"), "2")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Mode"), "online")
	expect(t, r, "• Name: Deep tissue", "• Duration: 90 min", "• Price: €80.00", "• Credits (passes): 2", "• Mode: online")
	r = h.press(anaCoach, r, "✅ Save")
	expect(t, r, "✅ “Deep tissue” saved.", "• Deep tissue — 90 min · €80.00 or 2 credits · 1:1 · online")

	r = h.press(anaCoach, r, "✏️ Standard session")
	expect(t, r, "🧩 Edit “Standard session”.", "• Price: €50.00", "[🗄 Retire]")
	h.press(anaCoach, r, "✏️ Price")
	r = h.press(anaCoach, h.send(anaCoach, "60,00"), "✅ Save")
	expect(t, r, "• Standard session — 1 h · €60.00 or 1 credit")
	if s := h.session(scheduled.ID); s.Price.Amount != 5000 {
		t.Fatalf("scheduled session now costs %d", s.Price.Amount)
	}
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Standard session"), "Retire")
	expect(t, r, "🗄 “Standard session” is retired", "Standard session — 1 h · €60.00 or 1 credit · 1:1 · online or in person 🗄 (retired)")
	offered, err := h.svc.Catalog.SessionTypes(h.ctx, h.demo.Coach.ID)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(offered, func(x *core.SessionType) bool { return x.ID == h.demo.Standard.ID }) {
		t.Fatal("a retired type is still offered")
	}
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Standard session"), "Offer again")
	expect(t, r, "♻️ “Standard session” is offered again.")
}

// A package is created covering one type; retiring a package keeps the
// passes already sold.
func TestCoachManagesPackages(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, pass := h.coachClient("maria", "Maria", 10)
	_ = maria
	r := h.send(anaCoach, "/packs")
	expect(t, r, "🎟 Your packages:", "• 5 sessions — 5 credits, €225.00, valid 90 days")
	r = h.press(anaCoach, r, "New package")
	expect(t, r, "• Covers: all your session types", "• Credit taken: at booking")
	h.press(anaCoach, r, "✏️ Name")
	h.send(anaCoach, "Trial 3")
	h.press(anaCoach, h.send(anaCoach, "?"), "✏️ Credits")
	h.send(anaCoach, "3")
	h.press(anaCoach, h.send(anaCoach, "?"), "✏️ Price")
	h.send(anaCoach, "60 EUR")
	r = h.press(anaCoach, h.press(anaCoach, h.send(anaCoach, "?"), "✏️ Valid"), "30")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Covers"), "Yoga flow")
	expect(t, r, "• Covers: Yoga flow (group)")
	r = h.press(anaCoach, r, "✅ Save")
	expect(t, r, "✅ “Trial 3” saved.", "• Trial 3 — 3 credits, €60.00, valid 30 days")
	pks, err := h.svc.Catalog.CoachPackages(h.ctx, h.demo.Coach.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := pks[len(pks)-1]
	if last.Name != "Trial 3" || len(last.TypeIDs) != 1 || last.TypeIDs[0] != h.demo.Class.ID || last.Price.Amount != 6000 {
		t.Fatalf("package = %+v", last)
	}
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ 10 sessions"), "Retire")
	expect(t, r, "🗄 “10 sessions” is no longer sold; passes already sold stay valid.")
	if got := h.acctPass(pass.ID); got.CreditsLeft != 10 || got.Credits != 10 {
		t.Fatalf("Maria's pass = %+v", got)
	}
	if _, err := h.svc.Passes.BuyPackage(h.ctx, h.acctClient(maria), h.demo.Packs[1].ID); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("buying a retired package: %v", err)
	}
}

// A weekly series is created from one form, with its deadline, links and
// an announcement of the first date in the linked channel.
func TestCoachCreatesGroupSeries(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	if err := h.svc.Channels.LinkChannel(h.ctx, &core.Channel{CoachID: h.demo.Coach.ID, Platform: "test", ChatID: "grp", Title: "Yoga fans"}); err != nil {
		t.Fatal(err)
	}
	r := h.send(anaCoach, "/newclass")
	expect(t, r, "➕ New group session (times in Europe/Paris).", "• Weeks: Once", "• Booking closes: at the start", "• Announce in my channels: no")
	r = h.press(anaCoach, r, "✅ Create")
	expect(t, r, "⚠️ Pick a type and a start first.")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Type"), "Yoga flow")
	expect(t, r, "• Type: Yoga flow (group)", "• Seats: 8", "• Place: Studio Lilas, Paris")
	h.press(anaCoach, r, "✏️ Start")
	r = h.send(anaCoach, "2026-06-09 19:00")
	expect(t, r, "• Start: Tue 9 Jun, 19:00")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Weeks"), "4")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Booking closes"), "2 h")
	h.press(anaCoach, r, "✏️ Seats")
	h.send(anaCoach, "10")
	h.press(anaCoach, h.send(anaCoach, "?"), "✏️ Documents and links")
	r = h.send(anaCoach, "https://x.example/plan.pdf https://x.example/music")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ Announce"), "yes")
	expect(t, r, "• Booking closes: 2 h before", "• Seats: 10", "• Weeks: 4", "• Announce in my channels: yes")
	r = h.press(anaCoach, r, "✅ Create")
	expect(t, r, "✅ 4 sessions created:", "Tue 9 Jun, 19:00", "Tue 30 Jun, 19:00", "📣 The first one is announced in 1 linked chat.")
	paris, _ := time.LoadLocation("Europe/Paris")
	from := time.Date(2026, 6, 9, 0, 0, 0, 0, paris)
	ag, err := h.svc.Coaching.Agenda(h.ctx, h.demo.Coach.ID, from, from.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var mine []*core.Session
	for _, e := range ag {
		if e.Session.Capacity == 10 {
			mine = append(mine, e.Session)
		}
	}
	if len(mine) != 4 || !mine[0].Deadline.Equal(mine[0].Start.Add(-2*time.Hour)) || len(mine[3].Links) != 2 {
		t.Fatalf("series = %d sessions, first %+v", len(mine), mine[0])
	}
	if n := len(h.notices(core.NoticeFilter{Kind: core.NoticeAnnounce})); n != 1 {
		t.Fatalf("%d announcements", n)
	}
}

// Policies: a late fee needs its amount; saved rules apply to the next
// cancellation preview.
func TestCoachSetsPolicies(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	r := h.send(anaCoach, "/policy")
	expect(t, r, "📜 Your house rules.", "• Late cancellation within: 24 h", "• A late cancel: forfeits the credit or payment",
		"• Held seats wait for payment: 30 min", "• Reminders before: 24 h, 1 h")
	r = h.press(anaCoach, h.press(anaCoach, r, "✏️ A late cancel"), "costs a fee")
	r = h.press(anaCoach, r, "✅ Save")
	expect(t, r, "⚠️ A late-cancel fee needs an amount.")
	h.press(anaCoach, r, "✏️ Late fee")
	h.send(anaCoach, "12.50")
	r = h.press(anaCoach, h.press(anaCoach, h.send(anaCoach, "?"), "✏️ Late cancellation within"), "2 days")
	h.press(anaCoach, r, "✏️ Reminders before")
	r = h.send(anaCoach, "48h 2h")
	expect(t, r, "• Late fee: €12.50", "• Late cancellation within: 2 days", "• Reminders before: 2 days, 2 h")
	r = h.press(anaCoach, r, "✅ Save")
	expect(t, r, "✅ Rules saved.", "🧑‍🏫 Coach menu")
	var c *core.Coach
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { c, err = tx.Coach(h.demo.Coach.ID); return }); err != nil {
		t.Fatal(err)
	}
	p := c.Policy
	if p.CancelWindow != 48*time.Hour || p.LateOutcome != core.LateFee || p.LateFee.Amount != 1250 ||
		!slices.Equal(p.ReminderOffsets, []time.Duration{48 * time.Hour, 2 * time.Hour}) {
		t.Fatalf("policy = %+v", p)
	}
	maria, _ := h.coachClient("maria", "Maria", 10)
	res := h.acctBook(maria, h.class("2026-06-03", "18:00", 8).ID, false) // inside 48 h
	out, err := storetest.CancelPreview(h.ctx, h.svc, h.acctClient(maria), res.Booking.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Late || out.Fee.Amount != 1250 {
		t.Fatalf("preview = %+v", out)
	}
}

// A French coach reads every screen and refusal in French.
func TestCoachInFrench(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	h.send(anaCoach, "/language fr")
	expect(t, h.send(anaCoach, "/agenda"), "📅 Aujourd'hui, mar. 2 juin (Europe/Paris) :", "Aucune séance.")
	r := h.press(anaCoach, h.send(anaCoach, "/availability"), "Horaires de la semaine")
	expect(t, r, "Tapez une ligne par jour")
	expect(t, h.send(anaCoach, "xyz 9-10"), "⚠️ Commencez chaque ligne par un jour")
	expect(t, h.send(anaCoach, "lun 08:00-12:00"), "✅ Disponibilités enregistrées.", "lun. 08:00–12:00")
	expect(t, h.send(anaCoach, "/late 0"), "Indiquez votre retard en minutes, de 1 à 240.")
	expect(t, h.send(anaCoach, "/late 10"), "Vous n'avez plus de séance aujourd'hui.")
	expect(t, h.send(anaCoach, "/policy"), "📜 Vos règles.", "• Une annulation tardive : fait perdre le crédit ou le paiement")
	expect(t, h.send(anaCoach, "/types"), "🧩 Vos types de séance :", "• Standard session — 1 h · "+acctEUR("fr", 5000)+" ou 1 crédit · individuel · en ligne ou en présentiel")
	expect(t, h.send(anaCoach, "/clients"), "👥 Pas encore de clients.")
	expect(t, h.send(anaCoach, "/cancelday demain"), "Vous n'avez plus de séance le mer. 3 juin.")
}
