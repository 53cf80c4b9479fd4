package bot

// bookingTexts are the texts of the booking flows: the wizard's here, the
// schedule's in classesTexts, rescheduling's in rescheduleTexts.
func bookingTexts() map[string][2]string {
	m := wizardTexts()
	for _, part := range []map[string][2]string{classesTexts(), rescheduleTexts()} {
		for k, v := range part {
			m[k] = v
		}
	}
	return m
}

// wizardTexts are the /book wizard's texts: key → {English, French}.
func wizardTexts() map[string][2]string {
	return map[string][2]string{
		"book.pick_earlier": {"‹ Earlier", "‹ Plus tôt"},
		"book.pick_later":   {"Later ›", "Plus tard ›"},
		"book.pick_back":    {"‹ Back", "‹ Retour"},

		"book.policy_none":    {"You can cancel at any time at no cost.", "Vous pouvez annuler à tout moment, sans frais."},
		"book.policy_fee":     {"Free cancellation up to %[1]s before the start; after that, a fee of %[2]s applies.", "Annulation gratuite jusqu'à %[1]s avant le début ; ensuite, des frais de %[2]s s'appliquent."},
		"book.policy_forfeit": {"Free cancellation up to %[1]s before the start; after that, the session is charged (credit or payment kept).", "Annulation gratuite jusqu'à %[1]s avant le début ; ensuite, la séance est due (crédit ou paiement conservé)."},

		"book.price_free":          {"Free", "Gratuit"},
		"book.price_credits.one":   {"%[1]d credit", "%[1]d crédit"},
		"book.price_credits.other": {"%[1]d credits", "%[1]d crédits"},
		"book.price_or":            {"%[1]s or %[2]s", "%[1]s ou %[2]s"},

		"book.mode_both":              {"online or in person", "en ligne ou en présentiel"},
		"book.mode_online":            {"online", "en ligne"},
		"book.mode_in_person":         {"in person", "en présentiel"},
		"book.mode_pick_online":       {"💻 Online", "💻 En ligne"},
		"book.mode_pick_in_person":    {"📍 In person", "📍 En présentiel"},
		"book.mode_pick_in_person_at": {"📍 In person (%[1]s)", "📍 En présentiel (%[1]s)"},
		"book.where_online":           {"💻 Online", "💻 En ligne"},
		"book.where_online_link":      {"💻 Online — %[1]s", "💻 En ligne — %[1]s"},
		"book.where_in_person":        {"📍 In person", "📍 En présentiel"},
		"book.where_in_person_at":     {"📍 In person — %[1]s", "📍 En présentiel — %[1]s"},
		"book.bad_link":               {"That link doesn't lead to anything I can book any more. Here is the menu:", "Ce lien ne mène plus à rien de réservable. Voici le menu :"},
		"book.no_coach":               {"No coach is taking bookings yet.", "Aucun coach ne prend de réservations pour l'instant."},
		"book.coach":                  {"Who would you like to book with?", "Avec qui souhaitez-vous réserver ?"},
		"book.type":                   {"What kind of session with %[1]s?", "Quel type de séance avec %[1]s ?"},
		"book.type_line":              {"• %[1]s — %[2]s · %[3]s · %[4]s", "• %[1]s — %[2]s · %[3]s · %[4]s"},
		"book.type_button":            {"%[1]s (%[2]s)", "%[1]s (%[2]s)"},
		"book.no_types":               {"%[1]s has no 1:1 session to book right now.", "%[1]s ne propose pas de séance individuelle pour le moment."},
		"book.mode":                   {"%[1]s: online or in person?", "%[1]s : en ligne ou en présentiel ?"},
		"book.no_days":                {"No open time for %[1]s with %[2]s in the coming weeks. Try another kind of session, or ask your coach.", "Aucun horaire libre pour %[1]s avec %[2]s dans les semaines à venir. Essayez un autre type de séance, ou demandez à votre coach."},
		"book.day":                    {"%[1]s with %[2]s. Pick a day (times in %[3]s):", "%[1]s avec %[2]s. Choisissez un jour (heures de %[3]s) :"},
		"book.day_full":               {"%[1]s has no open time left. Pick another day:", "Il n'y a plus d'horaire libre le %[1]s. Choisissez un autre jour :"},
		"book.time":                   {"%[1]s — pick a time (%[2]s):", "%[1]s — choisissez une heure (%[2]s) :"},
		"book.taken":                  {"That time was just taken.", "Ce créneau vient d'être pris."},
		"book.other_day":              {"📅 Another day", "📅 Un autre jour"},
		"book.alternatives":           {"Here are the nearest open times (%[1]s):", "Voici les horaires libres les plus proches (%[1]s) :"},
		"book.no_alternatives":        {"There is no open time nearby; pick another day.", "Aucun horaire libre à proximité ; choisissez un autre jour."},
		"book.summary":                {"Please check your booking:", "Vérifiez votre réservation :"},
		"book.what":                   {"%[1]s with %[2]s", "%[1]s avec %[2]s"},
		"book.when":                   {"🗓 %[1]s (%[2]s)", "🗓 %[1]s (%[2]s)"},
		"book.length":                 {"⏱ %[1]s", "⏱ %[1]s"},
		"book.policy":                 {"↩️ %[1]s", "↩️ %[1]s"},
		"book.pay_pass":               {"🎟 %[1]s from your pass “%[2]s” (%[3]d left)", "🎟 %[1]s de votre forfait « %[2]s » (%[3]d restants)"},
		"book.pay_free":               {"💶 Free", "💶 Gratuit"},
		"book.pay_need_pass":          {"🎟 This session is booked with a pass, and you have no valid pass that covers it. See /packages.", "🎟 Cette séance se réserve avec un forfait, et vous n'avez aucun forfait valide qui la couvre. Voir /packages."},
		"book.pay_money":              {"💶 %[1]s — your place is held for %[2]s until you pay", "💶 %[1]s — votre place est retenue %[2]s, le temps de payer"},
		"book.confirm":                {"✅ Confirm", "✅ Confirmer"},
		"book.pay_instead":            {"💶 Pay %[1]s instead", "💶 Payer %[1]s à la place"},
		"book.pass_instead":           {"🎟 Use my pass “%[1]s”", "🎟 Utiliser mon forfait « %[1]s »"},
		"book.repeat":                 {"🔁 Repeat weekly", "🔁 Répéter chaque semaine"},
		"book.weeks":                  {"%[1]d weeks", "%[1]d semaines"},
		"book.repeat_ask":             {"Repeat every week from %[1]s — for how many weeks?", "Répéter chaque semaine à partir du %[1]s — pendant combien de semaines ?"},
		"book.plan":                   {"%[1]s with %[2]s, every week for %[3]d weeks:", "%[1]s avec %[2]s, chaque semaine pendant %[3]d semaines :"},
		"book.plan_free":              {"✅ %[1]s", "✅ %[1]s"},
		"book.plan_taken":             {"❌ %[1]s — not free", "❌ %[1]s — pas libre"},
		"book.plan_count":             {"%[1]d of %[2]d weeks are free; I'll book those.", "%[1]d semaines sur %[2]d sont libres ; je réserve celles-ci."},
		"book.plan_pass":              {"🎟 Each session is paid from your passes while their credits last; any other is held for payment.", "🎟 Chaque séance est réglée avec vos forfaits tant qu'il reste des crédits ; les autres sont retenues en attente de paiement."},
		"book.plan_money":             {"💶 %[1]s per session, each held until paid.", "💶 %[1]s par séance, chacune retenue jusqu'au paiement."},
		"book.plan_confirm":           {"✅ Book %[1]d sessions", "✅ Réserver %[1]d séances"},
		"book.once":                   {"Just this once", "Une seule fois"},
		"book.booked":                 {"✅ You're booked! %[1]s with %[2]s, %[3]s.", "✅ C'est réservé ! %[1]s avec %[2]s, %[3]s."},
		"book.used_pass":              {"🎟 %[1]s used from “%[2]s” — %[3]d left.", "🎟 Réglé avec « %[2]s » (%[1]s) — il en reste %[3]d."},
		"book.free":                   {"💶 It's free.", "💶 C'est gratuit."},
		"book.remind":                 {"I'll remind you before it starts. See /mybookings to reschedule or cancel.", "Je vous le rappellerai avant le début. Voir /mybookings pour déplacer ou annuler."},
		"book.held":                   {"⏳ Your place is held: %[1]s with %[2]s, %[3]s.", "⏳ Votre place est retenue : %[1]s avec %[2]s, %[3]s."},
		"book.pay_by":                 {"Pay %[1]s by %[2]s to confirm it; after that the place is released.", "Payez %[1]s avant %[2]s pour la confirmer ; ensuite, la place est libérée."},
		"book.pay_button":             {"💳 Pay %[1]s", "💳 Payer %[1]s"},
		"book.pay_week":               {"💳 Pay %[1]s — %[2]s", "💳 Payer %[1]s — %[2]s"},
		"book.pay_manual":             {"Pay your coach directly (cash or transfer); they will mark it paid and I'll confirm your place.", "Payez directement votre coach (espèces ou virement) ; il l'indiquera comme payé et je confirmerai votre place."},
		"book.pay_online":             {"Tap Pay to pay online; your place is confirmed as soon as the payment arrives.", "Touchez Payer pour régler en ligne ; votre place est confirmée dès réception du paiement."},
		"book.waitlisted":             {"⏳ %[1]s on %[2]s is full, so you're on the waitlist: position %[3]d. Your pass is charged only if a spot frees up for you — I'll message you right away.", "⏳ %[1]s du %[2]s est complet : vous êtes sur la liste d'attente, en position %[3]d. Votre forfait n'est débité que si une place se libère pour vous — je vous préviens aussitôt."},
		"book.recurring_done":         {"✅ Booked %[1]d weekly sessions of %[2]s with %[3]s:", "✅ %[1]d séances hebdomadaires réservées : %[2]s avec %[3]s :"},
		"book.recurring_line":         {"• %[1]s — %[2]s", "• %[1]s — %[2]s"},
		"book.recurring_skipped":      {"Not free, so not booked: %[1]s", "Pas libres, donc non réservées : %[1]s"},
		"book.status_confirmed":       {"confirmed", "confirmée"},
		"book.status_with_pass":       {"confirmed, paid with “%[1]s”", "confirmée, réglée avec « %[1]s »"},
		"book.status_pending":         {"awaiting payment of %[1]s by %[2]s", "en attente du paiement de %[1]s avant %[2]s"},
	}
}
