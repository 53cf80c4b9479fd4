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
	payments := row(btn(nc.t("menu.payments"), actMenu, "payments"))
	if nc.n.Kind == core.NoticePaymentRefunded {
		lines := []string{nc.t("notice.payment_refunded", "Amount", amount, "For", nc.paidFor())}
		if n, _ := strconv.Atoi(nc.n.Data["credits_removed"]); n > 0 && nc.pass != nil {
			lines = append(lines, nc.t("notice.refund_pass", "Pass", nc.pass.Name, "Count", n))
		}
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
		lines = []string{nc.t("notice.payment_twice", "Amount", amount, "For", nc.paidFor())}
	case d["outcome"] == string(core.LatePaymentCredit):
		credits, _ := strconv.Atoi(d["credits"])
		name, until := "", "?"
		if nc.pass != nil {
			name, until = nc.pass.Name, nc.day(nc.pass.Expires)
		}
		return nc.lines(nc.t("notice.payment_late", "Amount", amount, "For", nc.paidFor()),
				nc.t("notice.payment_late_credit", "Count", credits, "Pass", name, "Until", until)),
			[][]Button{row(btn(nc.t("menu.book"), actMenu, "book"), btn(nc.t("menu.passes"), actMenu, "passes"))}, nil
	default:
		lines = []string{nc.t("notice.payment_late", "Amount", amount, "For", nc.paidFor())}
	}
	if p.Method == core.MethodStripe {
		lines = append(lines, nc.t("notice.payment_late_refund_card"))
	} else {
		lines = append(lines, nc.t("notice.payment_late_refund_coach"))
	}
	return nc.lines(lines...), [][]Button{row(btn(nc.t("menu.book"), actMenu, "book")), payments}, nil
}
