// Package storetest is the one contract suite every core.Store passes.
// Store adapters call Run from their own tests with a function that opens
// a fresh, empty, migrated store for each test, so tests run in parallel.
package storetest

import (
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Opener opens a fresh, empty, migrated store owned by tb; the store is
// closed and dropped when tb ends.
type Opener func(tb testing.TB) core.Store

// testCase is one named contract test.
type testCase struct {
	name string
	fn   func(t *testing.T, open Opener)
}

// Run runs the whole contract suite against the store open returns.
func Run(t *testing.T, open Opener) {
	var all []testCase
	all = append(all, crudCases()...)
	all = append(all, serviceCases()...)
	all = append(all, sendCases()...)
	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}
