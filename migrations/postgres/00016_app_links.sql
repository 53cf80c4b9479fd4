-- The calendar Mini App: one-use links for the people who open it from
-- Discord or the terminal chat, and the secret the links are signed with.

-- +goose Up
-- Only the SHA-256 of a link's nonce is kept (core.AppLink); a link is
-- deleted when used, and expired ones when the next one is made.
CREATE TABLE app_links (
	nonce_hash TEXT PRIMARY KEY,
	client_id  BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	expires_at TIMESTAMPTZ NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);

-- One random secret per name, made by the first replica that needs it.
CREATE TABLE app_secrets (
	name       TEXT PRIMARY KEY,
	secret     TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE app_secrets;
DROP TABLE app_links;
