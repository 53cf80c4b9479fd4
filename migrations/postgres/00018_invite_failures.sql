-- Wrong coach invite codes, counted so that an invite (40 bits, valid 7
-- days) cannot be guessed by trying: a person gets a few wrong tries an
-- hour, and everyone together a few dozen (core.InviteTries*). Rows
-- older than the window are deleted as new ones are written.

-- +goose Up
CREATE TABLE invite_failures (
	id        BIGSERIAL PRIMARY KEY,
	client_id BIGINT NOT NULL,
	at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX invite_failures_at_idx ON invite_failures (at);
CREATE INDEX invite_failures_client_idx ON invite_failures (client_id, at);

-- +goose Down
DROP TABLE invite_failures;
