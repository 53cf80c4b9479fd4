//go:build !linux

package webapp

import "time"

// cpuTime is unknown off Linux: the benchmarks report 0.
func cpuTime() time.Duration { return 0 }
