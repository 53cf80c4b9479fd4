package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The words of the notices the coach's admin actions write (core/admin.go
// kinds): a day cancelled (once per client, with a button to book again
// per session type lost), a session moved (with "cancel free"), the coach
// running late, and a shared document. The buttons of the first two are
// the client's: cancel free of charge, book that type again.

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actRebookType    = "cbk" // cbk:<type>: book that type again
	actFreeCancelAsk = "fcx" // fcx:<booking>
	actFreeCancel    = "fcy" // fcy:<booking>
)

// registerCoachNotices registers the client buttons of admin notices.
func (b *Bot) registerCoachNotices() {
	b.action(actRebookType, b.rebookType)
	b.action(actFreeCancelAsk, b.freeCancelAsk)
	b.action(actFreeCancel, b.freeCancelDone)
}

// renderAdminNotice words the admin kinds; ok is false for other kinds.
func (b *Bot) renderAdminNotice(nc *noticeCtx) (string, [][]Button, bool, error) {
	n := nc.n
	switch n.Kind {
	case core.NoticeDayCancelled:
		text, rows := nc.dayCancelled()
		return text, rows, true, nil
	case core.NoticeCreditsAdjusted:
		text, rows, err := nc.creditsAdjusted()
		return text, rows, true, err
	case core.NoticeSessionMoved, core.NoticeRunningLate, core.NoticeDocument:
	default:
		return "", nil, false, nil
	}
	if nc.sess == nil || nc.booking == nil {
		return "", nil, true, ErrObsolete
	}
	card := row(btn(nc.t("notice.btn.booking"), actBookingCard, id36(nc.booking.ID)))
	live := nc.booking.Status.Active() && nc.sess.Status == core.SessionScheduled
	switch n.Kind {
	case core.NoticeSessionMoved:
		if !live || !nc.now.Before(nc.sess.Start) {
			return "", nil, true, ErrObsolete
		}
		text := nc.lines(nc.t("cn.moved", "Coach", nc.coachName(), "What", nc.what(), "When", nc.when(), "Was", nc.at(nc.dataTime("from_start"))),
			nc.whereLine(), nc.t("cn.moved_free"))
		return text, [][]Button{row(btn(nc.t("cn.btn.free_cancel"), actFreeCancelAsk, id36(nc.booking.ID))), card}, true, nil
	case core.NoticeRunningLate:
		if !live || !nc.now.Before(nc.sess.End) {
			return "", nil, true, ErrObsolete
		}
		var rows [][]Button
		if nc.sess.Mode == core.ModeOnline && nc.sess.Link != "" {
			rows = append(rows, row(Button{Label: nc.t("notice.btn.join"), URL: nc.sess.Link}))
		}
		return nc.t("cn.late", "Coach", nc.coachName(), "Minutes", n.Data["minutes"], "What", nc.what(), "When", nc.when()), rows, true, nil
	}
	if st := nc.booking.Status; st == core.BookingCancelled || st == core.BookingLateCancelled {
		return "", nil, true, ErrObsolete
	}
	rows := [][]Button{card}
	if u := acctURL(n.Data["url"]); u != "" {
		rows = append([][]Button{row(Button{Label: nc.t("cn.btn.open"), URL: u})}, rows...)
	}
	shared := n.Data["url"]
	if shared == "" {
		shared = "📄 " + n.Data["name"] // a file (booking_attachment.go)
	}
	shared = withNote(shared, n.Data["note"])
	return nc.t("cn.document", "Coach", nc.coachName(), "What", nc.what(), "When", nc.when(), "Shared", shared), rows, true, nil
}

// creditsAdjusted words credits the coach added to or took off a pass
// by hand, with the balance after and the coach's note.
func (nc *noticeCtx) creditsAdjusted() (string, [][]Button, error) {
	delta, err := strconv.Atoi(nc.n.Data["delta"])
	if nc.pass == nil || err != nil || delta == 0 {
		return "", nil, ErrObsolete
	}
	key := "notice.credits_added"
	if delta < 0 {
		key, delta = "notice.credits_taken", -delta
	}
	lines := []string{nc.t(key, "Coach", nc.coachName(), "Count", delta, "Pass", nc.pass.Name),
		nc.t("notice.credits_left", "Count", nc.pass.CreditsLeft, "Expires", nc.day(nc.pass.Expires))}
	if note := nc.n.Data["note"]; note != "" {
		lines = append(lines, nc.t("notice.credits_note", "Note", note))
	}
	return nc.lines(lines...), [][]Button{row(btn(nc.t("menu.passes"), actMenu, "passes"), btn(nc.t("menu.book"), actMenu, "book"))}, nil
}

