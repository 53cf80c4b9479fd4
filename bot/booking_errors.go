package bot

import (
	"fmt"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// core speaks English; these are the French words for the refusals the
// booking flows can meet, beyond the common ones in texts_common.go. A
// message naming something (“Pass name”) is matched with the name
// replaced by %s.
func bookingMessagesFR() map[string]string {
	return map[string]string{
		"That time is not open for booking.":                                                        "Cet horaire n'est pas ouvert à la réservation.",
		"None of those weeks is free at that time.":                                                 "Aucune de ces semaines n'est libre à cette heure-là.",
		"That is the time you are already booked at.":                                               "Vous êtes déjà réservé(e) à cette heure-là.",
		"That is the session you are already booked in.":                                            "Vous êtes déjà inscrit(e) à cette séance.",
		"You can only move to another session with the same coach.":                                 "Vous ne pouvez déplacer une réservation que vers une séance du même coach.",
		"You are on the waitlist for this session; cancel it and join another instead.":             "Vous êtes sur la liste d'attente de cette séance ; annulez-la et inscrivez-vous à une autre.",
		"You are on the waitlist for this session; cancel it and book another time instead.":        "Vous êtes sur la liste d'attente de cette séance ; annulez-la et réservez un autre horaire.",
		"Only a 1:1 session can be moved to another time; pick another session to move to instead.": "Seule une séance individuelle peut changer d'horaire ; choisissez plutôt une autre séance.",
		"This booking is no longer active.":                                                         "Cette réservation n'est plus active.",
		"A session is online or in person.":                                                         "Une séance a lieu en ligne ou en présentiel.",
		"Your pass “%s” does not cover that session.":                                               "Votre forfait « %s » ne couvre pas cette séance.",
		"Your pass “%s” does not cover this session.":                                               "Votre forfait « %s » ne couvre pas cette séance.",
		"Your pass “%s” is not valid on that date.":                                                 "Votre forfait « %s » n'est pas valable à cette date.",
		"Your pass “%s” is not valid for this date.":                                                "Votre forfait « %s » n'est pas valable à cette date.",
		"Your pass “%s” has no credits left.":                                                       "Votre forfait « %s » n'a plus de crédits.",
		"“%s” is no longer offered.":                                                                "« %s » n'est plus proposé.",
		"“%s” is not offered online.":                                                               "« %s » n'est pas proposé en ligne.",
		"“%s” is not offered in person.":                                                            "« %s » n'est pas proposé en présentiel.",
	}
}

// errText words a domain error for the reader.
func (b *Bot) errText(t *turn, err error) string {
	return bookingErrorText(t.lang, core.ErrorMessage(err))
}

// bookingErrorText translates msg for lang: the booking messages first,
// then the common ones.
func bookingErrorText(lang, msg string) string {
	if lang != "fr" {
		return msg
	}
	fr := bookingMessagesFR()
	if s, ok := fr[msg]; ok {
		return s
	}
	if i := strings.Index(msg, "“"); i >= 0 {
		if j := strings.Index(msg[i:], "”"); j > 0 {
			name := msg[i+len("“") : i+j]
			if s, ok := fr[msg[:i]+"“%s”"+msg[i+j+len("”"):]]; ok {
				return fmt.Sprintf(s, name)
			}
		}
	}
	return translateError(lang, msg)
}

// localErr returns err with its message in the reader's language, so the
// router's failure reply reads right.
func localErr(t *turn, err error) error {
	code := core.ErrorCode(err)
	if code == core.EINTERNAL || code == core.EUNAVAILABLE || err == ErrStaleButton {
		return err
	}
	msg := core.ErrorMessage(err)
	if local := bookingErrorText(t.lang, msg); local != msg {
		return &core.Error{Code: code, Message: local}
	}
	return err
}
