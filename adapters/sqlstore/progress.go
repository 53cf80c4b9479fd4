package sqlstore

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

// SetProgress turns a coach's tracking of a client on (keeping the first
// enabled_at) or off.
func (t *tx) SetProgress(coachID, clientID int64, on bool, at time.Time) error {
	if !on {
		_, err := t.exec("disable progress", `DELETE FROM progress_enabled WHERE coach_id = ? AND client_id = ?`,
			coachID, clientID)
		return err
	}
	_, err := t.exec("enable progress", `INSERT INTO progress_enabled (coach_id, client_id, enabled_at)
		VALUES (?, ?, ?) ON CONFLICT (coach_id, client_id) DO NOTHING`, coachID, clientID, dbTime(at))
	return err
}

// ProgressCoaches lists the coaches tracking a client, by id.
func (t *tx) ProgressCoaches(clientID int64) ([]int64, error) {
	ids, err := all(t, "progress coaches", func(s rowScanner) (*int64, error) {
		var id int64
		err := s.Scan(&id)
		return &id, err
	}, `SELECT coach_id FROM progress_enabled WHERE client_id = ? ORDER BY coach_id`, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = *id
	}
	return out, nil
}

const measurementCols = `id, client_id, kind, value, at`

func scanMeasurement(s rowScanner) (*core.Measurement, error) {
	var m core.Measurement
	err := s.Scan(&m.ID, &m.ClientID, &m.Kind, &m.Value, (*dbTime)(&m.At))
	return &m, err
}

// CreateMeasurement stores a logged value.
func (t *tx) CreateMeasurement(m *core.Measurement) error {
	id, err := t.insert("create measurement", `INSERT INTO measurements (client_id, kind, value, at)
		VALUES (?, ?, ?, ?) RETURNING id`, m.ClientID, string(m.Kind), m.Value, dbTime(m.At))
	if err != nil {
		return err
	}
	m.ID = id
	return nil
}

// Measurements lists a client's values, newest first.
func (t *tx) Measurements(clientID int64, n int) ([]*core.Measurement, error) {
	return all(t, "measurements", scanMeasurement, `SELECT `+measurementCols+` FROM measurements
		WHERE client_id = ? ORDER BY at DESC, id DESC`+limit(n), clientID)
}
