-- What an unpaid booking (no pass, a price) does, per coach and per
-- session type (core.UnpaidMode): 'hold' keeps the seat for the coach's
-- unpaid_hold_s and then releases it (online payment); 'at_session'
-- confirms it at once with the amount due at the session (cash or
-- transfer) until the coach marks it paid or records a no-show.
--
-- A coach who has already been paid online keeps the holds they had; every
-- other coach, who could only be paid by hand, gets 'at_session', so a
-- booking that pays cash is never released behind the coach's back. A
-- session type's '' follows its coach.

-- +goose Up
ALTER TABLE coaches ADD COLUMN unpaid_mode TEXT NOT NULL DEFAULT 'at_session';
UPDATE coaches SET unpaid_mode = 'hold'
	WHERE EXISTS (SELECT 1 FROM payments p WHERE p.coach_id = coaches.id AND p.method = 'stripe');
ALTER TABLE session_types ADD COLUMN unpaid_mode TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE session_types DROP COLUMN unpaid_mode;
ALTER TABLE coaches DROP COLUMN unpaid_mode;
