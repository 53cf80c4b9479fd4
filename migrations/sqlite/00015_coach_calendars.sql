-- Coaches' own calendars (core/calendar.go): the iCal addresses a coach
-- connected, and the busy times read from them, expanded over the booking
-- horizon, so open slots leave them out with one indexed read. Only start
-- and end are kept: no event title, place or guest enters the database.
-- And the coach's agenda feed, the client feed's counterpart.

-- +goose Up
CREATE TABLE coach_calendars (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	coach_id       BIGINT NOT NULL REFERENCES coaches (id) ON DELETE CASCADE,
	name           TEXT NOT NULL,
	url            TEXT NOT NULL,
	etag           TEXT NOT NULL DEFAULT '',
	last_modified  TEXT NOT NULL DEFAULT '',
	busy_until     TIMESTAMP,
	busy_count     INTEGER NOT NULL DEFAULT 0,
	last_ok        TIMESTAMP,
	failing_since  TIMESTAMP,
	problem        TEXT NOT NULL DEFAULT '',
	fail_notified  INTEGER NOT NULL DEFAULT 0,
	created_at     TIMESTAMP NOT NULL,
	UNIQUE (coach_id, url)
);

CREATE TABLE calendar_busy (
	calendar_id BIGINT NOT NULL REFERENCES coach_calendars (id) ON DELETE CASCADE,
	coach_id    BIGINT NOT NULL,
	start_at    TIMESTAMP NOT NULL,
	end_at      TIMESTAMP NOT NULL
);
CREATE INDEX calendar_busy_coach_id_start_at_idx ON calendar_busy (coach_id, start_at);
CREATE INDEX calendar_busy_calendar_id_idx ON calendar_busy (calendar_id);

CREATE TABLE coach_feeds (
	coach_id   BIGINT PRIMARY KEY REFERENCES coaches (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE coach_feeds;
DROP TABLE calendar_busy;
DROP TABLE coach_calendars;
