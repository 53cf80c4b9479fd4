-- Per-client calendar feeds: /feed/<token>.ics lists a client's upcoming
-- bookings for their calendar app.

-- +goose Up
-- Only the SHA-256 of a token is kept (core.FeedTokenHash); a client has
-- one token at a time, and a merged-away client's token goes with it.
CREATE TABLE calendar_feeds (
	client_id  BIGINT PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
