//go:build !linux

package telegram

import "time"

// cpuTime is not measured outside Linux.
func cpuTime() time.Duration { return 0 }

// peakRSS is not measured outside Linux.
func peakRSS() int64 { return 0 }

// resetPeakRSS does nothing outside Linux.
func resetPeakRSS() {}

// currentRSS is not measured outside Linux.
func currentRSS() int64 { return 0 }
