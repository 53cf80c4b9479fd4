package core_test

import (
	"testing"

	"github.com/slotbot/slotbot/core"
)

// The state machine: every pair of statuses is allowed or refused exactly
// as the product says.
func TestCanTransition(t *testing.T) {
	all := []core.BookingStatus{"", core.BookingPendingPayment, core.BookingConfirmed, core.BookingWaitlisted,
		core.BookingCancelled, core.BookingLateCancelled, core.BookingCompleted, core.BookingNoShow}
	allowed := map[[2]core.BookingStatus]bool{
		{"", core.BookingConfirmed}:                          true,
		{"", core.BookingPendingPayment}:                     true,
		{"", core.BookingWaitlisted}:                         true,
		{core.BookingPendingPayment, core.BookingConfirmed}:  true,
		{core.BookingPendingPayment, core.BookingCancelled}:  true,
		{core.BookingPendingPayment, core.BookingWaitlisted}: true,
		{core.BookingWaitlisted, core.BookingConfirmed}:      true,
		{core.BookingWaitlisted, core.BookingPendingPayment}: true,
		{core.BookingWaitlisted, core.BookingCancelled}:      true,
		{core.BookingConfirmed, core.BookingCancelled}:       true,
		{core.BookingConfirmed, core.BookingLateCancelled}:   true,
		{core.BookingConfirmed, core.BookingCompleted}:       true,
		{core.BookingConfirmed, core.BookingNoShow}:          true,
		{core.BookingCompleted, core.BookingNoShow}:          true,
		{core.BookingNoShow, core.BookingCompleted}:          true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := core.CanTransition(from, to); got != allowed[[2]core.BookingStatus{from, to}] {
				t.Errorf("CanTransition(%q, %q) = %v", from, to, got)
			}
		}
	}
}

func TestMoneyString(t *testing.T) {
	for _, tc := range []struct {
		m    core.Money
		want string
	}{
		{core.Money{Amount: 4500, Currency: "EUR"}, "EUR 45.00"},
		{core.Money{Amount: 5, Currency: "USD"}, "USD 0.05"},
		{core.Money{Amount: 3000, Currency: "JPY"}, "JPY 3000"},
		{core.Money{Amount: -150, Currency: "EUR"}, "EUR -1.50"},
		{core.Money{}, "free"},
	} {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.m, got, tc.want)
		}
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	err := core.NewError(core.ECONFLICT, "err.book.already_in", "You already have a place in this session.")
	if core.ErrorCode(err) != core.ECONFLICT || core.ErrorMessage(err) != "You already have a place in this session." {
		t.Fatal(err)
	}
	wrapped := errorsJoin(err)
	if core.ErrorCode(wrapped) != core.ECONFLICT {
		t.Fatal("code lost through %w")
	}
	plain := errString("pq: relation does not exist")
	if core.ErrorCode(plain) != core.EINTERNAL || core.ErrorMessage(plain) == plain.Error() {
		t.Fatal("internal detail would leak to a user")
	}
	if core.ErrorCode(nil) != "" {
		t.Fatal("nil has a code")
	}
}
