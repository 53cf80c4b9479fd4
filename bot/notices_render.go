package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// renderNotice words a loaded notice and picks its buttons. Every
// core.NoticeKind written for a person has a case; an unknown kind is an
// error, so a new kind cannot go out as a blank message.
func (b *Bot) renderNotice(nc *noticeCtx) (string, [][]Button, error) {
	n := nc.n
	if needsSession(n.Kind) && nc.sess == nil {
		return "", nil, fmt.Errorf("bot: notice %d (%s) has no session: %w", n.ID, n.Kind, ErrObsolete)
	}
	if text, rows, ok, err := b.renderAdminNotice(nc); ok {
		return text, rows, err // the coach's admin kinds: notices_admin.go
	}
	switch n.Kind {
	case core.NoticeBooked:
		return nc.lines(nc.t("notice.booked", "What", nc.what(), "Coach", nc.coachName(), "When", nc.when()), nc.whereLine(), nc.passLine(),
			nc.dueLine()), b.withDuePay(nc, nc.bookingButtons(true)), nil
	case core.NoticeAwaitingPayment:
		return nc.t("notice.awaiting_payment", "What", nc.what(), "When", nc.when(), "Hold", nc.at(nc.dataTime("hold_until")), "Price", nc.price()),
			[][]Button{row(btn(nc.t("menu.payments"), actMenu, "payments"))}, nil
	case core.NoticeWaitlisted:
		return nc.t("notice.waitlisted", "What", nc.what(), "When", nc.when(), "Position", n.Data["position"]),
			[][]Button{row(btn(nc.t("notice.btn.booking"), actBookingCard, id36(n.BookingID)))}, nil
	case core.NoticePromoted:
		return nc.lines(nc.t("notice.promoted", "What", nc.what(), "Coach", nc.coachName(), "When", nc.when()), nc.whereLine(), nc.passLine(),
			nc.dueLine()), b.withDuePay(nc, nc.bookingButtons(true)), nil
	case core.NoticePromotedPay:
		return nc.t("notice.promoted_pay", "What", nc.what(), "When", nc.when(), "Price", nc.price(), "Until", nc.at(nc.dataTime("hold_until"))),
			[][]Button{row(btn(nc.t("menu.payments"), actMenu, "payments"))}, nil
	case core.NoticePromotionSkipped:
		return nc.t("notice.promotion_skipped", "What", nc.what(), "When", nc.when()),
			[][]Button{row(btn(nc.t("menu.packages"), actMenu, "packages"))}, nil
	case core.NoticeCancelled:
		return nc.lines(append([]string{nc.t("notice.cancelled", "What", nc.what(), "When", nc.when())}, nc.outcome()...)...),
			[][]Button{row(btn(nc.t("menu.book"), actMenu, "book"))}, nil
	case core.NoticeSessionCancelled:
		lines := []string{nc.t("notice.session_cancelled", "What", nc.what(), "When", nc.when(), "Coach", nc.coachName())}
		if r := n.Data["reason"]; r != "" {
			lines = append(lines, nc.t("notice.reason", "Reason", r))
		}
		return nc.lines(append(lines, nc.outcome()...)...), [][]Button{row(btn(nc.t("menu.book"), actMenu, "book"))}, nil
	case core.NoticeRescheduled:
		return nc.lines(nc.t("notice.rescheduled", "What", nc.what(), "When", nc.when(), "Was", nc.at(nc.dataTime("from_start"))), nc.whereLine()),
			nc.bookingButtons(false), nil
	case core.NoticeHoldReleased:
		key := "notice.hold_released"
		if nc.booking != nil && nc.booking.PaymentID == 0 {
			key = "notice.offer_lapsed" // an offered seat nobody answered, released by the hold job
		}
		return nc.t(key, "What", nc.what(), "When", nc.when()), [][]Button{row(btn(nc.t("menu.book"), actMenu, "book"))}, nil
	case core.NoticeReminder:
		return nc.reminder()
	case core.NoticePassGranted:
		return nc.passGranted()
	case core.NoticePaymentPaid:
		return nc.receipt()
	case core.NoticeSessionUpdated:
		return nc.sessionUpdated(), nc.bookingButtons(false), nil
	case core.NoticeOffer:
		return nc.offer()
	case core.NoticeOfferExpired:
		return nc.t("notice.offer_expired", "What", nc.what(), "When", nc.when(), "Until", nc.at(nc.dataTime("until"))),
			[][]Button{row(btn(nc.t("menu.classes"), actMenu, "classes"))}, nil
	case core.NoticePassExpiring:
		return nc.passExpiring()
	case core.NoticeProgressOn:
		return nc.t("notice.progress_on", "Coach", nc.coachName()),
			[][]Button{row(btn(nc.t("notice.btn.progress"), actProgressPage))}, nil
	case core.NoticePaymentLate, core.NoticePaymentRefunded:
		return nc.paymentNotice() // notices_payments.go
	default:
		return nc.renderCoachNotice()
	}
}

