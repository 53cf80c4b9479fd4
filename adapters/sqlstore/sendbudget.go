package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The send budgets (core.SendBudgets): with Dialect.SharedBudgets one row
// per key in send_budget, taken by the function send_budget_take in one
// statement, so every replica on the database shares them; otherwise (one
// process, SQLite) they stay in the process's memory.

// takeSendQuery books one message; see migrations/postgres/00017.
const takeSendQuery = `SELECT send_budget_take($1, $2, $3, $4, $5, $6, $7, $8, $9)`

// holdSendQuery holds a key until $2 (plus its burst's tolerance, $3 µs).
const holdSendQuery = `INSERT INTO send_budget AS b (key, tat) VALUES ($1, $2::timestamptz + $3 * interval '1 microsecond')
	ON CONFLICT (key) DO UPDATE SET tat = greatest(b.tat, EXCLUDED.tat)`

// TakeSend books one message at now, if its budgets allow.
func (s *Store) TakeSend(ctx context.Context, now time.Time, take core.SendTake) (core.SendGrant, error) {
	if s.budgets != nil {
		return s.budgets.TakeSend(ctx, now, take)
	}
	tol := take.ChatTolerance()
	allTol := take.OverallRate.Every * time.Duration(max(take.OverallRate.Burst-1, 0))
	var wait int64
	if err := s.queryRow(ctx, takeSendQuery, now, take.Chat, take.ChatRate.Every.Microseconds(), tol.Microseconds(),
		take.Overall, take.OverallRate.Every.Microseconds(), allTol.Microseconds(), take.Reply, take.Horizon.Microseconds()).Scan(&wait); err != nil {
		return core.SendGrant{}, s.budgetError("take send budget", err)
	}
	if wait < 0 {
		return core.SendGrant{Wait: time.Duration(-(wait + 1)) * time.Microsecond}, nil
	}
	return core.SendGrant{OK: true, Wait: time.Duration(wait) * time.Microsecond}, nil
}

// HoldSend lets nothing through key before until.
func (s *Store) HoldSend(ctx context.Context, key string, rate core.SendRate, until time.Time) error {
	if s.budgets != nil {
		return s.budgets.HoldSend(ctx, key, rate, until)
	}
	tol := rate.Every * time.Duration(max(rate.Burst-1, 0))
	if err := s.exec(ctx, holdSendQuery, key, until, tol.Microseconds()); err != nil {
		return s.budgetError("hold send budget", err)
	}
	return nil
}

// budgetError words a failed budget statement like the store's others.
func (s *Store) budgetError(op string, err error) error {
	if e := s.dialect.Error(err); e != nil {
		return fmt.Errorf("%w: %s: %w", e, op, err)
	}
	return fmt.Errorf("%s: %s: %w", s.dialect.Name, op, err)
}

// queryRow runs q on the writer pool outside any transaction, prepared
// once it is: one round trip.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	s.trips.Add(1)
	if st := s.wstmts.get(q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.writer.QueryRowContext(ctx, q, args...)
}

// exec runs q like queryRow, for its effect.
func (s *Store) exec(ctx context.Context, q string, args ...any) error {
	s.trips.Add(1)
	var err error
	if st := s.wstmts.get(q); st != nil {
		_, err = st.ExecContext(ctx, args...)
	} else {
		_, err = s.writer.ExecContext(ctx, q, args...)
	}
	return err
}
