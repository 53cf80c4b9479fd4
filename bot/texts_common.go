package bot

// commonTexts are the texts of onboarding, the menu, help and errors:
// key → {English, French}.
func commonTexts() map[string][2]string {
	return map[string][2]string{
		"start.welcome": {
			"Hi %[1]s! I book your coaching sessions: pick a time, pay or use a pass, and I'll remind you before each session.",
			"Bonjour %[1]s ! Je réserve vos séances de coaching : choisissez un horaire, payez ou utilisez un forfait, et je vous rappelle chaque séance.",
		},
		"menu.what_next":  {"What would you like to do?", "Que souhaitez-vous faire ?"},
		"menu.book":       {"📅 Book a session", "📅 Réserver une séance"},
		"menu.classes":    {"👥 Classes", "👥 Cours collectifs"},
		"menu.mybookings": {"🗂 My bookings", "🗂 Mes réservations"},
		"menu.passes":     {"🎟 My passes", "🎟 Mes forfaits"},
		"menu.packages":   {"🛒 Buy a package", "🛒 Acheter un forfait"},
		"menu.payments":   {"💳 Payments", "💳 Paiements"},
		"menu.profile":    {"👤 Profile", "👤 Profil"},
		"menu.help":       {"❓ Help", "❓ Aide"},
		"help.client": {
			"Here is what I can do:\n/book — book a 1:1 session\n/classes — group classes and waitlists\n/mybookings — upcoming and past sessions: reschedule, cancel, join, add to calendar\n/reschedule — move a booking\n/packages — buy a pack of sessions\n/passes — your credits and their expiry\n/payments — what you owe and your receipts\n/history — past sessions\n/stats — your numbers\n/profile — name, email, phone, time zone\n/language — English or French\n/calendar — a calendar feed of your bookings\n/link — use the same account on Telegram and Discord\n/progress — your measurements, when your coach enables it",
			"Voici ce que je sais faire :\n/book — réserver une séance individuelle\n/classes — cours collectifs et listes d'attente\n/mybookings — séances à venir et passées : déplacer, annuler, rejoindre, ajouter au calendrier\n/reschedule — déplacer une réservation\n/packages — acheter un forfait de séances\n/passes — vos crédits et leur validité\n/payments — ce que vous devez et vos reçus\n/history — séances passées\n/stats — vos chiffres\n/profile — nom, e-mail, téléphone, fuseau horaire\n/language — anglais ou français\n/calendar — un flux d'agenda de vos réservations\n/link — le même compte sur Telegram et Discord\n/progress — vos mesures, si votre coach l'active",
		},
		"help.coach": {
			"As a coach: /coach opens your admin menu (agenda, sessions, clients, availability, policies).",
			"En tant que coach : /coach ouvre votre menu d'administration (agenda, séances, clients, disponibilités, règles).",
		},
		"unknown.command": {
			"I don't know the command %[1]s. Here is the menu:",
			"Je ne connais pas la commande %[1]s. Voici le menu :",
		},
		"unknown.text": {
			"I work best with buttons. Here is the menu — or type /help.",
			"Je fonctionne mieux avec les boutons. Voici le menu — ou tapez /help.",
		},
		"error.stale":       {"This button has expired — here is a fresh menu.", "Ce bouton a expiré — voici un nouveau menu."},
		"error.stale_toast": {"This button has expired.", "Ce bouton a expiré."},
		"error.internal":    {"Something went wrong on our side. Please try again.", "Un problème est survenu de notre côté. Veuillez réessayer."},
		"error.unavailable": {"I can't reach the calendar right now. Please try again in a moment.", "Je n'arrive pas à joindre l'agenda pour le moment. Réessayez dans un instant."},
		"language.choose":   {"Which language should I speak?", "Dans quelle langue dois-je parler ?"},
		"language.set":      {"I'll speak English from now on.", "Je parlerai français désormais."},
		"zone.ask":          {"Which time zone are you in? I'll show every time in it.", "Dans quel fuseau horaire êtes-vous ? J'y afficherai tous les horaires."},
		"zone.search":       {"🔎 Another city…", "🔎 Une autre ville…"},
		"zone.type":         {"Type your city or a zone name (e.g. Lyon, Tokyo, America/Chicago).", "Tapez votre ville ou un nom de fuseau (ex. Lyon, Tokyo, America/Chicago)."},
		"zone.none":         {"I found no time zone for “%[1]s”. Try a bigger city nearby, or a zone name such as Europe/Paris.", "Je n'ai trouvé aucun fuseau pour « %[1]s ». Essayez une grande ville proche, ou un nom comme Europe/Paris."},
		"zone.pick":         {"Which one?", "Lequel ?"},
		"zone.set":          {"Time zone set to %[1]s (it is %[2]s there now).", "Fuseau horaire : %[1]s (il y est %[2]s)."},
	}
}

// coreMessagesFR translates the domain's error messages for French
// readers; core speaks English only, and a message missing here is shown
// as it is.
func coreMessagesFR() map[string]string {
	return map[string]string{
		"You already have a place in this session.":                        "Vous avez déjà une place pour cette séance.",
		"You already have a place in that session.":                        "Vous avez déjà une place pour cette séance.",
		"This session was cancelled.":                                      "Cette séance a été annulée.",
		"This session is already over.":                                    "Cette séance est terminée.",
		"This session has already started.":                                "Cette séance a déjà commencé.",
		"Booking for this session has closed.":                             "Les réservations pour cette séance sont closes.",
		"That booking is not yours.":                                       "Cette réservation n'est pas la vôtre.",
		"That pass is not yours.":                                          "Ce forfait n'est pas le vôtre.",
		"That session is full. Your booking was not changed.":              "Cette séance est complète. Votre réservation n'a pas changé.",
		"This session has already started; it can no longer be cancelled.": "Cette séance a déjà commencé ; elle ne peut plus être annulée.",
		"That time was just taken.":                                        "Ce créneau vient d'être pris.",
		"Pick a session of the same kind and price to move to.":            "Choisissez une séance du même type et du même prix.",
		"This session cannot be paid with a pass.":                         "Cette séance ne peut pas être payée avec un forfait.",
		"This session is booked with a pass, and you have no valid pass that covers it. See /packages.": "Cette séance se réserve avec un forfait, et vous n'avez aucun forfait valide qui la couvre. Voir /packages.",
		"Something went wrong on our side. Please try again.":                                           "Un problème est survenu de notre côté. Veuillez réessayer.",
	}
}

// translateError renders a core message in the reader's language.
func translateError(lang, msg string) string {
	if lang == "fr" {
		if fr, ok := coreMessagesFR()[msg]; ok {
			return fr
		}
	}
	return msg
}