// renderCoachNotice words the alerts sent to coaches.
func (nc *noticeCtx) renderCoachNotice() (string, [][]Button, error) {
	n := nc.n
	switch n.Kind {
	case core.NoticeCoachBooked:
		return nc.lines(nc.t("notice.coach_booked", "Who", nc.who(), "What", nc.what(), "When", nc.when()), nc.statusLine()), nil, nil
	case core.NoticeCoachCancelled:
		lines := []string{nc.t("notice.coach_cancelled", "Who", nc.who(), "What", nc.what(), "When", nc.when())}
		if r := n.Data["reason"]; r != "" {
			lines = append(lines, nc.t("notice.reason", "Reason", reasonLabel(func(key string) string { return nc.t(key) }, r)))
		}
		if n.Data["late"] == "true" {
			lines = append(lines, nc.t("notice.coach_late"))
		}
		return nc.lines(lines...), nil, nil
	case core.NoticeCoachRescheduled:
		return nc.t("notice.coach_rescheduled", "Who", nc.who(), "What", nc.what(), "When", nc.when(), "Was", nc.at(nc.dataTime("from_start"))), nil, nil
	case core.NoticeCoachPromoted:
		return nc.lines(nc.t("notice.coach_promoted", "Who", nc.who(), "What", nc.what(), "When", nc.when()), nc.statusLine()), nil, nil
	case core.NoticeCoachRefundDue:
		lines := []string{nc.t("notice.coach_refund_due", "Amount", nc.money(n.Data["amount"]), "Who", nc.who(), "Payment", n.Data["payment_id"])}
		if n.Data["why"] != "" {
			lines = append(lines, nc.t("notice.coach_refund_late"))
		}
		return nc.lines(lines...), nil, nil
	case core.NoticeCoachPaid:
		if credits, err := strconv.Atoi(n.Data["credits"]); err == nil && nc.pass != nil { // paid with a pass (core.PayWithPass)
			return nc.t("notice.coach_paid_pass", "Who", nc.who(), "For", nc.paidFor(), "Count", credits, "Pass", nc.pass.Name), nil, nil
		}
		return nc.t("notice.coach_paid", "Amount", nc.money(n.Data["amount"]), "Who", nc.who(), "For", nc.paidFor()), nil, nil
	case core.NoticeCoachHoldReleased:
		return nc.t("notice.coach_hold_released", "Who", nc.who(), "Amount", nc.money(n.Data["amount"]), "What", nc.what(), "When", nc.when()),
			[][]Button{row(btn(nc.t("notice.btn.session"), actSessionCard, id36(nc.sess.ID)))}, nil
	case core.NoticeCoachAgenda:
		return nc.agendaText(), nil, nil
	case core.NoticeCoachDeadLetter:
		return nc.t("notice.coach_dead_letter", "Notice", nc.kindName(core.NoticeKind(n.Data["kind"])), "Who", nc.who(), "Attempts", n.Data["attempts"]), nil, nil
	case core.NoticeCoachUnreachable:
		return nc.t("notice.coach_unreachable", "Who", nc.who(), "Platform", platformName(n.Data["platform"])), nil, nil
	case core.NoticeCoachCalendarFailing:
		return nc.t("notice.coach_calendar_failing", "Name", n.Data["name"],
			"Problem", calendarProblemText(nc.cat, nc.lang, core.CalendarProblem(n.Data["problem"]))), nil, nil
	case core.NoticeCoachCalendarBack:
		return nc.t("notice.coach_calendar_back", "Name", n.Data["name"]), nil, nil
	case core.NoticeCoachCalendarClash:
		return nc.calendarClash()
	}
	return "", nil, fmt.Errorf("bot: notice %d: no words for kind %q", n.ID, n.Kind)
}

