package bot

import (
	"strconv"

	"github.com/slotbot/slotbot/core"
)

// calendarClash words a new busy time of the coach's own calendar over a
// session with bookings, with buttons to move or cancel the session;
// once the session is no longer scheduled, or is over, there is nothing
// to say.
func (nc *noticeCtx) calendarClash() (string, [][]Button, error) {
	n := nc.n
	if nc.sess.Status != core.SessionScheduled || !nc.now.Before(nc.sess.End) {
		return "", nil, ErrObsolete
	}
	busy := nc.dataTime("busy_start")
	until := nc.dataTime("busy_end")
	span := nc.at(busy)
	if !until.IsZero() {
		span += "–" + until.In(nc.loc).Format("15:04")
	}
	who := nc.who()
	if n.BookingID == 0 { // a group session: how many are booked
		count, _ := strconv.Atoi(n.Data["booked"])
		who = nc.t("notice.booked_people", "Count", count)
	}
	text := nc.t("notice.coach_calendar_clash", "Name", n.Data["name"], "Busy", span, "What", nc.what(),
		"When", nc.when(), "Who", who)
	rows := [][]Button{row(btn(nc.t("notice.btn.move_session"), actSessionMove, id36(nc.sess.ID)),
		btn(nc.t("notice.btn.cancel_session"), actSessionCancel, id36(nc.sess.ID)))}
	return text, rows, nil
}

// calendarProblemText words why a calendar could not be read.
func calendarProblemText(cat *catalog, lang string, p core.CalendarProblem) string {
	switch p {
	case core.CalendarBadURL, core.CalendarScheme, core.CalendarPrivate, core.CalendarRedirects, core.CalendarTooBig,
		core.CalendarTimeout, core.CalendarUnreachable, core.CalendarNotFound, core.CalendarDenied, core.CalendarNotICal:
		return cat.t(lang, "calendar.problem."+string(p))
	}
	return cat.t(lang, "calendar.problem.http")
}
