package bot

// classesTexts are the schedule's and a class page's texts: key →
// {English, French}.
func classesTexts() map[string][2]string {
	return map[string][2]string{
		"classes.head.tw":           {"👥 Classes this week (times in %[1]s):", "👥 Cours de la semaine (heures de %[1]s) :"},
		"classes.head.nw":           {"👥 Classes next week (times in %[1]s):", "👥 Cours de la semaine prochaine (heures de %[1]s) :"},
		"classes.head.up":           {"👥 Upcoming classes (times in %[1]s):", "👥 Prochains cours (heures de %[1]s) :"},
		"classes.none":              {"No classes in this period.", "Aucun cours sur cette période."},
		"classes.when_what":         {"🗓 %[1]s · %[2]s", "🗓 %[1]s · %[2]s"},
		"classes.who_where":         {"👤 %[1]s · %[2]s", "👤 %[1]s · %[2]s"},
		"classes.deadline":          {"book by %[1]s", "réserver avant %[1]s"},
		"classes.passes":            {"🎟 Passes accepted: %[1]s", "🎟 Forfaits acceptés : %[1]s"},
		"classes.left":              {"🪑 %[1]d of %[2]d spots left", "🪑 %[1]d places libres sur %[2]d"},
		"classes.full":              {"🪑 Full — %[1]d on the waitlist", "🪑 Complet — %[1]d en liste d'attente"},
		"classes.full_short":        {"full", "complet"},
		"classes.left_short":        {"%[1]d left", "%[1]d libres"},
		"classes.mine_waitlist":     {"⏳ You're #%[1]d on the waitlist.", "⏳ Vous êtes n°%[1]d sur la liste d'attente."},
		"classes.mine_pending":      {"⏳ Your place is held until you pay (see /payments).", "⏳ Votre place est retenue jusqu'au paiement (voir /payments)."},
		"classes.mine_booked":       {"✅ You're booked.", "✅ Vous êtes inscrit(e)."},
		"classes.week_item":         {"%[1]s %[2]s (%[3]s)", "%[1]s %[2]s (%[3]s)"},
		"classes.week_day":          {"%[1]s: %[2]s", "%[1]s : %[2]s"},
		"classes.view_list":         {"📋 List", "📋 Liste"},
		"classes.view_week":         {"🗓 Week", "🗓 Semaine"},
		"classes.span.tw":           {"This week", "Cette semaine"},
		"classes.span.nw":           {"Next week", "Semaine prochaine"},
		"classes.span.up":           {"Coming weeks", "Semaines à venir"},
		"classes.all_coaches":       {"All coaches", "Tous les coachs"},
		"classes.gone":              {"That session is not on the schedule any more. Here is the menu:", "Cette séance n'est plus au programme. Voici le menu :"},
		"classes.detail_when":       {"🗓 %[1]s (%[2]s, times in %[3]s)", "🗓 %[1]s (%[2]s, heures de %[3]s)"},
		"classes.detail_coach":      {"👤 %[1]s", "👤 %[1]s"},
		"classes.deadline_long":     {"⏳ Booking closes %[1]s", "⏳ Réservations jusqu'au %[1]s"},
		"classes.price":             {"💶 %[1]s", "💶 %[1]s"},
		"classes.cancelled":         {"❌ This session was cancelled.", "❌ Cette séance a été annulée."},
		"classes.closed":            {"🔒 Booking for this session has closed.", "🔒 Les réservations pour cette séance sont closes."},
		"classes.book":              {"✅ Book", "✅ Réserver"},
		"classes.join_waitlist":     {"⏳ Join the waitlist (you'd be #%[1]d)", "⏳ Rejoindre la liste d'attente (vous seriez n°%[1]d)"},
		"classes.back":              {"‹ All classes", "‹ Tous les cours"},
		"classes.pass_on_promotion": {"🎟 Your pass “%[1]s” is charged only if a spot frees up for you.", "🎟 Votre forfait « %[1]s » n'est débité que si une place se libère pour vous."},
		"classes.pay_money":         {"💶 You have no pass for it: your place will be held until you pay %[1]s.", "💶 Vous n'avez pas de forfait pour ce cours : votre place sera retenue jusqu'au paiement de %[1]s."},
	}
}