// needsSession tells kinds whose words name a session.
func needsSession(k core.NoticeKind) bool {
	switch k {
	case core.NoticePassGranted, core.NoticePaymentPaid, core.NoticePassExpiring, core.NoticePaymentLate, core.NoticeProgressOn,
		core.NoticePaymentRefunded, core.NoticeCreditsAdjusted, core.NoticeCoachRefundDue,
		core.NoticeCoachPaid, core.NoticeCoachAgenda, core.NoticeCoachDeadLetter, core.NoticeCoachUnreachable,
		core.NoticeCoachCalendarFailing, core.NoticeCoachCalendarBack:
		return false
	}
	return true
}

// reminder words a reminder with Join, Cancel and Reschedule while each
// is still possible; a reminder of a booking no longer confirmed, or of a
// session already started, is obsolete.
func (nc *noticeCtx) reminder() (string, [][]Button, error) {
	if nc.booking == nil || nc.booking.Status != core.BookingConfirmed || nc.sess.Status != core.SessionScheduled ||
		!nc.now.Before(nc.sess.Start) {
		return "", nil, ErrObsolete
	}
	left := nc.sess.Start.Sub(nc.now)
	before, err := time.ParseDuration(nc.n.Data["before"])
	if err == nil && nc.coach != nil {
		for _, o := range nc.coach.Policy.ReminderOffsets {
			if o < before && left <= o {
				return "", nil, ErrObsolete // sent late: a nearer reminder is due too and says it better
			}
		}
	}
	if err == nil && before > left && before-left < 10*time.Minute {
		left = before // sent on time: say "in 24 h", not "in 23 h 59"
	}
	text := nc.lines(nc.t("notice.reminder", "What", nc.what(), "Coach", nc.coachName(), "When", nc.when(), "In", humanLeft(nc.lang, left)), nc.whereLine(),
		nc.dueLine())
	return text, nc.bookingButtons(false), nil
}

// bookingButtons are Join (online, with a link), Cancel and Reschedule
// while the coach's rules allow them, and the booking's card.
func (nc *noticeCtx) bookingButtons(card bool) [][]Button {
	if nc.booking == nil || nc.sess == nil {
		return nil
	}
	var rows [][]Button
	if nc.sess.Mode == core.ModeOnline && nc.sess.Link != "" {
		rows = append(rows, row(Button{Label: nc.t("notice.btn.join"), URL: nc.sess.Link}))
	}
	live := nc.booking.Status.Active() && nc.sess.Status == core.SessionScheduled && nc.now.Before(nc.sess.Start)
	var acts []Button
	if live {
		acts = append(acts, btn(nc.t("notice.btn.cancel"), actCancel, id36(nc.booking.ID)))
		if nc.coach != nil && nc.booking.Status != core.BookingWaitlisted && core.CanReschedule(nc.coach.Policy, nc.now, nc.sess.Start) {
			acts = append(acts, btn(nc.t("notice.btn.reschedule"), actReschedule, id36(nc.booking.ID)))
		}
	}
	if len(acts) > 0 {
		rows = append(rows, acts)
	}
	if card {
		rows = append(rows, row(btn(nc.t("notice.btn.booking"), actBookingCard, id36(nc.booking.ID))))
	}
	return rows
}

// offer words a late-window seat offer with Accept and Pass, while it is
// open.
func (nc *noticeCtx) offer() (string, [][]Button, error) {
	bk := nc.booking
	if bk == nil || bk.Status != core.BookingPendingPayment || bk.PaymentID != 0 || !nc.now.Before(bk.HoldUntil) {
		return "", nil, ErrObsolete
	}
	text := nc.t("notice.offer", "What", nc.what(), "Coach", nc.coachName(), "When", nc.when(), "Until", nc.at(bk.HoldUntil))
	return text, [][]Button{row(btn(nc.t("notice.btn.accept"), actOfferAccept, id36(bk.ID)), btn(nc.t("notice.btn.pass"), actOfferPass, id36(bk.ID)))}, nil
}

