-- The outbox sent by several replicas: a notice is leased to one
-- dispatcher at a time (claimed_by until claimed_until; an expired lease is
-- claimed again), a job's notice is written once per dedupe_key, and a
-- seat freed inside the late window is offered before it is given.

-- +goose Up
ALTER TABLE notices ADD COLUMN claimed_by TEXT;
ALTER TABLE notices ADD COLUMN claimed_until TIMESTAMPTZ;
ALTER TABLE notices ADD COLUMN dedupe_key TEXT;

-- The due query walks pending notices by (due, id) and stops at the first
-- one not yet due: a million future reminders cost it nothing.
DROP INDEX notices_pending_due_idx;
CREATE INDEX notices_pending_due_id_idx ON notices (due, id) WHERE status = 'pending';
CREATE UNIQUE INDEX notices_dedupe_key_idx ON notices (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX notices_dead_idx ON notices (id) WHERE status = 'dead';

-- Pass expiry warnings look for passes with credits expiring soon.
CREATE INDEX passes_expires_idx ON passes (expires) WHERE credits_left > 0;

CREATE TABLE offers (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	booking_id BIGINT NOT NULL REFERENCES bookings (id),
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	client_id  BIGINT NOT NULL REFERENCES clients (id),
	expires_at TIMESTAMPTZ NOT NULL,
	status     TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	decided_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX offers_open_booking_idx ON offers (booking_id) WHERE status = 'open';
CREATE INDEX offers_open_until_idx ON offers (expires_at) WHERE status = 'open';

-- Periodic jobs run on one replica per tick: the replica holding the
-- lease runs it.
CREATE TABLE job_leases (
	name       TEXT PRIMARY KEY,
	owner      TEXT NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE job_leases;
DROP TABLE offers;
DROP INDEX passes_expires_idx;
DROP INDEX notices_dead_idx;
DROP INDEX notices_dedupe_key_idx;
DROP INDEX notices_pending_due_id_idx;
CREATE INDEX notices_pending_due_idx ON notices (status, due) WHERE status = 'pending';
ALTER TABLE notices DROP COLUMN dedupe_key;
ALTER TABLE notices DROP COLUMN claimed_until;
ALTER TABLE notices DROP COLUMN claimed_by;
