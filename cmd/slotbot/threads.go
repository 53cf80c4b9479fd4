package main

// oneThread reports whether Slotbot should run Go code on one thread
// instead of Go's default, procs: runtime.GOMAXPROCS(0) at start, which
// Go derives from the CPUs the process may use, a cgroup's CPU limit
// included. An update passes from goroutine to goroutine (long poll,
// inbox, worker, Bot API call, and lib/pq starts one per statement to
// watch its context), and with a second thread each
// hand-off wakes an idle thread that looks for work and sleeps again. In
// the rush on 2 CPUs one thread spent 13–20 % less CPU an update on
// PostgreSQL and 16 % less on SQLite, replies as fast ("On a machine of
// two cores or fewer" in docs/deploy.md). GOMAXPROCS set to any value is
// left to Go, which reads it; so is a process with more CPUs, where the
// web pages or a large iCal import may use them, and one with a single
// CPU, already on one thread. Once set, a CPU limit raised later is seen
// only after a restart.
func oneThread(getenv func(string) string, procs int) bool {
	return procs == 2 && getenv("GOMAXPROCS") == ""
}