// sessionUpdated lists what the coach changed.
func (nc *noticeCtx) sessionUpdated() string {
	lines := []string{nc.t("notice.session_updated", "What", nc.what(), "Coach", nc.coachName())}
	for _, c := range strings.Split(nc.n.Data["changes"], ",") {
		switch c {
		case "time":
			lines = append(lines, nc.t("notice.updated.time", "When", nc.when(), "Was", nc.at(nc.dataTime("from_start"))))
		case "place":
			lines = append(lines, nc.t("notice.updated.place", "Place", orDash(nc.sess.Place)))
		case "link":
			lines = append(lines, nc.t("notice.updated.link", "Link", orDash(nc.sess.Link)))
		case "price":
			lines = append(lines, nc.t("notice.updated.price", "Price", formatMoney(nc.lang, nc.sess.Price)))
		case "notes":
			lines = append(lines, nc.t("notice.updated.notes", "Notes", orDash(nc.sess.Notes)))
		case "seats":
			lines = append(lines, nc.t("notice.updated.seats", "Seats", nc.sess.Capacity))
		}
	}
	if !strings.Contains(nc.n.Data["changes"], "time") {
		lines = append(lines, nc.t("notice.updated.when", "When", nc.when()))
	}
	return nc.lines(lines...)
}

// passGranted words credits landing on a new pass.
func (nc *noticeCtx) passGranted() (string, [][]Button, error) {
	if nc.pass == nil {
		return "", nil, ErrObsolete
	}
	p := nc.pass
	text := nc.t("notice.pass_granted", "Count", p.Credits, "Pass", p.Name, "Expires", nc.day(p.Expires))
	var rows [][]Button
	if len(nc.payable) > 0 {
		text = nc.lines(text, nc.t("notice.pass_can_pay", "Count", len(nc.payable)))
		for _, it := range nc.payable {
			label := nc.t("notice.btn.pay_with_pass", "What", it.typ.Name+", "+nc.at(it.sess.Start))
			rows = append(rows, row(btn(label, actPayWithPass, id36(it.booking.ID), id36(p.ID))))
		}
	}
	return text, append(rows, row(btn(nc.t("menu.book"), actMenu, "book"), btn(nc.t("menu.classes"), actMenu, "classes"))), nil
}

// passExpiring warns of a pass about to expire with credits left; once
// the credits are used up or the pass has expired there is nothing to say.
func (nc *noticeCtx) passExpiring() (string, [][]Button, error) {
	p := nc.pass
	if p == nil || p.CreditsLeft == 0 || p.Expired(nc.now) {
		return "", nil, ErrObsolete
	}
	return nc.t("notice.pass_expiring", "Count", p.CreditsLeft, "Pass", p.Name, "Expires", nc.at(p.Expires)),
		[][]Button{row(btn(nc.t("menu.book"), actMenu, "book"), btn(nc.t("menu.classes"), actMenu, "classes"))}, nil
}

// receipt words a payment received, as the client keeps it.
func (nc *noticeCtx) receipt() (string, [][]Button, error) {
	p := nc.payment
	if p == nil {
		return "", nil, ErrObsolete
	}
	method := nc.t("notice.method.manual")
	if p.Method == core.MethodStripe {
		method = nc.t("notice.method.stripe")
	}
	text := nc.t("notice.payment_paid", "Amount", formatMoney(nc.lang, p.Amount), "For", nc.paidFor(), "Date", nc.day(p.PaidAt), "ID", p.ID, "Method", method)
	if nc.sess != nil || p.BookingID != 0 {
		return text, [][]Button{row(btn(nc.t("menu.mybookings"), actMenu, "mybookings"))}, nil
	}
	return text, [][]Button{row(btn(nc.t("menu.passes"), actMenu, "passes"))}, nil
}

// paidFor names what a payment paid: the session, the package or a fee.
func (nc *noticeCtx) paidFor() string {
	switch {
	case nc.payment != nil && nc.payment.Purpose == core.PurposeFee:
		return nc.t("notice.paid_fee")
	case nc.payment != nil && nc.payment.Purpose == core.PurposePackage:
		if nc.pass != nil {
			return nc.pass.Name
		}
		return nc.t("notice.paid_package")
	case nc.sess != nil:
		return nc.what() + ", " + nc.when()
	}
	return nc.t("notice.paid_booking")
}

