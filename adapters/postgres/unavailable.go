package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
	"github.com/slotbot/slotbot/core"
)

// errUnreachable is what a person is told while PostgreSQL cannot be
// reached: the bot words EUNAVAILABLE as "please try again in a moment".
// database/sql reconnects by itself once the server is back.
var errUnreachable = core.NewError(core.EUNAVAILABLE, "err.store.unreachable", "The calendar cannot be reached right now. Please try again in a moment.")

// Update runs fn in one read-write transaction (sqlstore's Update); a
// lost or refused connection becomes EUNAVAILABLE.
func (s *Store) Update(ctx context.Context, fn func(core.Tx) error) error {
	return unreachable(s.Store.Update(ctx, fn))
}

// View runs fn in a read-only transaction (sqlstore's View); a lost or
// refused connection becomes EUNAVAILABLE.
func (s *Store) View(ctx context.Context, fn func(core.Tx) error) error {
	return unreachable(s.Store.View(ctx, fn))
}

// Single runs fn's one statement (sqlstore's Single); a lost or refused
// connection becomes EUNAVAILABLE.
func (s *Store) Single(ctx context.Context, fn func(core.Tx) error) error {
	return unreachable(s.Store.Single(ctx, fn))
}

// Browse runs fn's reads for a screen (sqlstore's Browse); a lost or
// refused connection becomes EUNAVAILABLE.
func (s *Store) Browse(ctx context.Context, fn func(core.Tx) error) error {
	return unreachable(s.Store.Browse(ctx, fn))
}

// unreachable puts EUNAVAILABLE in front of an error that says the
// database is down, restarting, refusing connections or gone mid-query;
// other errors, and those that already carry a *core.Error, pass as they
// are.
func unreachable(err error) error {
	var ce *core.Error
	if err == nil || errors.As(err, &ce) || !connectionLost(err) {
		return err
	}
	return fmt.Errorf("%w: %w", errUnreachable, err)
}

// connectionLost reports whether err comes from the connection rather
// than the statement: a dial failure, a broken or closed connection, or
// the server's connection exceptions (class 08), shutdown (57P01-57P03)
// and "too many connections" (53300).
func connectionLost(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code {
		case pqerror.AdminShutdown, pqerror.CrashShutdown, pqerror.CannotConnectNow, pqerror.TooManyConnections:
			return true
		}
		return pe.Code.Class() == "08"
	}
	var ne *net.OpError
	return errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}
