-- Who sent each stored update (the platform's user id, and their private
-- chat's id when they wrote there): the claim reads the sender's person
-- and conversation with the update, in the same statement, so handling a
-- known person's update needs no statement of its own to find them.

-- +goose Up
ALTER TABLE inbox ADD COLUMN sender TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN sender_chat TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE inbox DROP COLUMN sender_chat;
ALTER TABLE inbox DROP COLUMN sender;
