-- The bot's send budgets (core.SendTake), shared by every replica: one row
-- per key (a platform, or one of its chats) holding its theoretical arrival
-- time. A row whose tat has passed is the same as no row: the retention job
-- deletes those.

-- +goose Up
CREATE TABLE send_budget (
	key text PRIMARY KEY,
	tat timestamptz NOT NULL
);

-- send_budget_take is core.SendTake.Take on the rows of p_chat and p_all,
-- locked in that order (every caller locks a chat before the platform, so
-- two replicas never deadlock). Durations are in microseconds. It returns
-- the wait: >= 0 the message is booked and goes after it; < 0 nothing was
-- booked, and its earliest place is -wait-1 away.
-- +goose StatementBegin
CREATE FUNCTION send_budget_take(p_now timestamptz, p_chat text, p_chat_every bigint, p_chat_tol bigint,
	p_all text, p_all_every bigint, p_all_tol bigint, p_reply boolean, p_horizon bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	us constant interval := interval '1 microsecond';
	c timestamptz;
	a timestamptz;
	chat_allows timestamptz;
	at timestamptz := p_now;
BEGIN
	INSERT INTO send_budget (key, tat) VALUES (p_chat, p_now), (p_all, p_now) ON CONFLICT (key) DO NOTHING;
	SELECT greatest(tat, p_now) INTO c FROM send_budget WHERE key = p_chat FOR UPDATE;
	SELECT greatest(tat, p_now) INTO a FROM send_budget WHERE key = p_all FOR UPDATE;
	chat_allows := c - p_chat_tol * us;
	IF p_reply THEN
		IF chat_allows > p_now THEN
			RETURN -floor(extract(epoch FROM chat_allows - p_now) * 1000000)::bigint - 1;
		END IF;
	ELSE
		at := greatest(p_now, a - p_all_tol * us);
		IF at - p_now > p_horizon * us THEN
			RETURN -floor(extract(epoch FROM at - p_now) * 1000000)::bigint - 1;
		END IF;
		IF chat_allows > at THEN
			RETURN -floor(extract(epoch FROM chat_allows - p_now) * 1000000)::bigint - 1;
		END IF;
	END IF;
	UPDATE send_budget SET tat = greatest(c, at) + p_chat_every * us WHERE key = p_chat;
	UPDATE send_budget SET tat = greatest(a, at) + p_all_every * us WHERE key = p_all;
	RETURN floor(extract(epoch FROM at - p_now) * 1000000)::bigint;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION send_budget_take(timestamptz, text, bigint, bigint, text, bigint, bigint, boolean, bigint);
DROP TABLE send_budget;
