package sqlstore

import "github.com/slotbot/slotbot/core"

const sessionTypeCols = `id, coach_id, name, duration_s, price_amount, price_currency, credit_cost,
	online, in_person, location, video_link, capacity, retired, unpaid_mode`

func scanSessionType(s rowScanner) (*core.SessionType, error) {
	var st core.SessionType
	err := s.Scan(sessionTypeDest(&st)...)
	return &st, err
}

// sessionTypeDest is where the columns of sessionTypeCols are scanned to.
func sessionTypeDest(st *core.SessionType) []any {
	return []any{&st.ID, &st.CoachID, &st.Name, (*seconds)(&st.Duration), &st.Price.Amount,
		&st.Price.Currency, &st.CreditCost, &st.Online, &st.InPerson, &st.Location, &st.VideoLink,
		&st.Capacity, &st.Retired, &st.Unpaid}
}

func (t *tx) CreateSessionType(st *core.SessionType) error {
	id, err := t.insert("create session type", `INSERT INTO session_types (coach_id, name, duration_s,
		price_amount, price_currency, credit_cost, online, in_person, location, video_link, capacity,
		retired, unpaid_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		st.CoachID, st.Name, seconds(st.Duration), st.Price.Amount, st.Price.Currency, st.CreditCost,
		st.Online, st.InPerson, st.Location, st.VideoLink, st.Capacity, st.Retired, string(st.Unpaid))
	if err != nil {
		return err
	}
	st.ID = id
	return nil
}

func (t *tx) SessionType(id int64) (*core.SessionType, error) {
	return cached(t, tSessionTypes, idKey(id), cloneType, func() (*core.SessionType, error) {
		return one(t, "session type", "Session type", scanSessionType,
			`SELECT `+sessionTypeCols+` FROM session_types WHERE id = ?`, id)
	})
}

// SessionTypeDetails reads a session type with its coach in one query,
// or from the cache when both are there.
func (t *tx) SessionTypeDetails(id int64) (*core.SessionType, *core.Coach, error) {
	if t.cache != nil && !t.wrote.has(tSessionTypes) && !t.wrote.has(tCoaches) {
		if v, ok := t.cache.get(tSessionTypes, idKey(id)); ok {
			st := v.(*core.SessionType)
			if c, ok := t.cache.get(tCoaches, idKey(st.CoachID)); ok {
				return cloneType(st), cloneCoach(c.(*core.Coach)), nil
			}
		}
	}
	st, c, err := t.sessionTypeDetails(id)
	if err == nil && t.cache != nil && !t.wrote.has(tSessionTypes) && !t.wrote.has(tCoaches) {
		t.cache.put(tSessionTypes, idKey(id), cloneType(st), t.seen)
		t.cache.put(tCoaches, idKey(c.ID), cloneCoach(c), t.seen)
	}
	return st, c, err
}

// sessionTypeDetails is SessionTypeDetails from the database.
func (t *tx) sessionTypeDetails(id int64) (*core.SessionType, *core.Coach, error) {
	var (
		st core.SessionType
		c  core.Coach
	)
	dest := append(sessionTypeDest(&st), coachDest(&c)...)
	_, err := one(t, "session type details", "Session type", func(s rowScanner) (*core.SessionType, error) {
		return &st, s.Scan(dest...)
	}, `SELECT `+prefix("t.", sessionTypeCols)+`, `+prefix("co.", coachCols)+`
		FROM session_types t JOIN coaches co ON co.id = t.coach_id WHERE t.id = ?`, id)
	if err != nil {
		return nil, nil, err
	}
	return &st, &c, nil
}

func (t *tx) UpdateSessionType(st *core.SessionType) error {
	return t.update("update session type", "Session type", `UPDATE session_types SET coach_id = ?,
		name = ?, duration_s = ?, price_amount = ?, price_currency = ?, credit_cost = ?, online = ?,
		in_person = ?, location = ?, video_link = ?, capacity = ?, retired = ?, unpaid_mode = ? WHERE id = ?`,
		st.CoachID, st.Name, seconds(st.Duration), st.Price.Amount, st.Price.Currency, st.CreditCost,
		st.Online, st.InPerson, st.Location, st.VideoLink, st.Capacity, st.Retired, string(st.Unpaid), st.ID)
}

// SessionTypes lists a coach's session types, retired ones included.
func (t *tx) SessionTypes(coachID int64) ([]*core.SessionType, error) {
	return cached(t, tSessionTypes, "coach:"+idKey(coachID), cloneList(cloneType), func() ([]*core.SessionType, error) {
		return all(t, "session types", scanSessionType,
			`SELECT `+sessionTypeCols+` FROM session_types WHERE coach_id = ? ORDER BY id`, coachID)
	})
}
