package sqlstore

import (
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Coaches' own calendars and their busy times (core/calendar.go).

const calendarCols = `id, coach_id, name, url, etag, last_modified, busy_until, busy_count, last_ok,
	failing_since, problem, fail_notified, created_at`

func scanCalendar(s rowScanner) (*core.CoachCalendar, error) {
	var c core.CoachCalendar
	var problem string
	err := s.Scan(&c.ID, &c.CoachID, &c.Name, &c.URL, &c.ETag, &c.LastModified, (*dbTime)(&c.BusyUntil), &c.Busy,
		(*dbTime)(&c.LastOK), (*dbTime)(&c.FailingSince), &problem, &c.FailNotified, (*dbTime)(&c.Created))
	c.Problem = core.CalendarProblem(problem)
	return &c, err
}

// CreateCalendar inserts a calendar.
func (t *tx) CreateCalendar(c *core.CoachCalendar) error {
	id, err := t.insert("create calendar", `INSERT INTO coach_calendars (coach_id, name, url, etag, last_modified,
		busy_until, busy_count, last_ok, failing_since, problem, fail_notified, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.CoachID, c.Name, c.URL, c.ETag, c.LastModified, dbTime(c.BusyUntil), c.Busy, dbTime(c.LastOK),
		dbTime(c.FailingSince), string(c.Problem), c.FailNotified, dbTime(c.Created))
	if err != nil {
		return err
	}
	c.ID = id
	return nil
}

// Calendar reads one calendar.
func (t *tx) Calendar(id int64) (*core.CoachCalendar, error) {
	return one(t, "calendar", "Calendar", scanCalendar, `SELECT `+calendarCols+` FROM coach_calendars WHERE id = ?`, id)
}

// Calendars lists a coach's calendars, or everyone's for coachID 0.
func (t *tx) Calendars(coachID int64) ([]*core.CoachCalendar, error) {
	if coachID == 0 {
		return all(t, "calendars", scanCalendar, `SELECT `+calendarCols+` FROM coach_calendars ORDER BY coach_id, id`)
	}
	return all(t, "calendars", scanCalendar, `SELECT `+calendarCols+` FROM coach_calendars WHERE coach_id = ? ORDER BY id`, coachID)
}

// UpdateCalendar stores a calendar's fields.
func (t *tx) UpdateCalendar(c *core.CoachCalendar) error {
	return t.update("update calendar", "Calendar", `UPDATE coach_calendars SET name = ?, url = ?, etag = ?,
		last_modified = ?, busy_until = ?, busy_count = ?, last_ok = ?, failing_since = ?, problem = ?,
		fail_notified = ? WHERE id = ?`,
		c.Name, c.URL, c.ETag, c.LastModified, dbTime(c.BusyUntil), c.Busy, dbTime(c.LastOK),
		dbTime(c.FailingSince), string(c.Problem), c.FailNotified, c.ID)
}

// DeleteCalendar removes a calendar; its busy times go with it (ON DELETE
// CASCADE).
func (t *tx) DeleteCalendar(id int64) error {
	n, err := t.exec("delete calendar", `DELETE FROM coach_calendars WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("Calendar")
	}
	return nil
}

// busyBatches are the sizes of the INSERTs that write busy times, largest
// first: 4 parameters a row keeps the largest well under both databases'
// limits, and a few fixed sizes keep the texts few for the prepared
// statement cache (prepared.go), where one text per length would not.
var busyBatches = [...]int{500, 100, 20, 5, 1}

// PutCalendarBusy replaces a calendar's busy times: one DELETE, then
// INSERTs of busyBatches rows.
func (t *tx) PutCalendarBusy(calendarID, coachID int64, busy []core.Interval) error {
	if _, err := t.exec("clear calendar busy", `DELETE FROM calendar_busy WHERE calendar_id = ?`, calendarID); err != nil {
		return err
	}
	for len(busy) > 0 {
		n := busyBatches[len(busyBatches)-1]
		for _, b := range busyBatches {
			if b <= len(busy) {
				n = b
				break
			}
		}
		var q strings.Builder
		q.WriteString(`INSERT INTO calendar_busy (calendar_id, coach_id, start_at, end_at) VALUES `)
		args := make([]any, 0, 4*n)
		for i, b := range busy[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?)")
			args = append(args, calendarID, coachID, dbTime(b.Start), dbTime(b.End))
		}
		if _, err := t.exec("put calendar busy", q.String(), args...); err != nil {
			return err
		}
		busy = busy[n:]
	}
	return nil
}

