-- The coach admin flows: one-time codes that make a person a coach, and
-- the free cancellation a client gets when the coach moves their session.

-- +goose Up
-- Only the SHA-256 of a code is kept; a row lives at most core.CoachInviteTTL.
CREATE TABLE coach_invites (
	code_hash  TEXT PRIMARY KEY,
	created_by BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	expires_at TIMESTAMPTZ NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX coach_invites_expires_at_idx ON coach_invites (expires_at);

-- A booking whose session the coach moved may be cancelled at no cost
-- until until_at.
CREATE TABLE free_cancels (
	booking_id BIGINT PRIMARY KEY REFERENCES bookings (id),
	until_at   TIMESTAMPTZ NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE free_cancels;
DROP TABLE coach_invites;
