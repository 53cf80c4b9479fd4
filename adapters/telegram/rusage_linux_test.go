//go:build linux

package telegram

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuTime is the CPU this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the most resident memory this process has held since
// resetPeakRSS (or its start), in bytes.
func peakRSS() int64 { return statusKB("VmHWM:") * 1024 }

// resetPeakRSS makes the peak the memory resident now, so that a
// benchmark's peak is of its measured part, not of its setup.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// currentRSS is the resident memory of this process now, in bytes.
func currentRSS() int64 { return statusKB("VmRSS:") * 1024 }

// statusKB reads one of /proc/self/status's kB figures.
func statusKB(field string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}
