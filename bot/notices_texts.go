package bot

// noticeTexts are the texts of outbox notices (reminders, promotions,
// offers, cancellations, receipts, coach alerts): key → {English, French}.
func noticeTexts() map[string][2]string {
	return map[string][2]string{
		// To clients.
		"notice.booked": {
			"✅ You're booked: %[1]s with %[2]s, %[3]s.",
			"✅ C'est réservé : %[1]s avec %[2]s, %[3]s.",
		},
		"notice.awaiting_payment": {
			"⏳ Your seat in %[1]s, %[2]s, is held until %[3]s. Pay %[4]s to keep it.",
			"⏳ Votre place pour %[1]s, %[2]s, est réservée jusqu'au %[3]s. Payez %[4]s pour la garder.",
		},
		"notice.waitlisted": {
			"🕒 %[1]s, %[2]s, is full: you are number %[3]s on the waitlist. Nothing is charged unless a seat frees up — I'll tell you right away.",
			"🕒 %[1]s, %[2]s, est complet : vous êtes numéro %[3]s sur la liste d'attente. Rien n'est débité tant qu'aucune place ne se libère — je vous préviens aussitôt.",
		},
		"notice.promoted": {
			"🎉 A seat freed up — you're in! %[1]s with %[2]s, %[3]s.",
			"🎉 Une place s'est libérée : c'est confirmé ! %[1]s avec %[2]s, %[3]s.",
		},
		"notice.promoted_pay": {
			"🎉 A seat freed up in %[1]s, %[2]s. Pay %[3]s by %[4]s to keep it.",
			"🎉 Une place s'est libérée pour %[1]s, %[2]s. Payez %[3]s avant le %[4]s pour la garder.",
		},
		"notice.promotion_skipped": {
			"A seat freed up in %[1]s, %[2]s, but you have no valid pass for it, so it went to the next person in line. Buy a package to book next time.",
			"Une place s'est libérée pour %[1]s, %[2]s, mais vous n'avez pas de forfait valable pour cette séance : elle est passée à la personne suivante. Achetez un forfait pour réserver la prochaine fois.",
		},
		"notice.cancelled": {
			"❌ Cancelled: %[1]s, %[2]s.",
			"❌ Annulé : %[1]s, %[2]s.",
		},
		"notice.session_cancelled": {
			"❌ %[3]s cancelled %[1]s, %[2]s.",
			"❌ %[3]s a annulé %[1]s, %[2]s.",
		},
		"notice.reason": {"Reason: %[1]s", "Motif : %[1]s"},
		"notice.credits_returned.one": {
			"↩️ %[1]d credit is back on your pass.",
			"↩️ %[1]d crédit a été recrédité sur votre forfait.",
		},
		"notice.credits_returned.other": {
			"↩️ %[1]d credits are back on your pass.",
			"↩️ %[1]d crédits ont été recrédités sur votre forfait.",
		},
		"notice.credits_forfeited.one": {
			"Late cancellation: %[1]d credit is forfeited.",
			"Annulation tardive : %[1]d crédit est perdu.",
		},
		"notice.credits_forfeited.other": {
			"Late cancellation: %[1]d credits are forfeited.",
			"Annulation tardive : %[1]d crédits sont perdus.",
		},
		"notice.refund": {"💶 %[1]s will be refunded to you.", "💶 %[1]s vous sera remboursé."},
		"notice.fee":    {"A late-cancellation fee of %[1]s is due.", "Des frais d'annulation tardive de %[1]s sont dus."},
		"notice.rescheduled": {
			"🔁 Moved: %[1]s is now %[2]s (was %[3]s).",
			"🔁 Déplacé : %[1]s a lieu désormais %[2]s (au lieu de %[3]s).",
		},
		"notice.hold_released": {
			"⌛ Your unpaid seat in %[1]s, %[2]s, was released: the payment did not arrive in time.",
			"⌛ Votre place non payée pour %[1]s, %[2]s, a été libérée : le paiement n'est pas arrivé à temps.",
		},
		"notice.offer_lapsed": {
			"⌛ The seat offered to you in %[1]s, %[2]s, went to the next person: there was no answer in time.",
			"⌛ La place qui vous était proposée pour %[1]s, %[2]s, est passée à la personne suivante : pas de réponse à temps.",
		},
		"notice.reminder": {
			"⏰ Reminder: %[1]s with %[2]s starts in %[4]s — %[3]s.",
			"⏰ Rappel : %[1]s avec %[2]s commence dans %[4]s — %[3]s.",
		},
		"notice.pass_granted.one": {
			"🎟 “%[2]s” is ready: %[1]d credit, valid until %[3]s.",
			"🎟 « %[2]s » est prêt : %[1]d crédit, valable jusqu'au %[3]s.",
		},
		"notice.pass_granted.other": {
			"🎟 “%[2]s” is ready: %[1]d credits, valid until %[3]s.",
			"🎟 « %[2]s » est prêt : %[1]d crédits, valables jusqu'au %[3]s.",
		},
		"notice.pass_used.one": {
			"🎟 %[1]d credit taken from “%[2]s”.",
			"🎟 %[1]d crédit débité de « %[2]s ».",
		},
		"notice.pass_used.other": {
			"🎟 %[1]d credits taken from “%[2]s”.",
			"🎟 %[1]d crédits débités de « %[2]s ».",
		},
		"notice.pass_reserved.one": {
			"🎟 %[1]d credit of “%[2]s” is reserved; it is taken when the session is completed.",
			"🎟 %[1]d crédit de « %[2]s » est réservé ; il sera débité une fois la séance terminée.",
		},
		"notice.pass_reserved.other": {
			"🎟 %[1]d credits of “%[2]s” are reserved; they are taken when the session is completed.",
			"🎟 %[1]d crédits de « %[2]s » sont réservés ; ils seront débités une fois la séance terminée.",
		},
		"notice.payment_paid": {
			"🧾 Receipt: %[1]s received for %[2]s on %[3]s (payment #%[4]d, %[5]s). Thank you!",
			"🧾 Reçu : %[1]s reçus pour %[2]s le %[3]s (paiement n° %[4]d, %[5]s). Merci !",
		},
		"notice.method.stripe": {"by card", "par carte"},
		"notice.method.manual": {"paid to your coach", "payé à votre coach"},
		"notice.paid_fee":      {"a late-cancellation fee", "des frais d'annulation tardive"},
		"notice.paid_package":  {"a package", "un forfait"},
		"notice.paid_booking":  {"a booking", "une réservation"},
		"notice.session_updated": {
			"✏️ %[2]s updated %[1]s:",
			"✏️ %[2]s a modifié %[1]s :",
		},
		"notice.updated.time":  {"🕒 Now %[1]s (was %[2]s)", "🕒 Désormais %[1]s (au lieu de %[2]s)"},
		"notice.updated.when":  {"🕒 %[1]s", "🕒 %[1]s"},
		"notice.updated.place": {"📍 Place: %[1]s", "📍 Lieu : %[1]s"},
		"notice.updated.link":  {"🔗 Link: %[1]s", "🔗 Lien : %[1]s"},
		"notice.updated.price": {"💶 Price: %[1]s", "💶 Prix : %[1]s"},
		"notice.updated.notes": {"📝 Notes: %[1]s", "📝 Notes : %[1]s"},
		"notice.offer": {
			"🎟 A seat freed up in %[1]s with %[2]s, %[3]s. It's yours if you accept by %[4]s; nothing is charged unless you accept.",
			"🎟 Une place s'est libérée pour %[1]s avec %[2]s, %[3]s. Elle est à vous si vous acceptez avant le %[4]s ; rien n'est débité sans votre accord.",
		},
		"notice.offer_expired": {
			"⌛ The seat offered to you in %[1]s, %[2]s, went to the next person: there was no answer by %[3]s.",
			"⌛ La place qui vous était proposée pour %[1]s, %[2]s, est passée à la personne suivante : pas de réponse avant le %[3]s.",
		},
		"notice.pass_expiring.one": {
			"⏳ Your pass “%[2]s” expires %[3]s with %[1]d credit left — book before then.",
			"⏳ Votre forfait « %[2]s » expire le %[3]s avec %[1]d crédit restant — réservez d'ici là.",
		},
		"notice.pass_expiring.other": {
			"⏳ Your pass “%[2]s” expires %[3]s with %[1]d credits left — book before then.",
			"⏳ Votre forfait « %[2]s » expire le %[3]s avec %[1]d crédits restants — réservez d'ici là.",
		},

		// Buttons.
		"notice.btn.join":       {"▶️ Join", "▶️ Rejoindre"},
		"notice.btn.cancel":     {"❌ Cancel", "❌ Annuler"},
		"notice.btn.reschedule": {"🔁 Reschedule", "🔁 Déplacer"},
		"notice.btn.booking":    {"🗂 View booking", "🗂 Voir la réservation"},
		"notice.btn.accept":     {"✅ Accept", "✅ Accepter"},
		"notice.btn.pass":       {"🙅 Pass", "🙅 Je passe mon tour"},

		// Answers to Accept and Pass.
		"notice.offer.taken": {
			"✅ The seat is yours: %[1]s with %[2]s, %[3]s.",
			"✅ La place est à vous : %[1]s avec %[2]s, %[3]s.",
		},
		"notice.offer.pay": {
			"✅ The seat is held for you: %[1]s, %[2]s. Pay %[3]s by %[4]s to keep it.",
			"✅ La place vous est réservée : %[1]s, %[2]s. Payez %[3]s avant le %[4]s pour la garder.",
		},
		"notice.offer.no_pass": {
			"You have no valid pass for %[1]s any more, so the seat went to the next person. Buy a package to book next time.",
			"Vous n'avez plus de forfait valable pour %[1]s : la place est passée à la personne suivante. Achetez un forfait pour réserver la prochaine fois.",
		},
		"notice.offer.passed": {
			"👍 Noted — the seat goes to the next person in line.",
			"👍 C'est noté — la place passe à la personne suivante.",
		},
		"notice.offer.closed": {
			"This offer is no longer open: it was answered or its time ran out.",
			"Cette proposition n'est plus valable : elle a déjà reçu une réponse ou son délai est écoulé.",
		},

		// To coaches.
		"notice.coach_booked": {
			"🆕 New booking: %[1]s — %[2]s, %[3]s.",
			"🆕 Nouvelle réservation : %[1]s — %[2]s, %[3]s.",
		},
		"notice.status.pending_payment": {"Awaiting payment.", "En attente de paiement."},
		"notice.coach_cancelled": {
			"❌ %[1]s cancelled %[2]s, %[3]s.",
			"❌ %[1]s a annulé %[2]s, %[3]s.",
		},
		"notice.coach_late": {"Late cancellation.", "Annulation tardive."},
		"notice.coach_rescheduled": {
			"🔁 %[1]s moved %[2]s to %[3]s (was %[4]s).",
			"🔁 %[1]s a déplacé %[2]s : désormais %[3]s (au lieu de %[4]s).",
		},
		"notice.coach_promoted": {
			"⬆️ %[1]s moved up from the waitlist: %[2]s, %[3]s.",
			"⬆️ %[1]s quitte la liste d'attente pour une place : %[2]s, %[3]s.",
		},
		"notice.coach_refund_due": {
			"💶 Refund due: %[1]s to %[2]s (payment #%[3]s).",
			"💶 Remboursement à faire : %[1]s à %[2]s (paiement n° %[3]s).",
		},
		"notice.coach_refund_late": {
			"The payment arrived after the seat was released.",
			"Le paiement est arrivé après la libération de la place.",
		},
		"notice.coach_paid": {
			"💰 Payment received: %[1]s from %[2]s for %[3]s.",
			"💰 Paiement reçu : %[1]s de %[2]s pour %[3]s.",
		},
		"notice.coach_agenda":   {"☀️ Your day, %[1]s:", "☀️ Votre journée, %[1]s :"},
		"notice.agenda.none":    {"No sessions.", "Aucune séance."},
		"notice.agenda.open":    {"not booked", "non réservée"},
		"notice.agenda.group":   {"%[1]d/%[2]d booked", "%[1]d/%[2]d inscrits"},
		"notice.agenda.waiting": {", %[1]d waiting", ", %[1]d en attente"},
		"notice.coach_dead_letter": {
			"⚠️ I could not deliver a message (%[1]s) to %[2]s after %[3]s tries. Please reach them another way.",
			"⚠️ Je n'ai pas pu transmettre un message (%[1]s) à %[2]s après %[3]s essais. Merci de les contacter autrement.",
		},
		"notice.coach_unreachable": {
			"⚠️ %[1]s can no longer be reached on %[2]s: they blocked the bot or closed their private messages. I'll write there again once they message me.",
			"⚠️ %[1]s n'est plus joignable sur %[2]s : le bot a été bloqué ou les messages privés sont fermés. J'y écrirai de nouveau dès qu'un message me parviendra.",
		},
		"notice.someone": {"A client", "Un client"},

		// Kinds, as named in a dead-letter alert.
		"notice.kind.booked":            {"booking confirmation", "confirmation de réservation"},
		"notice.kind.awaiting_payment":  {"payment request", "demande de paiement"},
		"notice.kind.waitlisted":        {"waitlist place", "place en liste d'attente"},
		"notice.kind.promoted":          {"waitlist promotion", "promotion depuis la liste d'attente"},
		"notice.kind.promoted_pay":      {"waitlist promotion", "promotion depuis la liste d'attente"},
		"notice.kind.promotion_skipped": {"skipped promotion", "promotion impossible"},
		"notice.kind.cancelled":         {"cancellation", "annulation"},
		"notice.kind.session_cancelled": {"session cancellation", "annulation de séance"},
		"notice.kind.rescheduled":       {"reschedule", "déplacement"},
		"notice.kind.hold_released":     {"released seat", "place libérée"},
		"notice.kind.reminder":          {"reminder", "rappel"},
		"notice.kind.pass_granted":      {"new pass", "nouveau forfait"},
		"notice.kind.payment_paid":      {"receipt", "reçu"},
		"notice.kind.session_updated":   {"session update", "modification de séance"},
		"notice.kind.offer":             {"seat offer", "proposition de place"},
		"notice.kind.offer_expired":     {"expired offer", "proposition expirée"},
		"notice.kind.pass_expiring":     {"pass expiry warning", "alerte d'expiration de forfait"},
	}
}
