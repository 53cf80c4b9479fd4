package main

import "testing"

// Slotbot runs on one thread where Go would run two and nobody set
// GOMAXPROCS; a GOMAXPROCS of any value, even one Go ignores, is left to
// Go, and so are one CPU and more than two.
func TestOneThread(t *testing.T) {
	for _, c := range []struct {
		name  string
		env   map[string]string
		procs int
		want  bool
	}{
		{"two CPUs, GOMAXPROCS unset", nil, 2, true},
		{"two CPUs, GOMAXPROCS=2", map[string]string{"GOMAXPROCS": "2"}, 2, false},
		{"GOMAXPROCS=1", map[string]string{"GOMAXPROCS": "1"}, 1, false},
		{"two CPUs, GOMAXPROCS=8, which Go honours", map[string]string{"GOMAXPROCS": "8"}, 8, false},
		{"two CPUs, GOMAXPROCS=junk, which Go ignores", map[string]string{"GOMAXPROCS": "junk"}, 2, false},
		{"one CPU", nil, 1, false},
		{"three CPUs", nil, 3, false},
		{"a 1.5-CPU cgroup limit, which Go rounds up to 2", nil, 2, true},
		{"sixteen CPUs", nil, 16, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := oneThread(env(c.env), c.procs); got != c.want {
				t.Errorf("oneThread(%v, %d) = %v, want %v", c.env, c.procs, got, c.want)
			}
		})
	}
}
