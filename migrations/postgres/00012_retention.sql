-- Retention: the daily prune job deletes sent, withdrawn and dead notices
-- older than their policy, oldest first, in bounded batches. The other
-- pruned tables already have an index on the time they are pruned by
-- (updates_seen.seen_at, provider_events.received_at,
-- link_codes.expires_at, coach_invites.expires_at); conversations are
-- scanned without one, since an index on their updated_at would cost every
-- button press.

-- +goose Up
-- Pending notices, the hot part of the table, stay out of this index.
CREATE INDEX notices_done_due_idx ON notices (status, due) WHERE status <> 'pending';

-- +goose Down
DROP INDEX notices_done_due_idx;
