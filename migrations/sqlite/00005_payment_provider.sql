-- Online payment (Stripe): the payment pages opened for pending payments,
-- the provider's events already applied, and each coach's payment rules.

-- +goose Up
-- One row per page a provider opened (or is opening) for a payment; the
-- newest attempt is the payment's page. session_id is the provider's id
-- (a Checkout Session), '' while the page is being created.
CREATE TABLE payment_checkouts (
	payment_id  BIGINT NOT NULL REFERENCES payments (id),
	attempt     INTEGER NOT NULL,
	provider    TEXT NOT NULL,
	session_id  TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	expires_at  TIMESTAMP NOT NULL,
	payment_ref TEXT NOT NULL DEFAULT '', -- the provider's id of the money (PaymentIntent)
	refund_ref  TEXT NOT NULL DEFAULT '',
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	PRIMARY KEY (payment_id, attempt)
);
CREATE UNIQUE INDEX payment_checkouts_session_idx ON payment_checkouts (provider, session_id) WHERE session_id <> '';
CREATE INDEX payment_checkouts_payment_ref_idx ON payment_checkouts (provider, payment_ref) WHERE payment_ref <> '';
CREATE INDEX payment_checkouts_open_idx ON payment_checkouts (provider, created_at) WHERE status IN ('creating', 'open');

-- Provider event ids already applied, so a replayed webhook acts once.
CREATE TABLE provider_events (
	provider    TEXT NOT NULL,
	event_id    TEXT NOT NULL,
	kind        TEXT NOT NULL DEFAULT '',
	received_at TIMESTAMP NOT NULL,
	PRIMARY KEY (provider, event_id)
);
CREATE INDEX provider_events_received_at_idx ON provider_events (received_at);

-- A coach's rules for money; no row means the defaults.
CREATE TABLE payment_policies (
	coach_id     BIGINT PRIMARY KEY REFERENCES coaches (id),
	late_payment TEXT NOT NULL DEFAULT 'refund' -- refund | credit
);

-- +goose Down
DROP TABLE payment_policies;
DROP TABLE provider_events;
DROP TABLE payment_checkouts;
