-- Slotbot's core tables. Every time is a TIMESTAMP column holding UTC text that
-- modernc.org/sqlite parses back into time.Time, booleans are 0/1,
-- durations are integer seconds, money is amount (minor units) + currency,
-- lists and maps are JSON text. A zero id or time in Go is NULL here.

-- +goose Up
CREATE TABLE clients (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	zone       TEXT NOT NULL DEFAULT '',
	language   TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	search     TEXT NOT NULL DEFAULT '', -- lower-cased name, email and phone, for SearchClients
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE accounts (
	platform    TEXT NOT NULL,
	user_id     TEXT NOT NULL,
	client_id   BIGINT NOT NULL REFERENCES clients (id),
	chat_id     TEXT NOT NULL DEFAULT '',
	unreachable INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (platform, user_id)
);
CREATE INDEX accounts_client_id_idx ON accounts (client_id);

CREATE TABLE coaches (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id           BIGINT REFERENCES clients (id),
	name                TEXT NOT NULL,
	zone                TEXT NOT NULL,
	cancel_window_s     BIGINT NOT NULL,
	late_outcome        TEXT NOT NULL,
	late_fee_amount     BIGINT NOT NULL DEFAULT 0,
	late_fee_currency   TEXT NOT NULL DEFAULT '',
	reschedule_notice_s BIGINT NOT NULL,
	unpaid_hold_s       BIGINT NOT NULL,
	reminder_offsets    TEXT NOT NULL DEFAULT '[]', -- JSON list of seconds
	created_at          TIMESTAMP NOT NULL
);

CREATE TABLE session_types (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	coach_id       BIGINT NOT NULL REFERENCES coaches (id),
	name           TEXT NOT NULL,
	duration_s     BIGINT NOT NULL,
	price_amount   BIGINT NOT NULL DEFAULT 0,
	price_currency TEXT NOT NULL DEFAULT '',
	credit_cost    INTEGER NOT NULL DEFAULT 0,
	online         INTEGER NOT NULL,
	in_person      INTEGER NOT NULL,
	location       TEXT NOT NULL DEFAULT '',
	video_link     TEXT NOT NULL DEFAULT '',
	capacity       INTEGER NOT NULL,
	retired        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX session_types_coach_id_idx ON session_types (coach_id);

CREATE TABLE sessions (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	coach_id       BIGINT NOT NULL REFERENCES coaches (id),
	type_id        BIGINT NOT NULL REFERENCES session_types (id),
	start_at       TIMESTAMP NOT NULL,
	end_at         TIMESTAMP NOT NULL,
	capacity       INTEGER NOT NULL,
	mode           TEXT NOT NULL,
	place          TEXT NOT NULL DEFAULT '',
	link           TEXT NOT NULL DEFAULT '',
	deadline       TIMESTAMP,
	notes          TEXT NOT NULL DEFAULT '',
	links          TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
	price_amount   BIGINT NOT NULL DEFAULT 0,
	price_currency TEXT NOT NULL DEFAULT '',
	credit_cost    INTEGER NOT NULL DEFAULT 0,
	status         TEXT NOT NULL,
	created_at     TIMESTAMP NOT NULL
);
CREATE INDEX sessions_coach_id_start_at_idx ON sessions (coach_id, start_at);
CREATE INDEX sessions_start_at_idx ON sessions (start_at);

CREATE TABLE packages (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	coach_id       BIGINT NOT NULL REFERENCES coaches (id),
	name           TEXT NOT NULL,
	credits        INTEGER NOT NULL,
	price_amount   BIGINT NOT NULL DEFAULT 0,
	price_currency TEXT NOT NULL DEFAULT '',
	validity_days  INTEGER NOT NULL,
	type_ids       TEXT NOT NULL DEFAULT '[]', -- JSON list of session type ids
	deduct_at      TEXT NOT NULL,
	retired        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX packages_coach_id_idx ON packages (coach_id);

CREATE TABLE passes (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id    BIGINT NOT NULL REFERENCES clients (id),
	coach_id     BIGINT NOT NULL REFERENCES coaches (id),
	package_id   BIGINT REFERENCES packages (id),
	name         TEXT NOT NULL,
	credits      INTEGER NOT NULL,
	credits_left INTEGER NOT NULL CONSTRAINT passes_credits_left_check CHECK (credits_left >= 0),
	type_ids     TEXT NOT NULL DEFAULT '[]', -- JSON list of session type ids
	deduct_at    TEXT NOT NULL,
	expires      TIMESTAMP NOT NULL,
	source       TEXT NOT NULL DEFAULT '',
	created_at   TIMESTAMP NOT NULL
);
CREATE INDEX passes_client_id_expires_idx ON passes (client_id, expires);

CREATE TABLE payments (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id   BIGINT NOT NULL REFERENCES clients (id),
	coach_id    BIGINT NOT NULL REFERENCES coaches (id),
	booking_id  BIGINT REFERENCES bookings (id), -- created below; SQLite checks at write time
	package_id  BIGINT REFERENCES packages (id),
	pass_id     BIGINT REFERENCES passes (id),
	purpose     TEXT NOT NULL,
	amount      BIGINT NOT NULL,
	currency    TEXT NOT NULL,
	method      TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	refund_due  INTEGER NOT NULL DEFAULT 0,
	external_id TEXT NOT NULL DEFAULT '',
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	paid_at     TIMESTAMP
);
CREATE INDEX payments_client_id_idx ON payments (client_id);
CREATE INDEX payments_booking_id_idx ON payments (booking_id);

CREATE TABLE bookings (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id       BIGINT NOT NULL REFERENCES sessions (id),
	client_id        BIGINT NOT NULL REFERENCES clients (id),
	status           TEXT NOT NULL,
	reason           TEXT NOT NULL DEFAULT '',
	pass_id          BIGINT REFERENCES passes (id),
	credits          INTEGER NOT NULL DEFAULT 0,
	charged          INTEGER NOT NULL DEFAULT 0,
	payment_id       BIGINT REFERENCES payments (id),
	hold_until       TIMESTAMP,
	rescheduled_from BIGINT REFERENCES bookings (id),
	rescheduled_to   BIGINT REFERENCES bookings (id),
	created_at       TIMESTAMP NOT NULL,
	updated_at       TIMESTAMP NOT NULL
);
-- One live booking per client and session: a double tap books once.
CREATE UNIQUE INDEX bookings_one_active_idx ON bookings (session_id, client_id)
	WHERE status IN ('confirmed', 'pending_payment', 'waitlisted');
CREATE INDEX bookings_session_id_status_id_idx ON bookings (session_id, status, id);
CREATE INDEX bookings_client_id_idx ON bookings (client_id);
CREATE INDEX bookings_pass_id_idx ON bookings (pass_id);

CREATE TABLE pass_entries (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	pass_id    BIGINT NOT NULL REFERENCES passes (id),
	delta      INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	booking_id BIGINT REFERENCES bookings (id),
	note       TEXT NOT NULL DEFAULT '',
	at         TIMESTAMP NOT NULL
);
CREATE INDEX pass_entries_pass_id_idx ON pass_entries (pass_id);

CREATE TABLE notices (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	kind       TEXT NOT NULL,
	to_kind    TEXT NOT NULL,
	to_id      BIGINT NOT NULL,
	booking_id BIGINT REFERENCES bookings (id),
	session_id BIGINT REFERENCES sessions (id),
	data       TEXT NOT NULL DEFAULT '{}', -- JSON object of strings
	due        TIMESTAMP NOT NULL,
	status     TEXT NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	sent_at    TIMESTAMP
);
-- The outbox asks "what is pending and due"; sent notices stay out of it.
CREATE INDEX notices_pending_due_idx ON notices (status, due) WHERE status = 'pending';
CREATE INDEX notices_booking_id_idx ON notices (booking_id);

CREATE TABLE audit (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	booking_id  BIGINT NOT NULL REFERENCES bookings (id),
	from_status TEXT NOT NULL DEFAULT '',
	to_status   TEXT NOT NULL,
	actor       TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	at          TIMESTAMP NOT NULL
);
CREATE INDEX audit_booking_id_idx ON audit (booking_id);

-- +goose Down
DROP TABLE audit;
DROP TABLE notices;
DROP TABLE pass_entries;
DROP TABLE bookings;
DROP TABLE payments;
DROP TABLE passes;
DROP TABLE packages;
DROP TABLE sessions;
DROP TABLE session_types;
DROP TABLE coaches;
DROP TABLE accounts;
DROP TABLE clients;
