-- Who sent each stored update (the platform's user id, and their private
-- chat's id when they wrote there), kept with the update as on PostgreSQL,
-- where the claim reads the sender with it.

-- +goose Up
ALTER TABLE inbox ADD COLUMN sender TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN sender_chat TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE inbox DROP COLUMN sender_chat;
ALTER TABLE inbox DROP COLUMN sender;
