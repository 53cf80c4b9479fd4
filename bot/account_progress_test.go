package bot

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The coach turns tracking on for Maria; she logs her weight and waist by
// typing and with a button, sees her history and change; an implausible
// value is refused; the coach sees it all on her page.
func TestMyProgressLogAndHistory(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	maria, ana := user{"50", "Maria", "en"}, user{"51", "Ana", "en"}
	h.onboard(maria)
	h.onboard(ana)
	h.acctMakeCoach(ana)
	h.acctGrant(maria, 5)

	expect(t, h.send(maria, "/progress"), "Progress tracking isn't turned on for you yet — ask your coach")
	expect(t, h.send(maria, "/progress weight 72.5"), "isn't turned on")

	r := h.send(ana, "/progress mar")
	expect(t, r, "📈 Progress of Maria", "Tracking is off.", "[✅ Turn tracking on]")
	r = h.press(ana, r, "Turn tracking on")
	expect(t, r, "Tracking turned on.", "Tracking is on", "[⏸ Turn tracking off]")
	expect(t, h.send(ana, "/progress nobody"), "None of your clients matches “nobody”.")
	// Maria hears of it, once, with her page a tap away.
	r = h.delivered(maria, core.NoticeProgressOn)
	expect(t, r, "📈 Ana Martin turned on progress tracking for you. Log your measurements any time: type e.g. “weight 72.5”", "[📈 My progress]")
	h.must(h.svc.Coaching.EnableProgress(h.ctx, h.demo.Coach.ID, h.acctClient(maria), true))
	if n := h.notices(core.NoticeFilter{Kind: core.NoticeProgressOn}); len(n) != 1 {
		t.Fatalf("turned on twice: %d notices", len(n))
	}

	r = h.press(maria, r, "My progress")
	expect(t, r, "📈 Your progress", "Nothing logged yet.", "type e.g. “weight 72.5”", "[⚖️ Weight]", "[📏 Waist]", "[🦵 Thigh]")
	r = h.send(maria, "weight 72.5")
	expect(t, r, "✅ Logged: weight 72.5 kg.", "⚖️ Weight: 72.5 kg", "• Tue 2 Jun, 10:00 — weight 72.5 kg")

	h.clock.Advance(7 * 24 * time.Hour)
	r = h.press(maria, h.send(maria, "/progress"), "Weight")
	expect(t, r, "Type your weight in kg (e.g. 72.5):")
	r = h.send(maria, "71,8")
	expect(t, r, "✅ Logged: weight 71.8 kg.", "⚖️ Weight: 71.8 kg (−0.7 kg since Tue 2 Jun)")
	r = h.send(maria, "waist 80 cm\nHips: 95")
	expect(t, r, "✅ Logged: waist 80 cm, hips 95 cm.", "📏 Waist: 80 cm", "• Tue 9 Jun, 10:00 — hips 95 cm")
	r = h.send(maria, "weight 725")
	expect(t, r, "Your weight should be between 20 and 400 kg — nothing was logged for it.")
	expect(t, h.send(maria, "shoe size 42"), "I didn't understand “shoe size 42”.")
	h.clock.Advance(time.Hour)
	expect(t, h.send(maria, "hello?"), "I work best with buttons")
	h.clock.Advance(-time.Hour)

	p, err := h.svc.Coaching.Measurements(h.ctx, 0, h.acctClient(maria), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Measurements) != 4 || p.Measurements[3].Value != 72.5 || p.Measurements[3].Kind != core.MeasureWeight {
		t.Fatalf("stored = %+v", p.Measurements)
	}

	r = h.send(ana, "/progress Maria")
	expect(t, r, "📈 Progress of Maria", "⚖️ Weight: 71.8 kg (−0.7 kg since Tue 2 Jun)", "• Tue 9 Jun, 10:00 — hips 95 cm")
	r = h.press(ana, r, "Turn tracking off")
	expect(t, r, "Tracking turned off; the history stays.")
	r = h.send(maria, "/progress")
	expect(t, r, "isn't turned on", "• Tue 9 Jun, 10:00 — waist 80 cm")

	// A client cannot press the coach's buttons.
	expect(t, h.pressData(maria, encode("pgo", id36(h.acctClient(maria)), "1")), "This button has expired")
}

// French readers log with French words and decimal commas.
func TestMyProgressFrench(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	luc, ana := user{"52", "Luc", "fr"}, user{"53", "Ana", "en"}
	h.onboard(luc)
	h.onboard(ana)
	h.acctMakeCoach(ana)
	h.acctGrant(luc, 5)
	if err := h.svc.Coaching.EnableProgress(h.ctx, h.demo.Coach.ID, h.acctClient(luc), true); err != nil {
		t.Fatal(err)
	}
	r := h.send(luc, "/progress")
	expect(t, r, "📈 Vos progrès", "Rien d'enregistré", "[⚖️ Poids]", "[📏 Tour de taille]")
	r = h.send(luc, "poids 80,4")
	expect(t, r, "✅ Enregistré : poids 80,4 kg.", "⚖️ Poids : 80,4 kg", "• mar. 2 juin, 10:00 — poids 80,4 kg")
	expect(t, h.send(luc, "taille 500"), "Votre tour de taille doit être entre 30 et 250 cm — rien n'a été enregistré.")
}
