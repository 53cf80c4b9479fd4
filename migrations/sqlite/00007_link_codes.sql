-- One-time codes that link one person's accounts on two platforms (/link).

-- +goose Up
-- Only the SHA-256 of a code is kept; a row lives at most core.LinkTTL.
CREATE TABLE link_codes (
	code_hash  TEXT PRIMARY KEY,
	client_id  BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	platform   TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX link_codes_account_idx ON link_codes (platform, user_id);
CREATE INDEX link_codes_expires_at_idx ON link_codes (expires_at);

-- +goose Down
DROP TABLE link_codes;
