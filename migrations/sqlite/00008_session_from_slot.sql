-- A 1:1 created by a client booking an open slot gives its time back to
-- the coach when its booking is cancelled or released.

-- +goose Up
ALTER TABLE sessions ADD COLUMN from_slot INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE sessions DROP COLUMN from_slot;
