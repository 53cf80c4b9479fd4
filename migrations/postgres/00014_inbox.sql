-- The inbox: a platform update is stored before it is acknowledged, so an
-- update answered 200 (or an interaction deferred) survives a crash of the
-- replica that took it. Workers of any replica claim a chat's oldest
-- stored update (claimed_by until claimed_until), one per chat at a time,
-- and delete it once handled; updates_seen, written with it in the same
-- statement, keeps the platform's redeliveries out.

-- +goose Up
CREATE TABLE inbox (
	id            BIGSERIAL PRIMARY KEY,
	platform      TEXT NOT NULL,
	update_id     TEXT NOT NULL,
	chat          TEXT NOT NULL,
	body          TEXT NOT NULL,
	received_at   TIMESTAMPTZ NOT NULL,
	claimed_by    TEXT,
	claimed_until TIMESTAMPTZ,
	attempts      INTEGER NOT NULL DEFAULT 0
);
-- The claim asks, for each candidate, whether its chat has an older
-- update: one probe of this index.
CREATE INDEX inbox_chat_idx ON inbox (platform, chat, id);

-- +goose Down
DROP TABLE inbox;
