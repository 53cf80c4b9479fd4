package sqlstore

import (
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The store side of the coach admin flows (core.AdminTx): invite codes,
// free cancellations of moved sessions, and a coach's client list.

const coachInviteCols = `code_hash, created_by, expires_at, created_at`

func scanCoachInvite(s rowScanner) (*core.CoachInvite, error) {
	var i core.CoachInvite
	err := s.Scan(&i.Hash, &i.CreatedBy, (*dbTime)(&i.Expires), (*dbTime)(&i.Created))
	return &i, err
}

// PutCoachInvite stores an invitation after removing the expired ones.
func (t *tx) PutCoachInvite(i *core.CoachInvite) error {
	if _, err := t.exec("clear coach invites", `DELETE FROM coach_invites WHERE expires_at <= ?`, dbTime(i.Created)); err != nil {
		return err
	}
	_, err := t.exec("put coach invite", `INSERT INTO coach_invites (`+coachInviteCols+`) VALUES (?, ?, ?, ?)`,
		i.Hash, i.CreatedBy, dbTime(i.Expires), dbTime(i.Created))
	return err
}

// TakeCoachInvite deletes an invitation and returns it, in one statement
// so two people racing with one code cannot both have it.
func (t *tx) TakeCoachInvite(hash string) (*core.CoachInvite, error) {
	return one(t, "take coach invite", "Invite", scanCoachInvite,
		`DELETE FROM coach_invites WHERE code_hash = ? RETURNING `+coachInviteCols, hash)
}

// InviteFailures counts wrong invite codes since since, the person's and
// everyone's, in one query.
func (t *tx) InviteFailures(clientID int64, since time.Time) (int, int, error) {
	var mine, all int
	q, args, err := t.query(`SELECT COUNT(*) FILTER (WHERE client_id = ?), COUNT(*) FROM invite_failures WHERE at >= ?`,
		[]any{clientID, dbTime(since)})
	if err != nil {
		return 0, 0, t.fail("invite failures", "", err)
	}
	if err := t.queryRow(q, args).Scan(&mine, &all); err != nil {
		return 0, 0, t.fail("invite failures", "", err)
	}
	return mine, all, nil
}

// AddInviteFailure records a wrong invite code and forgets the old ones.
func (t *tx) AddInviteFailure(clientID int64, at, prune time.Time) error {
	if _, err := t.exec("prune invite failures", `DELETE FROM invite_failures WHERE at < ?`, dbTime(prune)); err != nil {
		return err
	}
	_, err := t.exec("add invite failure", `INSERT INTO invite_failures (client_id, at) VALUES (?, ?)`, clientID, dbTime(at))
	return err
}

// PutFreeCancel grants a booking's free cancellation, or moves its end.
func (t *tx) PutFreeCancel(f *core.FreeCancel) error {
	_, err := t.exec("put free cancel", `INSERT INTO free_cancels (booking_id, until_at, created_at) VALUES (?, ?, ?)
		ON CONFLICT (booking_id) DO UPDATE SET until_at = excluded.until_at`,
		f.BookingID, dbTime(f.Until), dbTime(f.Created))
	return err
}

// FreeCancel reads a booking's free cancellation.
func (t *tx) FreeCancel(bookingID int64) (*core.FreeCancel, error) {
	return one(t, "free cancel", "Free cancellation", func(s rowScanner) (*core.FreeCancel, error) {
		var f core.FreeCancel
		err := s.Scan(&f.BookingID, (*dbTime)(&f.Until), (*dbTime)(&f.Created))
		return &f, err
	}, `SELECT booking_id, until_at, created_at FROM free_cancels WHERE booking_id = ?`, bookingID)
}

// CoachClients lists the clients who dealt with a coach, by name.
func (t *tx) CoachClients(coachID int64, query string, n int) ([]*core.Client, error) {
	pattern := "%" + escapeLike(strings.ToLower(query)) + "%"
	return all(t, "coach clients", scanClient, `SELECT `+clientCols+` FROM clients
		WHERE id IN (
			SELECT b.client_id FROM bookings b JOIN sessions s ON s.id = b.session_id WHERE s.coach_id = ?
			UNION SELECT client_id FROM passes WHERE coach_id = ?
			UNION SELECT client_id FROM payments WHERE coach_id = ?)
		AND search LIKE ? ESCAPE '\'
		ORDER BY name, id`+limit(n), coachID, coachID, coachID, pattern)
}