// scanInterval reads a start and an end.
func scanInterval(s rowScanner) (*core.Interval, error) {
	var iv core.Interval
	err := s.Scan((*dbTime)(&iv.Start), (*dbTime)(&iv.End))
	return &iv, err
}

// intervals reads rows of (start, end) into values.
func intervals(t *tx, op, q string, args ...any) ([]core.Interval, error) {
	ps, err := all(t, op, scanInterval, q, args...)
	if err != nil {
		return nil, err
	}
	out := make([]core.Interval, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out, nil
}

// CalendarBusy lists a calendar's busy times.
func (t *tx) CalendarBusy(calendarID int64) ([]core.Interval, error) {
	return intervals(t, "calendar busy", `SELECT start_at, end_at FROM calendar_busy WHERE calendar_id = ?
		ORDER BY start_at, end_at`, calendarID)
}

// CalendarBusyBetween lists a coach's calendar busy times overlapping
// [from, to).
func (t *tx) CalendarBusyBetween(coachID int64, from, to time.Time) ([]core.Interval, error) {
	return intervals(t, "calendar busy between", `SELECT start_at, end_at FROM calendar_busy
		WHERE coach_id = ? AND start_at < ? AND end_at > ? ORDER BY start_at, end_at`, coachID, dbTime(to), dbTime(from))
}

// BusyTimes reads the coach's scheduled sessions and calendar busy times
// overlapping [from, to) in one statement. A session lasts at most a
// day, so its start is bounded below too, which keeps the read on the
// (coach_id, start_at) index.
func (t *tx) BusyTimes(coachID int64, from, to time.Time, except int64) ([]core.Interval, error) {
	return intervals(t, "busy times", `SELECT start_at, end_at FROM sessions
			WHERE coach_id = ? AND status = 'scheduled' AND start_at >= ? AND start_at < ? AND end_at > ? AND id <> ?
		UNION ALL
		SELECT start_at, end_at FROM calendar_busy WHERE coach_id = ? AND start_at < ? AND end_at > ?
		ORDER BY 1, 2`,
		coachID, dbTime(from.Add(-24*time.Hour)), dbTime(to), dbTime(from), except,
		coachID, dbTime(to), dbTime(from))
}

// PutCoachFeedToken replaces the coach's agenda feed token.
func (t *tx) PutCoachFeedToken(coachID int64, hash string, at time.Time) error {
	if _, err := t.exec("clear coach feed token", `DELETE FROM coach_feeds WHERE coach_id = ?`, coachID); err != nil {
		return err
	}
	_, err := t.exec("put coach feed token", `INSERT INTO coach_feeds (coach_id, token_hash, created_at) VALUES (?, ?, ?)`,
		coachID, hash, dbTime(at))
	return err
}

// FeedCoach finds the coach of an agenda feed token by its hash.
func (t *tx) FeedCoach(hash string) (int64, error) {
	var id int64
	q, args, err := t.query(`SELECT coach_id FROM coach_feeds WHERE token_hash = ?`, []any{hash})
	if err != nil {
		return 0, t.fail("feed coach", "Agenda feed", err)
	}
	if err := t.queryRow(q, args).Scan(&id); err != nil {
		return 0, t.fail("feed coach", "Agenda feed", err)
	}
	return id, nil
}

// HasCoachFeedToken reports whether the coach has an agenda feed token.
func (t *tx) HasCoachFeedToken(coachID int64) (bool, error) {
	var one int
	q, args, err := t.query(`SELECT 1 FROM coach_feeds WHERE coach_id = ?`, []any{coachID})
	if err != nil {
		return false, t.fail("has coach feed token", "", err)
	}
	err = t.queryRow(q, args).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, t.fail("has coach feed token", "", err)
	}
	return true, nil
}
