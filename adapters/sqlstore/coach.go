package sqlstore

import "github.com/slotbot/slotbot/core"

const coachCols = `id, client_id, name, zone, cancel_window_s, late_outcome, late_fee_amount,
	late_fee_currency, reschedule_notice_s, unpaid_hold_s, reminder_offsets, created_at, unpaid_mode`

func scanCoach(s rowScanner) (*core.Coach, error) {
	var c core.Coach
	err := s.Scan(coachDest(&c)...)
	return &c, err
}

// coachDest is where the columns of coachCols are scanned to.
func coachDest(c *core.Coach) []any {
	p := &c.Policy
	return []any{&c.ID, (*nullID)(&c.ClientID), &c.Name, &c.Zone, (*seconds)(&p.CancelWindow),
		&p.LateOutcome, &p.LateFee.Amount, &p.LateFee.Currency, (*seconds)(&p.RescheduleNotice),
		(*seconds)(&p.UnpaidHold), (*secondsList)(&p.ReminderOffsets), (*dbTime)(&c.Created), &p.Unpaid}
}

func (t *tx) CreateCoach(c *core.Coach) error {
	p := &c.Policy
	id, err := t.insert("create coach", `INSERT INTO coaches (client_id, name, zone, cancel_window_s,
		late_outcome, late_fee_amount, late_fee_currency, reschedule_notice_s, unpaid_hold_s,
		reminder_offsets, created_at, unpaid_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullID(c.ClientID), c.Name, c.Zone, seconds(p.CancelWindow), string(p.LateOutcome),
		p.LateFee.Amount, p.LateFee.Currency, seconds(p.RescheduleNotice), seconds(p.UnpaidHold),
		secondsList(p.ReminderOffsets), dbTime(c.Created), string(p.Mode()))
	if err != nil {
		return err
	}
	c.ID = id
	return nil
}

func (t *tx) Coach(id int64) (*core.Coach, error) {
	return cached(t, tCoaches, idKey(id), cloneCoach, func() (*core.Coach, error) {
		return one(t, "coach", "Coach", scanCoach, `SELECT `+coachCols+` FROM coaches WHERE id = ?`, id)
	})
}

func (t *tx) UpdateCoach(c *core.Coach) error {
	p := &c.Policy
	return t.update("update coach", "Coach", `UPDATE coaches SET client_id = ?, name = ?, zone = ?,
		cancel_window_s = ?, late_outcome = ?, late_fee_amount = ?, late_fee_currency = ?,
		reschedule_notice_s = ?, unpaid_hold_s = ?, reminder_offsets = ?, unpaid_mode = ? WHERE id = ?`,
		nullID(c.ClientID), c.Name, c.Zone, seconds(p.CancelWindow), string(p.LateOutcome),
		p.LateFee.Amount, p.LateFee.Currency, seconds(p.RescheduleNotice), seconds(p.UnpaidHold),
		secondsList(p.ReminderOffsets), string(p.Mode()), c.ID)
}

func (t *tx) Coaches() ([]*core.Coach, error) {
	return cached(t, tCoaches, "all", cloneList(cloneCoach), func() ([]*core.Coach, error) {
		return all(t, "coaches", scanCoach, `SELECT `+coachCols+` FROM coaches ORDER BY id`)
	})
}
