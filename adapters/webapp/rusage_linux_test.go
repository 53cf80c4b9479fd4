//go:build linux

package webapp

import (
	"syscall"
	"time"
)

// cpuTime is the CPU this process has used, user and system: on a shared
// machine a benchmark's CPU per operation says what its wall time cannot.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