// agendaText is the coach's morning digest.
func (nc *noticeCtx) agendaText() string {
	day, err := time.ParseInLocation(time.DateOnly, nc.n.Data["day"], nc.loc)
	if err != nil {
		day = nc.now.In(nc.loc)
	}
	lines := []string{nc.t("notice.coach_agenda", "Day", formatDay(nc.lang, day))}
	if len(nc.agenda) == 0 {
		lines = append(lines, nc.t("notice.agenda.none"))
	}
	for _, it := range nc.agenda {
		var who string
		switch {
		case it.sess.Capacity == 1 && len(it.names) > 0:
			who = strings.Join(it.names, ", ")
		case it.sess.Capacity == 1:
			who = nc.t("notice.agenda.open")
		default:
			who = nc.t("notice.agenda.group", "Seated", it.taken, "Capacity", it.sess.Capacity)
			if it.waiting > 0 {
				who += nc.t("notice.agenda.waiting", "Waiting", it.waiting)
			}
		}
		lines = append(lines, fmt.Sprintf("• %s %s — %s", formatClock(it.sess.Start.In(nc.loc)), it.typ.Name, who))
	}
	return nc.lines(lines...)
}

// outcome words what a cancellation did to credits and money.
func (nc *noticeCtx) outcome() []string {
	d := nc.n.Data
	var lines []string
	if k, _ := strconv.Atoi(d["credits_returned"]); k > 0 {
		lines = append(lines, nc.t("notice.credits_returned", "Count", k))
	}
	if k, _ := strconv.Atoi(d["credits_forfeited"]); k > 0 {
		lines = append(lines, nc.t("notice.credits_forfeited", "Count", k))
	}
	if d["refund"] != "" {
		lines = append(lines, nc.t("notice.refund", "Amount", nc.money(d["refund"])))
	}
	if d["fee"] != "" {
		lines = append(lines, nc.t("notice.fee", "Fee", nc.money(d["fee"])))
	}
	return lines
}

// passLine says which pass paid for a seat, if one did.
func (nc *noticeCtx) passLine() string {
	bk := nc.booking
	if bk == nil || bk.PassID == 0 || bk.Credits == 0 {
		return ""
	}
	name := ""
	if nc.pass != nil {
		name = nc.pass.Name
	}
	if bk.Charged {
		return nc.t("notice.pass_used", "Count", bk.Credits, "Pass", name)
	}
	return nc.t("notice.pass_reserved", "Count", bk.Credits, "Pass", name)
}

// statusLine adds "awaiting payment" to coach alerts about unpaid seats,
// and the amount a confirmed seat owes at the session.
func (nc *noticeCtx) statusLine() string {
	switch {
	case nc.n.Data["status"] == string(core.BookingPendingPayment):
		return nc.t("notice.status.pending_payment")
	case nc.due != nil:
		return nc.t("notice.status.due", "Amount", formatMoney(nc.lang, nc.due.Amount))
	}
	return ""
}

// dueLine tells a client the amount their confirmed booking still owes
// at the session, if any.
func (nc *noticeCtx) dueLine() string {
	if nc.due == nil || nc.n.ToKind != core.ToClient {
		return ""
	}
	return nc.t("notice.due_at_session", "Amount", formatMoney(nc.lang, nc.due.Amount))
}

// withDuePay puts a Pay button first when the booking owes money at the
// session and payments are online: paying ahead is one tap away.
func (b *Bot) withDuePay(nc *noticeCtx, rows [][]Button) [][]Button {
	if nc.due == nil || b.opts.Checkout == nil {
		return rows
	}
	pay := btn(nc.t("pay.button", "Amount", formatMoney(nc.lang, nc.due.Amount)), actPay, id36(nc.due.ID))
	return append([][]Button{row(pay)}, rows...)
}

// whereLine is the place or the video link of the session.
func (nc *noticeCtx) whereLine() string {
	switch {
	case nc.sess.Mode == core.ModeOnline && nc.sess.Link != "":
		return "🔗 " + nc.sess.Link
	case nc.sess.Place != "":
		return "📍 " + nc.sess.Place
	}
	return ""
}
