package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// /coach opens the menu with today's count and a button per area, in the
// coach's language.
func TestCoachMenu(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	r := h.send(anaCoach, "/coach")
	expect(t, r, "🧑‍🏫 Coach menu — Ana Martin (Europe/Paris)", "Today: 0 sessions.", "[📅 Today]", "[🗓 Next 7 days]",
		"[👥 Clients]", "[➕ Group session]", "[🕘 Availability]", "[📜 Policies]", "[🧩 Session types]", "[🎟 Packages]",
		"[📣 Announce]", "[🚨 Disruptions]")
	acctNoButton(t, r, "Invite a coach") // Ana is not an owner
	if err := h.svc.Channels.LinkChannel(h.ctx, &core.Channel{CoachID: h.demo.Coach.ID, Platform: "test", ChatID: "grp", Title: "Yoga fans"}); err != nil {
		t.Fatal(err)
	}
	expect(t, h.press(anaCoach, r, "Announce"), "Which session should I announce?", "Yoga flow (group) · Thu 4 Jun")
	expect(t, h.send(anaCoach, "/announce New mats in the studio!"), "Posting to 1 linked chat.")
	if ns := h.notices(core.NoticeFilter{Kind: core.NoticeAnnounce}); len(ns) != 1 || ns[0].Data["text"] != "New mats in the studio!" {
		t.Fatalf("announcements = %+v", ns)
	}
	h.send(anaCoach, "/language fr")
	expect(t, h.send(anaCoach, "/coach"), "🧑‍🏫 Menu coach — Ana Martin (Europe/Paris)", "Aujourd'hui : 0 séance.",
		"[📅 Aujourd'hui]", "[🚨 Imprévus]")
	expect(t, h.send(anaCoach, "/help"), "/coach ouvre votre menu")
}

