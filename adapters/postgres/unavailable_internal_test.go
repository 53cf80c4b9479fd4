package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Errors that are not about the connection keep their meaning.
func TestConnectionLostIsOnlyConnectionErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{io.ErrUnexpectedEOF, true},
		{&net.OpError{Op: "dial", Err: fmt.Errorf("refused")}, true},
		{fmt.Errorf("postgres: begin: %w", &net.OpError{Op: "read"}), true},
		{sql.ErrNoRows, false},
		{context.Canceled, false},
		{fmt.Errorf("syntax error"), false},
	} {
		if got := connectionLost(c.err); got != c.want {
			t.Errorf("connectionLost(%v) = %v, want %v", c.err, got, c.want)
		}
	}
	domain := core.NewError(core.ECONFLICT, "err.slots.taken", "taken")
	if err := unreachable(fmt.Errorf("%w: %w", domain, io.EOF)); core.ErrorCode(err) != core.ECONFLICT {
		t.Fatalf("a domain error became %v", err)
	}
}
