-- Progress tracking (a client's body measurements over time): a coach turns it on for a
-- client, who then logs weight and body measurements.

-- +goose Up
-- Which coach turned tracking on for which client; no row: off.
CREATE TABLE progress_enabled (
	coach_id   BIGINT NOT NULL REFERENCES coaches (id),
	client_id  BIGINT NOT NULL REFERENCES clients (id),
	enabled_at TIMESTAMP NOT NULL,
	PRIMARY KEY (coach_id, client_id)
);
CREATE INDEX progress_enabled_client_id_idx ON progress_enabled (client_id);

-- One logged value of one kind, in the kind's unit (kg, cm, %).
CREATE TABLE measurements (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id BIGINT NOT NULL REFERENCES clients (id),
	kind      TEXT NOT NULL,
	value     REAL NOT NULL,
	at        TIMESTAMP NOT NULL
);
CREATE INDEX measurements_client_id_at_idx ON measurements (client_id, at);

-- +goose Down
DROP TABLE measurements;
DROP TABLE progress_enabled;
