package sqlstore

import "github.com/slotbot/slotbot/core"

const auditCols = `id, booking_id, from_status, to_status, actor, reason, at`

func scanAudit(s rowScanner) (*core.AuditEntry, error) {
	var e core.AuditEntry
	err := s.Scan(&e.ID, &e.BookingID, &e.From, &e.To, &e.Actor, &e.Reason, (*dbTime)(&e.At))
	return &e, err
}

func (t *tx) AddAudit(e *core.AuditEntry) error {
	t.queue("audit", "booking_id, from_status, to_status, actor, reason, at",
		e.BookingID, string(e.From), string(e.To), string(e.Actor), e.Reason, dbTime(e.At))
	return nil
}

// Audit lists a booking's audit trail, oldest first.
func (t *tx) Audit(bookingID int64) ([]*core.AuditEntry, error) {
	if err := t.flushFor("audit"); err != nil {
		return nil, err
	}
	return all(t, "audit", scanAudit, `SELECT `+auditCols+` FROM audit WHERE booking_id = ? ORDER BY id`, bookingID)
}
