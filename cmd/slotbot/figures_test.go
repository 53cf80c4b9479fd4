package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fault tests measure what an operator would see (how long, how
// many lost or doubled) and record it with figure. go test shows a
// passing package's output only with -v, so once the tests have run,
// TestMain writes every figure recorded as the table docs/deploy.md
// quotes ("Faults tested") to -faults.report: by default
// .artifacts/faults.md at the repository's root, also printed (-v).

var faultsReport = flag.String("faults.report", "",
	"file the fault tests' figures are written to (default .artifacts/faults.md at the repository's root)")

// faultOrder is the order of the rows: the tests that record a figure.
var faultOrder = []string{
	"TestKilledReplicaLosesNoAcknowledgedUpdate",
	"TestSIGTERMWithABacklogLosesNothing",
	"TestFrozenDatabase",
	"TestOutageDuringANoticeBurst",
	"TestReplicasShareOneSendBudget",
	"TestDiscordUnreachableWhileTelegramWorks",
	"TestKilledReplicaFinishesNoDeferredDiscordAnswer",
	"TestReplicasSurviveAKillAndADatabaseOutage",
}

// figures is what the tests of this run recorded.
var figures struct {
	mu   sync.Mutex
	rows []figureRow
}

// figureRow is one row of the table: the fault, what was measured, by
// which test.
type figureRow struct {
	test, fault, measured string
}

// figure records what a fault test measured under fault (the table's
// first column) and logs it.
func figure(t *testing.T, fault, format string, args ...any) {
	t.Helper()
	measured := fmt.Sprintf(format, args...)
	t.Logf("figure: %s: %s", fault, measured)
	figures.mu.Lock()
	defer figures.mu.Unlock()
	figures.rows = append(figures.rows, figureRow{test: t.Name(), fault: fault, measured: measured})
}

// writeFigures writes the figures recorded, if any, and says where.
func writeFigures() error {
	figures.mu.Lock()
	rows := slices.Clone(figures.rows)
	figures.mu.Unlock()
	if len(rows) == 0 {
		return nil
	}
	rank := func(test string) int {
		if i := slices.Index(faultOrder, test); i >= 0 {
			return i
		}
		return len(faultOrder)
	}
	slices.SortStableFunc(rows, func(a, b figureRow) int {
		return cmp.Or(cmp.Compare(rank(a.test), rank(b.test)), cmp.Compare(a.test, b.test))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "Fault figures of `go test ./cmd/slotbot`, %s, load average %.1f on %d cores.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), loadAverage(), runtime.NumCPU())
	b.WriteString("| fault | measured |\n| --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", r.fault, r.measured)
	}
	b.WriteString("\nTests: ")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.test)
	}
	b.WriteString(".\n")
	path := *faultsReport
	if path == "" {
		_, file, _, _ := runtime.Caller(0)
		path = filepath.Join(filepath.Dir(file), "..", "..", ".artifacts", "faults.md")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Printf("%s\nfault figures written to %s\n", b.String(), path)
	return nil
}