// dayCancelled words a day's cancellation for one client: each session
// lost, credits back, refunds due, and a way to book each type again.
func (nc *noticeCtx) dayCancelled() (string, [][]Button) {
	d := nc.n.Data
	day := d["day"]
	if at, err := time.Parse(time.DateOnly, day); err == nil {
		day = formatDay(nc.lang, at)
	}
	lines := []string{nc.t("cn.day", "Coach", nc.coachName(), "Day", day)}
	if r := d["reason"]; r != "" {
		lines = append(lines, nc.t("notice.reason", "Reason", r))
	}
	var rows [][]Button
	seen := map[string]bool{}
	for _, item := range strings.Split(d["items"], "\n") {
		parts := strings.SplitN(item, "\t", 3)
		if len(parts) != 3 {
			continue
		}
		at, err := time.Parse(time.RFC3339, parts[0])
		if err != nil {
			continue
		}
		lines = append(lines, "• "+nc.at(at)+" — "+parts[2])
		id, err := strconv.ParseInt(parts[1], 10, 64)
		if err == nil && id > 0 && !seen[parts[1]] && len(rows) < 3 {
			seen[parts[1]] = true
			rows = append(rows, row(btn(nc.t("cn.btn.rebook", "Type", parts[2]), actRebookType, id36(id))))
		}
	}
	if k, _ := strconv.Atoi(d["credits_returned"]); k > 0 {
		lines = append(lines, nc.t("notice.credits_returned", "Count", k))
	}
	for _, r := range strings.Split(d["refunds"], ";") {
		if r != "" {
			lines = append(lines, nc.t("notice.refund", "Amount", nc.money(r)))
		}
	}
	rows = append(rows, row(btn(nc.t("menu.mybookings"), actMenu, "mybookings")))
	return nc.lines(lines...), rows
}

// rebookType opens the booking wizard at a session type again.
func (b *Bot) rebookType(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	return b.bookEntry(ctx, t, id)
}

// freeCancelAsk confirms a free cancellation of a moved session.
func (b *Bot) freeCancelAsk(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	_, ok, err := b.svc.Admin.FreeCancelUntil(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	card := row(btn(b.t(t, "notice.btn.booking"), actBookingCard, id36(id)))
	if !ok {
		t.say(b.t(t, "cn.free_lapsed"), card)
		return nil
	}
	v, err := b.svc.Bookings.MyBooking(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	t.say(b.t(t, "cn.free_ask", "Session", b.acctSessionLine(t, v)), row(btn(b.t(t, "cn.btn.free_yes"), actFreeCancel, id36(id))),
		row(btn(b.t(t, "my.cancel.keep"), actBookingCard, id36(id))))
	return nil
}

// freeCancelDone cancels at no cost; a second tap finds it cancelled.
func (b *Bot) freeCancelDone(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	bk, out, err := b.svc.Admin.CancelFree(ctx, t.client().ID, id, movedReason)
	if err != nil {
		return err
	}
	v, err := b.svc.Bookings.MyBooking(ctx, t.client().ID, bk.ID)
	if err != nil {
		return err
	}
	lines := []string{b.t(t, "cn.free_done", "Session", b.acctSessionLine(t, v))}
	if out.CreditsReturned > 0 {
		lines = append(lines, b.t(t, "notice.credits_returned", "Count", out.CreditsReturned))
	}
	if out.Refund.Amount > 0 {
		lines = append(lines, b.t(t, "notice.refund", "Amount", t.money(out.Refund)))
	}
	t.say(strings.Join(lines, "\n"), row(btn(b.t(t, "menu.book"), actMenu, "book"), btn(b.t(t, "menu.mybookings"), actMenu, "mybookings")))
	return nil
}
