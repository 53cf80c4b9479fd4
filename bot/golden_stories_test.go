package bot

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// The stories of the golden transcripts (golden_test.go). Each starts on
// the demo studio on Tuesday 2 June 2026, 10:00 in Paris: coach Ana
// Martin, her 1:1 sessions, the weekly Yoga flow class on Thursdays at
// 18:30 and her packs of 5, 10 and 20 sessions.
func goldenStories() []goldenStory {
	return []goldenStory{
		{"01-class-with-a-pass", "A client books a class and pays with her pass", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			g.acctGrant(maria, 10)
			g.settle()
			g.note("Maria has a pass of 10 sessions")
			g.says(maria, "/classes")
			g.taps(maria, "Thu 4 Jun")
			g.taps(maria, "Book")
			g.says(maria, "/passes")
		}},
		{"02-one-to-one-paid-in-cash", "A client books a 1:1 and pays the coach in cash", "", func(g *golden) {
			jon := g.join("jon", "Jon", "en")
			g.says(jon, "/book")
			g.taps(jon, "Standard session")
			g.taps(jon, "In person")
			g.taps(jon, "Thu 4 Jun")
			g.taps(jon, "10:00")
			g.taps(jon, "Confirm")
			g.note("Jon pays Ana in cash at the studio")
			g.says(g.coach, "/clients")
			g.taps(g.coach, "Jon")
			g.taps(g.coach, "paid")
		}},
		{"03-waitlist-and-promotion", "A full class, the waitlist, and a spot that frees up", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			jon := g.join("jon", "Jon", "en")
			priya := g.join("priya", "Priya", "en")
			for _, u := range []user{maria, jon, priya} {
				g.acctGrant(u, 5)
			}
			class := g.class("2026-06-05", "12:30", 2)
			g.acctBook(jon, class.ID, false)
			g.acctBook(priya, class.ID, false)
			g.settle()
			g.note("Ana runs a two-seat class on Friday at 12:30; Jon and Priya have the seats; everyone has a pass of 5 sessions")
			g.says(maria, "/classes")
			g.taps(maria, "Fri 5 Jun")
			g.taps(maria, "waitlist")
			g.says(jon, "/mybookings")
			g.taps(jon, "Fri 5 Jun")
			g.taps(jon, "Cancel")
			g.taps(jon, "Schedule conflict")
			g.taps(jon, "Confirm")
		}},
		{"04-late-cancel-forfeits-a-credit", "A late cancel forfeits the credit", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			g.acctGrant(maria, 5)
			g.acctBook(maria, g.acctSession(5*time.Hour, core.ModeInPerson).ID, false)
			g.settle()
			g.note("Maria booked a 1:1 at 15:00 today with her pass of 5 sessions; Ana's late window is 24 hours")
			g.says(maria, "/mybookings")
			g.taps(maria, "Tue 2 Jun")
			g.taps(maria, "Cancel")
			g.taps(maria, "sick")
			g.taps(maria, "Confirm")
		}},
		{"05-late-cancel-with-a-fee", "A late cancel with a fee", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			p := core.DefaultPolicy()
			p.LateOutcome, p.LateFee = core.LateFee, core.Money{Amount: 1000, Currency: "EUR"}
			g.must(g.svc.Catalog.SetPolicy(g.ctx, g.demo.Coach.ID, p))
			g.acctGrant(maria, 5)
			g.acctBook(maria, g.acctSession(5*time.Hour, core.ModeInPerson).ID, false)
			g.settle()
			g.note("Ana charges €10 for a cancel inside 24 hours; Maria booked a 1:1 at 15:00 today with her pass")
			g.says(maria, "/mybookings")
			g.taps(maria, "Tue 2 Jun")
			g.taps(maria, "Cancel")
			g.taps(maria, "conflict")
			g.taps(maria, "Confirm")
			g.says(maria, "/payments")
		}},
		{"06-coach-cancels-a-day", "The coach is ill and cancels a day", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			jon := g.join("jon", "Jon", "en")
			g.acctGrant(maria, 5)
			g.acctBook(maria, g.demo.Classes[0].ID, false)
			g.acctBook(jon, g.demo.Classes[0].ID, true)
			g.settle()
			g.note("Maria booked Thursday's class with her pass; Jon booked it to pay €15")
			g.says(g.coach, "/cancelday")
			g.says(g.coach, "2026-06-04 I'm ill")
			g.taps(g.coach, "Cancel the day")
		}},
		{"07-french-client-books-and-cancels", "Une cliente française réserve puis annule", "fr", func(g *golden) {
			chloe := g.join("chloe", "Chloé", "fr")
			g.acctGrant(chloe, 5)
			g.settle()
			g.note("Chloé a un forfait de 5 séances")
			g.says(chloe, "/book")
			g.taps(chloe, "Séance standard")
			g.taps(chloe, "En présentiel")
			g.taps(chloe, "jeu. 4 juin")
			g.taps(chloe, "10:00")
			g.taps(chloe, "Confirmer")
			g.says(chloe, "/mybookings")
			g.taps(chloe, "jeu. 4 juin")
			g.taps(chloe, "Annuler")
			g.taps(chloe, "Voyage")
			g.taps(chloe, "Confirmer")
		}},
		{"08-russian-client-buys-a-pack", "Клиентка покупает абонемент", "ru", func(g *golden) {
			olga := g.join("olga", "Ольга", "ru")
			g.says(olga, "/packages")
			g.taps(olga, "5")
			g.note("Ольга платит Ане наличными")
			g.says(g.coach, "/clients")
			g.taps(g.coach, "Ольга")
			g.taps(g.coach, "Оплачено")
			g.says(olga, "/passes")
		}},
		{"09-reschedule", "A client moves her class to the next week", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			g.acctGrant(maria, 5)
			g.acctBook(maria, g.demo.Classes[0].ID, false)
			g.settle()
			g.note("Maria booked Thursday's class with her pass")
			g.says(maria, "/reschedule")
			g.taps(maria, "Thu 4 Jun")
			g.taps(maria, "Thu 11 Jun")
			g.taps(maria, "Move it")
		}},
		{"10-coach-edits-a-class", "The coach edits a class: Save, then Save and notify", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			g.acctGrant(maria, 5)
			g.acctBook(maria, g.demo.Classes[0].ID, false)
			g.settle()
			g.note("Maria booked Thursday's class")
			g.says(g.coach, "/agenda")
			g.taps(g.coach, "Next 7 days")
			g.taps(g.coach, "Yoga flow")
			g.taps(g.coach, "Edit")
			g.taps(g.coach, "Notes")
			g.says(g.coach, "Bring a mat, water and a towel.")
			g.taps(g.coach, "Save")
			g.taps(g.coach, "Edit")
			g.taps(g.coach, "Place")
			g.says(g.coach, "Studio B, 3 rue Haute, Paris")
			g.taps(g.coach, "notify")
		}},
		{"11-coach-books-a-client-in", "The coach books a client in", "", func(g *golden) {
			maria := g.join("maria", "Maria", "en")
			g.acctGrant(maria, 5)
			g.settle()
			g.note("Maria, who has a pass of 5 sessions, asks Ana by phone for a seat in Thursday's class")
			g.says(g.coach, "/agenda")
			g.taps(g.coach, "Next 7 days")
			g.taps(g.coach, "Yoga flow")
			g.taps(g.coach, "Book a client in")
			g.says(g.coach, "Maria")
			g.taps(g.coach, "Maria")
		}},
	}
}
