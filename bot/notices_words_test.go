package bot

import (
	"strconv"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Notices read as French and Russian write them: "le" before a date, an
// amount refunded as a refund, no capital after a colon, the payment
// masculine in Russian, one period after an abbreviated month, and no
// guess at the client's number or gender.
func TestNoticeWordsInFrenchAndRussian(t *testing.T) {
	for _, c := range []struct {
		lang string
		want map[core.NoticeKind][]string
	}{
		{"fr", map[core.NoticeKind][]string{
			core.NoticeRescheduled:          {"a lieu désormais le jeu. 4 juin, 18:30 (au lieu du mar. 2 juin, 10:20)."},
			core.NoticeSessionUpdated:       {"🕒 Désormais le jeu. 4 juin, 18:30 (au lieu du mar. 2 juin, 10:20)"},
			core.NoticeCoachRescheduled:     {"🔁 Maria a déplacé Yoga flow (group) : désormais le jeu. 4 juin, 18:30 (au lieu du mar. 2 juin, 10:20)."},
			core.NoticeCancelled:            {"💶 Un remboursement de 50,00\u00a0€ vous sera versé."},
			core.NoticeCoachDeadLetter:      {"Merci de lui écrire par un autre moyen."},
			core.NoticeRunningLate:          {"Merci de votre patience !"},
			core.NoticeCoachCalendarFailing: {"depuis une heure. Cette adresse d'agenda n'existe plus"},
			core.NoticePaymentLate:          {"jusqu'au mer. 30 sept.\n"},
			core.NoticeCoachPaid:            {"💰 Paiement reçu : 225,00\u00a0€, versé par Maria pour 10 sessions."},
		}},
		{"ru", map[core.NoticeKind][]string{
			core.NoticeCoachDeadLetter:      {"⚠️ Клиенту Maria не удаётся доставить сообщение (напоминание): попыток — 8."},
			core.NoticeCoachCalendarFailing: {"«Work». Этого адреса календаря больше нет"},
			core.NoticePaymentLate:          {"Тренер зачтёт его вам:"},
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			w := newNtWorld(t, c.lang)
			earlier := w.h.clock.Now().Add(20 * time.Minute).Format(time.RFC3339)
			pay := strconv.FormatInt(w.payment.ID, 10)
			data := map[core.NoticeKind]map[string]string{
				core.NoticeRescheduled:          {"from_start": earlier},
				core.NoticeSessionUpdated:       {"changes": "time", "from_start": earlier},
				core.NoticeCoachRescheduled:     {"from_start": earlier},
				core.NoticeCancelled:            {"late": "false", "refund": "EUR 50.00"},
				core.NoticeCoachDeadLetter:      {"kind": "reminder", "attempts": "8"},
				core.NoticeRunningLate:          {"minutes": "10"},
				core.NoticeCoachCalendarFailing: {"calendar_id": "1", "name": "Work", "problem": "not_found"},
				core.NoticePaymentLate:          {"payment_id": pay, "outcome": "credit"},
				core.NoticeCoachPaid:            {"payment_id": pay, "amount": "EUR 225.00"},
			}
			for kind, want := range c.want {
				toCoach := kind == core.NoticeCoachRescheduled || kind == core.NoticeCoachDeadLetter || kind == core.NoticeCoachCalendarFailing ||
					kind == core.NoticeCoachPaid
				n := w.notice(kind, toCoach, data[kind])
				if !needsSession(kind) {
					n.BookingID, n.SessionID = 0, 0
				}
				chat := "chat-maria"
				if toCoach {
					chat = "chat-ana"
				}
				r := []Reply{ntRender(w.h, n, chat)}
				expect(t, r, want...)
				clean(t, r)
				acctAbsent(t, r, "..")
			}
		})
	}
}
