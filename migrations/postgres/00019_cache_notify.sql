-- Every replica keeps the catalog (coaches, session types, packages,
-- availability rules) in memory (adapters/sqlstore/cache.go). A write to
-- one of these tables, by any replica or by hand, notifies the channel
-- slotbot_cache with "schema.table", once per statement (and once per
-- transaction for the same table: PostgreSQL folds equal notifications),
-- delivered when the transaction commits; each replica listens and drops
-- that table from its cache.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION slotbot_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('slotbot_cache', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
	RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER coaches_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON coaches
	FOR EACH STATEMENT EXECUTE FUNCTION slotbot_cache_notify();
CREATE TRIGGER session_types_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON session_types
	FOR EACH STATEMENT EXECUTE FUNCTION slotbot_cache_notify();
CREATE TRIGGER packages_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON packages
	FOR EACH STATEMENT EXECUTE FUNCTION slotbot_cache_notify();
CREATE TRIGGER availability_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON availability
	FOR EACH STATEMENT EXECUTE FUNCTION slotbot_cache_notify();

-- +goose Down
DROP TRIGGER availability_cache ON availability;
DROP TRIGGER packages_cache ON packages;
DROP TRIGGER session_types_cache ON session_types;
DROP TRIGGER coaches_cache ON coaches;
DROP FUNCTION slotbot_cache_notify();
