-- On PostgreSQL, writes to the cached catalog tables notify the other
-- replicas (adapters/sqlstore/cache.go). SQLite serves one process, whose
-- own writes keep its cache. Nothing to change here; the version keeps the
-- two schemas' numbers in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
