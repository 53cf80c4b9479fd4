package bot

// rescheduleTexts are the texts of moving a booking: key → {English,
// French}.
func rescheduleTexts() map[string][2]string {
	return map[string][2]string{
		"rs.button":     {"🔁 Reschedule", "🔁 Déplacer"},
		"rs.none":       {"You have no upcoming booking that can be moved. Here is the menu:", "Vous n'avez aucune réservation à venir à déplacer. Voici le menu :"},
		"rs.pick":       {"Which booking would you like to move? (times in %[1]s)", "Quelle réservation souhaitez-vous déplacer ? (heures de %[1]s)"},
		"rs.waitlisted": {"You're on the waitlist for that session, so there is nothing to move: cancel it and book another time instead.", "Vous êtes sur la liste d'attente de cette séance : il n'y a rien à déplacer. Annulez-la et réservez un autre horaire."},
		"rs.not_active": {"That booking is no longer upcoming, so it can't be moved.", "Cette réservation n'est plus à venir : elle ne peut pas être déplacée."},
		"rs.too_late":   {"Bookings can be moved up to %[1]s before the start; this one can only be cancelled now.", "Une réservation peut être déplacée jusqu'à %[1]s avant le début ; celle-ci ne peut plus qu'être annulée."},
		"rs.keep":       {"Keep it as it is", "La garder telle quelle"},
		"rs.kept":       {"Nothing changed: your booking stays as it was.", "Rien n'a changé : votre réservation reste telle quelle."},
		"rs.no_days":    {"There is no open time for %[1]s in the coming weeks; your booking stays as it is.", "Aucun horaire libre pour %[1]s dans les semaines à venir ; votre réservation reste telle quelle."},
		"rs.day":        {"Move your %[1]s of %[2]s — pick a new day (times in %[3]s):", "Déplacer votre %[1]s du %[2]s — choisissez un nouveau jour (heures de %[3]s) :"},
		"rs.no_classes": {"No other %[1]s has a free spot right now; your booking stays as it is.", "Aucun autre cours « %[1]s » n'a de place libre pour l'instant ; votre réservation reste telle quelle."},
		"rs.class":      {"Move your place in %[1]s of %[2]s to which class? (times in %[3]s)", "Vers quel cours déplacer votre place à %[1]s du %[2]s ? (heures de %[3]s)"},
		"rs.confirm":    {"Move your %[1]s from %[2]s to %[3]s?", "Déplacer votre %[1]s du %[2]s au %[3]s ?"},
		"rs.do":         {"✅ Move it", "✅ Déplacer"},
		"rs.done":       {"✅ Done: your %[1]s is now on %[2]s (it was %[3]s). %[4]s has been told.", "✅ C'est fait : votre %[1]s a lieu le %[2]s (au lieu du %[3]s). %[4]s a été prévenu(e)."},
	}
}
