-- Seats taken: each session row carries the number of its bookings that
-- hold a seat (core.SeatStatuses: confirmed, pending_payment, completed,
-- no_show), kept by a trigger on bookings. A booking locks the session
-- row and reads its seats in the same statement: the count is part of the
-- locked row, so it is current once the lock is held (a booking that
-- changed it updated the row, which the waiting statement reads again),
-- where a COUNT over bookings would see the statement's older snapshot.
-- That saves a booking a round trip and the scan of the session's
-- bookings.

-- +goose Up
ALTER TABLE sessions ADD COLUMN taken integer NOT NULL DEFAULT 0;
UPDATE sessions s SET taken = (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id
	AND b.status IN ('confirmed', 'pending_payment', 'completed', 'no_show'));

-- +goose StatementBegin
CREATE FUNCTION bookings_seats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	was boolean := TG_OP <> 'INSERT' AND OLD.status IN ('confirmed', 'pending_payment', 'completed', 'no_show');
	is_now boolean := TG_OP <> 'DELETE' AND NEW.status IN ('confirmed', 'pending_payment', 'completed', 'no_show');
BEGIN
	IF was AND is_now AND OLD.session_id = NEW.session_id THEN
		RETURN NULL;
	END IF;
	IF was THEN
		UPDATE sessions SET taken = taken - 1 WHERE id = OLD.session_id;
	END IF;
	IF is_now THEN
		UPDATE sessions SET taken = taken + 1 WHERE id = NEW.session_id;
	END IF;
	RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER bookings_seats AFTER INSERT OR UPDATE OF status, session_id OR DELETE ON bookings
	FOR EACH ROW EXECUTE FUNCTION bookings_seats();

-- +goose Down
DROP TRIGGER bookings_seats ON bookings;
DROP FUNCTION bookings_seats();
ALTER TABLE sessions DROP COLUMN taken;
