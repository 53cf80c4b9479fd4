package main

import (
	"log/slog"
	"net/http"
	"net/http/pprof"
)

// pprofHandler serves Go's profiler at /debug/pprof/, for profiling the
// real process under load (CPU, heap, allocations, goroutines). It is
// mounted on its own listener (SLOTBOT_PPROF_ADDR), never on the public
// one: profiles show code paths and memory, and a CPU profile costs a
// little while it runs.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// pprofJob is the profiler's listener when SLOTBOT_PPROF_ADDR is set; ok
// is false when it is not (the default: no profiler).
func pprofJob(addr string, log *slog.Logger) (j job, ok bool, err error) {
	if addr == "" {
		return job{}, false, nil
	}
	j, err = listen(addr, pprofHandler(), log.With("listener", "pprof"))
	if err != nil {
		return job{}, false, err
	}
	j.name = "pprof"
	return j, true, nil
}