// A client who sends each coach command, or presses forged coach buttons
// with real ids, is refused politely and nothing in the database changes.
func TestClientRefusedEveryCoachCommandAndButton(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, pass := h.coachClient("maria", "Maria", 10)
	class := h.demo.Classes[0]
	res := h.acctBook(maria, class.ID, false)
	paul, _ := h.coachClient("paul", "Paul", 0)
	one := h.acctSession(48*time.Hour, core.ModeInPerson)
	paid := h.acctBook(paul, one.ID, false)
	if paid.Payment == nil {
		t.Fatal("Paul's booking awaits no payment")
	}
	before := h.snapshot()
	sid, bid, cid := id36(class.ID), id36(res.Booking.ID), id36(h.acctClient(paul))
	commands := []string{"/coach", "/coach ABCD-EFGH", "/agenda", "/agenda week", "/clients", "/clients mar", "/types",
		"/packs", "/newclass", "/availability", "/availability mon 09:00-10:00", "/policy", "/cancelday tomorrow ill",
		"/cancelday", "/move 1 19:00", "/move", "/late 15", "/late", "/share 1 https://x.example/a", "/addcoach",
		"/addcoach test:maria", "/announce Come along!"}
	for _, c := range commands {
		r := h.send(maria, c)
		text := render(r)
		if !strings.Contains(text, "coaches only") && !strings.Contains(text, "Only the owners") && !strings.Contains(text, "Only coaches") &&
			!strings.Contains(text, "invite code is wrong") {
			t.Fatalf("%s: not refused:\n%s", c, text)
		}
	}
	buttons := [][]string{{"co"}, {"cag", "d"}, {"cag", "w"}, {"cs", sid}, {"cat", bid, "1"}, {"cse", sid}, {"csm", sid},
		{"csl", sid}, {"csl", id36(one.ID), cid}, {"csb", sid}, {"csbk", sid, cid}, {"csx", sid}, {"cfy", "1"}, {"cf", "1", "0"},
		{"cfc", "1", "0", "0"}, {"cfa", "1", "0"}, {"cfb", "1"}, {"ccl"}, {"ccs"}, {"cc", cid}, {"cca", id36(pass.ID)},
		{"ccg", cid}, {"ccd", cid}, {"cpp", id36(paid.Payment.ID)}, {"cpr", id36(paid.Payment.ID)}, {"cpry", id36(paid.Payment.ID)}, {"cty"}, {"ctn"},
		{"cte", id36(h.demo.Class.ID)}, {"cpk"}, {"cpn"}, {"cpe", id36(h.demo.Packs[0].ID)}, {"cgs"}, {"cav"}, {"cavw"},
		{"cave"}, {"cavd", "2026-06-10"}, {"cavs"}, {"cpo"}, {"cdis"}, {"cdc"}, {"cdl", "15"}, {"cdm"}, {"cinv"}, {"cmk"}}
	for _, bt := range buttons {
		r := h.pressData(maria, encode(bt[0], bt[1:]...))
		text := render(r)
		if !strings.Contains(text, "coaches only") && !strings.Contains(text, "Only the owners") {
			t.Fatalf("%v: not refused:\n%s", bt, text)
		}
		if bt[0] != "cinv" && bt[0] != "cmk" && r[0].Toast != "For coaches only." {
			t.Fatalf("%v: toast %q", bt, r[0].Toast)
		}
	}
	// Typed text after all that is not taken as an admin answer either.
	expect(t, h.send(maria, "2026-06-04 off"), "I work best with buttons")
	if after := h.snapshot(); after != before {
		t.Fatalf("refused actions changed rows:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	expect(t, h.send(maria, "/coach"), "🔒 This is for coaches only, so nothing was changed.")
	maria.lang = "fr"
	h.send(maria, "/language fr")
	expect(t, h.send(maria, "/agenda"), "🔒 Ceci est réservé aux coachs : rien n'a été modifié.")
}

// An owner makes a coach with an invite code, or directly by account; a
// non-owner cannot; a used code is refused.
func TestOwnerAddsCoaches(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	olga := user{"olga", "Olga", "en"}
	h.onboard(olga)
	expect(t, h.send(anaCoach, "/addcoach"), "🔒 Only the owners can add coaches.")
	r := h.send(olga, "/coach")
	expect(t, r, "You are an owner but not a coach yet.", "[🧑‍🏫 Make me a coach]", "[✉️ Invite a coach]")
	r = h.press(olga, r, "Invite a coach")
	expect(t, r, "✉️ Invite code: ", "The new coach sends: /coach ")
	text := r[0].Text
	code := strings.Fields(text[strings.Index(text, "/coach ")+len("/coach "):])[0]

	ben := user{"ben", "Ben", "en"}
	h.onboard(ben)
	expect(t, h.send(ben, "/agenda"), "coaches only")
	r = h.send(ben, "/coach "+strings.ToLower(code))
	expect(t, r, "🎉 Welcome aboard, Ben: you are now a coach.", "🧑‍🏫 Coach menu — Ben (Europe/Paris)")
	expect(t, h.send(ben, "/agenda"), "📅 Today, Tue 2 Jun (Europe/Paris):", "No sessions.")
	leo := user{"leo", "Leo", "en"}
	h.onboard(leo)
	expect(t, h.send(leo, "/coach "+code), "That invite code is wrong or has expired.")
	expect(t, h.send(leo, "/agenda"), "coaches only")

	expect(t, h.send(olga, "/addcoach test:nobody"), "Nobody with that account has talked to me yet.")
	expect(t, h.send(olga, "/addcoach leo"), "Send /addcoach alone for an invite code")
	expect(t, h.send(olga, "/addcoach test:leo"), "✅ Leo is now a coach.")
	expect(t, h.send(leo, "/coach"), "🧑‍🏫 Coach menu — Leo")
	expect(t, h.send(olga, "/addcoach test:leo"), "That person is already a coach.")
	r = h.press(olga, h.send(olga, "/coach"), "Make me a coach")
	expect(t, r, "🎉 Welcome aboard, Olga", "[✉️ Invite a coach]")
	// Leo's agenda is his own: Ana's session is not his to open.
	expect(t, h.pressData(leo, encode("cs", id36(h.demo.Classes[0].ID))), "That session belongs to another coach.")
}
