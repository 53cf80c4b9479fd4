package sqlstore

import "github.com/slotbot/slotbot/core"

const noticeCols = `id, kind, to_kind, to_id, booking_id, session_id, data, due, status, attempts,
	last_error, created_at, sent_at`

func scanNotice(s rowScanner) (*core.Notice, error) {
	var n core.Notice
	err := s.Scan(&n.ID, &n.Kind, &n.ToKind, &n.ToID, (*nullID)(&n.BookingID), (*nullID)(&n.SessionID),
		(*jsonMap)(&n.Data), (*dbTime)(&n.Due), &n.Status, &n.Attempts, &n.LastError,
		(*dbTime)(&n.Created), (*dbTime)(&n.Sent))
	return &n, err
}

func (t *tx) AddNotice(n *core.Notice) error {
	t.queue("notices", "kind, to_kind, to_id, booking_id, session_id, data, due, status, attempts, last_error, created_at, sent_at",
		string(n.Kind), n.ToKind, n.ToID, nullID(n.BookingID), nullID(n.SessionID), jsonMap(n.Data),
		dbTime(n.Due), string(n.Status), n.Attempts, n.LastError, dbTime(n.Created), dbTime(n.Sent))
	return nil
}

// Notices lists the notices f selects, by id.
func (t *tx) Notices(f core.NoticeFilter) ([]*core.Notice, error) {
	if err := t.flushFor("notices"); err != nil {
		return nil, err
	}
	var w where
	if f.ToKind != "" {
		w.add("to_kind = ?", f.ToKind)
	}
	if f.ToID != 0 {
		w.add("to_id = ?", f.ToID)
	}
	if f.BookingID != 0 {
		w.add("booking_id = ?", f.BookingID)
	}
	if f.SessionID != 0 {
		w.add("session_id = ?", f.SessionID)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	return all(t, "notices", scanNotice, `SELECT `+noticeCols+` FROM notices`+w.String()+` ORDER BY id`, w.args...)
}

// WithdrawNotices withdraws a booking's pending notices of the given
// kinds. No kinds withdraws nothing: a write never widens to "all" by
// accident.
func (t *tx) WithdrawNotices(bookingID int64, kinds []core.NoticeKind) (int, error) {
	if len(kinds) == 0 {
		return 0, nil
	}
	if err := t.flushFor("notices"); err != nil {
		return 0, err
	}
	return t.exec("withdraw notices", `UPDATE notices SET status = ?
		WHERE booking_id = ? AND status = ? AND kind IN (?)`,
		string(core.NoticeWithdrawn), bookingID, string(core.NoticePending), strs(kinds))
}
