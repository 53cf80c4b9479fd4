-- The bot's send budgets (core.SendTake): on PostgreSQL a table shared by
-- every replica; SQLite serves one process, which holds them in memory
-- (core.MemoryBudgets). Nothing to store here; the version keeps the two
-- schemas' numbers in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
