-- Chat state that must survive restarts, and coaches' availability rules.

-- +goose Up
-- One person is at most one coach.
CREATE UNIQUE INDEX coaches_client_id_idx ON coaches (client_id) WHERE client_id IS NOT NULL;

-- The booking wizard's state per chat user; step guards double taps.
CREATE TABLE conversations (
	platform   TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	flow       TEXT NOT NULL DEFAULT '',
	step       INTEGER NOT NULL,
	data       TEXT NOT NULL DEFAULT '{}', -- JSON object of strings
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (platform, user_id)
);

-- Platform update ids already handled, so a redelivery acts once.
CREATE TABLE updates_seen (
	platform  TEXT NOT NULL,
	update_id TEXT NOT NULL,
	seen_at   TIMESTAMP NOT NULL,
	PRIMARY KEY (platform, update_id)
);
CREATE INDEX updates_seen_seen_at_idx ON updates_seen (seen_at);

-- A coach's weekly hours, exceptions, buffers, notice, horizon and step.
CREATE TABLE availability (
	coach_id BIGINT PRIMARY KEY REFERENCES coaches (id),
	rules    TEXT NOT NULL -- JSON of core.Availability
);

-- +goose Down
DROP TABLE availability;
DROP TABLE updates_seen;
DROP TABLE conversations;
DROP INDEX coaches_client_id_idx;
