package bot

import (
	"strconv"

	"github.com/slotbot/slotbot/core"
)

// paymentNotice words the notices about money that core writes for
// online payment: a payment that came after its seat went, or twice
// (core.NoticePaymentLate), and a refund made (core.NoticePaymentRefunded).
// renderNotice calls it for those two kinds; neither needs a session
// (package payments have none).
func (nc *noticeCtx) paymentNotice() (string, [][]Button, error) {
	p := nc.payment
	if p == nil {
		return "", nil, ErrObsolete
	}
	amount := formatMoney(nc.lang, p.Amount)
	payments := row(btn(nc.t("menu.payments"), "m", "payments"))
	if nc.n.Kind == core.NoticePaymentRefunded {
		lines := []string{nc.t("notice.payment_refunded", amount, nc.paidFor())}
		if p.Method == core.MethodStripe {
			lines = append(lines, nc.t("notice.refund_card_delay"))
		}
		return nc.lines(lines...), [][]Button{payments}, nil
	}
	if nc.n.Kind != core.NoticePaymentLate {
		return "", nil, ErrObsolete
	}
	d := nc.n.Data
	var lines []string
	switch {
	case d["why"] == "paid twice":
		lines = []string{nc.t("notice.payment_twice", amount, nc.paidFor())}
	case d["outcome"] == string(core.LatePaymentCredit):
		credits, _ := strconv.Atoi(d["credits"])
		name, until := "", "?"
		if nc.pass != nil {
			name, until = nc.pass.Name, nc.day(nc.pass.Expires)
		}
		return nc.lines(nc.t("notice.payment_late", amount, nc.paidFor()),
				nc.cat.plural(nc.lang, "notice.payment_late_credit", credits, name, until)),
			[][]Button{row(btn(nc.t("menu.book"), "m", "book"), btn(nc.t("menu.passes"), "m", "passes"))}, nil
	default:
		lines = []string{nc.t("notice.payment_late", amount, nc.paidFor())}
	}
	if p.Method == core.MethodStripe {
		lines = append(lines, nc.t("notice.payment_late_refund_card"))
	} else {
		lines = append(lines, nc.t("notice.payment_late_refund_coach"))
	}
	return nc.lines(lines...), [][]Button{row(btn(nc.t("menu.book"), "m", "book")), payments}, nil
}

// paymentNoticeTexts are the words of paymentNotice.
func paymentNoticeTexts() map[string][2]string {
	return map[string][2]string{
		"notice.payment_late": {
			"💳 Your payment of %[1]s for %[2]s came after your held place was released, and the place has gone to someone else.",
			"💳 Votre paiement de %[1]s pour %[2]s est arrivé après la libération de votre place, qui a été attribuée à quelqu'un d'autre.",
		},
		"notice.payment_late_refund_card": {"You will be refunded in full, automatically, on the card you used.",
			"Vous serez remboursé·e intégralement, automatiquement, sur la carte utilisée."},
		"notice.payment_late_refund_coach": {"Your coach will refund you in full.",
			"Votre coach vous remboursera intégralement."},
		"notice.payment_late_credit.one": {"Your coach keeps it for you as %[1]d credit on “%[2]s”, valid until %[3]s.",
			"Votre coach le conserve pour vous : %[1]d crédit sur « %[2]s », valable jusqu'au %[3]s."},
		"notice.payment_late_credit.other": {"Your coach keeps it for you as %[1]d credits on “%[2]s”, valid until %[3]s.",
			"Votre coach le conserve pour vous : %[1]d crédits sur « %[2]s », valables jusqu'au %[3]s."},
		"notice.payment_twice": {"💳 You paid %[1]s twice for %[2]s. The second payment will be refunded.",
			"💳 Vous avez payé %[1]s deux fois pour %[2]s. Le second paiement sera remboursé."},
		"notice.payment_refunded": {"↩️ Your payment of %[1]s for %[2]s was refunded.",
			"↩️ Votre paiement de %[1]s pour %[2]s a été remboursé."},
		"notice.refund_card_delay": {"It may take 5 to 10 days to appear on your statement.",
			"Il peut falloir 5 à 10 jours pour qu'il apparaisse sur votre relevé."},
	}
}
