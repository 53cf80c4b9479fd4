package bot

import (
	"context"
	"strings"
)

// registerStats registers /stats: a client's sessions, minutes, next
// session and money spent.
func (b *Bot) registerStats() {
	b.command("stats", b.stats)
}

// stats shows total and completed sessions, time coached, the next
// session and the money spent.
func (b *Bot) stats(ctx context.Context, t *turn) error {
	st, err := b.svc.Bookings.MyStats(ctx, t.client().ID)
	if err != nil {
		return err
	}
	lines := []string{
		b.t(t, "my.stats.title"),
		"",
		b.t(t, "my.stats.sessions", "Count", st.Total, "Completed", st.Completed),
		b.t(t, "my.stats.minutes", "Count", st.Minutes),
	}
	if st.Upcoming > 0 || st.Cancelled > 0 || st.NoShows > 0 {
		lines = append(lines, b.t(t, "my.stats.more", "Upcoming", st.Upcoming, "Cancelled", st.Cancelled, "NoShows", st.NoShows))
	}
	if st.Next != nil {
		lines = append(lines, b.t(t, "my.stats.next", "Session", b.acctSessionLine(t, st.Next)))
	} else {
		lines = append(lines, b.t(t, "my.stats.no_next"))
	}
	spent := b.t(t, "my.stats.nothing")
	if len(st.Spent) > 0 {
		spent = acctMoneyList(t, st.Spent)
	}
	lines = append(lines, b.t(t, "my.stats.spent", "Spent", spent))
	t.say(strings.Join(lines, "\n"),
		row(btn(b.t(t, "my.btn.history"), actHistory, "0"), btn(b.t(t, "menu.payments"), actMenu, "payments")),
		row(btn(b.t(t, "menu.book"), actMenu, "book")))
	return nil
}
