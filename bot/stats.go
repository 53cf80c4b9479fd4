package bot

import (
	"context"
	"strings"
)

// registerStats registers /stats (seed 004's Statistics tab).
func (b *Bot) registerStats() {
	b.command("stats", b.stats)
}

// stats shows total and completed sessions, time coached, the next
// session and the money spent.
func (b *Bot) stats(ctx context.Context, t *turn) error {
	st, err := b.svc.MyStats(ctx, t.client().ID)
	if err != nil {
		return err
	}
	lines := []string{
		b.t(t, "my.stats.title"),
		"",
		b.cat.plural(t.lang, "my.stats.sessions", st.Total, st.Completed),
		b.t(t, "my.stats.minutes", st.Minutes),
	}
	if st.Upcoming > 0 || st.Cancelled > 0 || st.NoShows > 0 {
		lines = append(lines, b.t(t, "my.stats.more", st.Upcoming, st.Cancelled, st.NoShows))
	}
	if st.Next != nil {
		lines = append(lines, b.t(t, "my.stats.next", b.acctSessionLine(t, st.Next)))
	} else {
		lines = append(lines, b.t(t, "my.stats.no_next"))
	}
	spent := b.t(t, "my.stats.nothing")
	if len(st.Spent) > 0 {
		spent = acctMoneyList(t, st.Spent)
	}
	lines = append(lines, b.t(t, "my.stats.spent", spent))
	t.say(strings.Join(lines, "\n"),
		row(btn(b.t(t, "my.btn.history"), "hi", "0"), btn(b.t(t, "menu.payments"), "m", "payments")),
		row(btn(b.t(t, "menu.book"), "m", "book")))
	return nil
}

// statsTexts are the texts of /stats.
func statsTexts() map[string][2]string {
	return map[string][2]string{
		"my.stats.title": {"📊 Your statistics", "📊 Vos statistiques"},
		"my.stats.sessions.one": {"🏋️ %[1]d session in total, %[2]d completed",
			"🏋️ %[1]d séance au total, %[2]d effectuée(s)"},
		"my.stats.sessions.other": {"🏋️ %[1]d sessions in total, %[2]d completed",
			"🏋️ %[1]d séances au total, %[2]d effectuées"},
		"my.stats.minutes": {"⏱ %[1]d minutes in sessions", "⏱ %[1]d minutes de séance"},
		"my.stats.more": {"📌 %[1]d upcoming · %[2]d cancelled · %[3]d missed",
			"📌 %[1]d à venir · %[2]d annulée(s) · %[3]d manquée(s)"},
		"my.stats.next":    {"⏭ Next session: %[1]s", "⏭ Prochaine séance : %[1]s"},
		"my.stats.no_next": {"⏭ No upcoming session.", "⏭ Aucune séance à venir."},
		"my.stats.spent":   {"💶 Total spent: %[1]s", "💶 Total dépensé : %[1]s"},
		"my.stats.nothing": {"nothing yet", "rien pour l'instant"},
	}
}
