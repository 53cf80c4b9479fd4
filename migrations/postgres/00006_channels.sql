-- Groups and channels linked by coaches, and the posts announcing their
-- sessions there, kept so a post can be edited when seats change.

-- +goose Up
CREATE TABLE channels (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	coach_id   BIGINT NOT NULL REFERENCES coaches (id),
	platform   TEXT NOT NULL,
	chat_id    TEXT NOT NULL,
	title      TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (coach_id, platform, chat_id)
);
CREATE INDEX channels_chat_idx ON channels (platform, chat_id);

-- One post per channel and session; text is what the post says now.
CREATE TABLE announcements (
	channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	message_id TEXT NOT NULL,
	text       TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (channel_id, session_id)
);
CREATE INDEX announcements_session_id_idx ON announcements (session_id);

-- +goose Down
DROP TABLE announcements;
DROP TABLE channels;
