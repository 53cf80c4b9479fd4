package bot

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
