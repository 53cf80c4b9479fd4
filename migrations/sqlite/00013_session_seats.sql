-- Seats taken: each session row carries the number of its bookings that
-- hold a seat (core.SeatStatuses: confirmed, pending_payment, completed,
-- no_show), kept by triggers on bookings, as on PostgreSQL, where a
-- booking reads them with the session lock in one statement. SQLite's
-- writes already run one at a time.

-- +goose Up
ALTER TABLE sessions ADD COLUMN taken integer NOT NULL DEFAULT 0;
UPDATE sessions SET taken = (SELECT COUNT(*) FROM bookings b WHERE b.session_id = sessions.id
	AND b.status IN ('confirmed', 'pending_payment', 'completed', 'no_show'));

-- +goose StatementBegin
CREATE TRIGGER bookings_seats_insert AFTER INSERT ON bookings
	WHEN NEW.status IN ('confirmed', 'pending_payment', 'completed', 'no_show')
BEGIN
	UPDATE sessions SET taken = taken + 1 WHERE id = NEW.session_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER bookings_seats_update AFTER UPDATE OF status, session_id ON bookings
	WHEN NOT (OLD.status IN ('confirmed', 'pending_payment', 'completed', 'no_show')
		AND NEW.status IN ('confirmed', 'pending_payment', 'completed', 'no_show')
		AND OLD.session_id = NEW.session_id)
BEGIN
	UPDATE sessions SET taken = taken - 1 WHERE id = OLD.session_id
		AND OLD.status IN ('confirmed', 'pending_payment', 'completed', 'no_show');
	UPDATE sessions SET taken = taken + 1 WHERE id = NEW.session_id
		AND NEW.status IN ('confirmed', 'pending_payment', 'completed', 'no_show');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER bookings_seats_delete AFTER DELETE ON bookings
	WHEN OLD.status IN ('confirmed', 'pending_payment', 'completed', 'no_show')
BEGIN
	UPDATE sessions SET taken = taken - 1 WHERE id = OLD.session_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER bookings_seats_delete;
DROP TRIGGER bookings_seats_update;
DROP TRIGGER bookings_seats_insert;
ALTER TABLE sessions DROP COLUMN taken;
