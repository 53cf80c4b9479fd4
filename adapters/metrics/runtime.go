package metrics

import (
	"runtime"
	"runtime/debug"
	rm "runtime/metrics"
	"time"
)

// Indexes into writeGoMetrics' runtimeSamples.
const (
	rsTinyAllocs = iota
	rsAllocs
	rsFrees
	rsAllocBytes
	rsHeapObjects
	rsHeapGoal
	rsTotal
	rsHeapObjBytes
	rsHeapUnused
	rsHeapReleased
	rsHeapFree
	rsHeapStacks
	rsOSStacks
	rsMSpanInuse
	rsMSpanFree
	rsMCacheInuse
	rsMCacheFree
	rsProfBuckets
	rsMetadataOther
	rsOther
	rsGOGC
	rsGoMemLimit
	rsGOMAXPROCS
)

// writeGoMetrics writes the Go runtime's metrics under the names, help
// and types Prometheus's Go collector gives them (client_golang v1.25,
// its default set), which dashboards and alerts already use.
func writeGoMetrics(w *textWriter) {
	// runtimeSamples are the runtime/metrics read at each scrape, in the
	// order of the rs* indexes; the go_memstats_* values are computed from
	// them as Prometheus's Go collector computes them (without stopping the
	// world, as runtime.ReadMemStats would).
	runtimeSamples := [...]string{
		rsTinyAllocs:    "/gc/heap/tiny/allocs:objects",
		rsAllocs:        "/gc/heap/allocs:objects",
		rsFrees:         "/gc/heap/frees:objects",
		rsAllocBytes:    "/gc/heap/allocs:bytes",
		rsHeapObjects:   "/gc/heap/objects:objects",
		rsHeapGoal:      "/gc/heap/goal:bytes",
		rsTotal:         "/memory/classes/total:bytes",
		rsHeapObjBytes:  "/memory/classes/heap/objects:bytes",
		rsHeapUnused:    "/memory/classes/heap/unused:bytes",
		rsHeapReleased:  "/memory/classes/heap/released:bytes",
		rsHeapFree:      "/memory/classes/heap/free:bytes",
		rsHeapStacks:    "/memory/classes/heap/stacks:bytes",
		rsOSStacks:      "/memory/classes/os-stacks:bytes",
		rsMSpanInuse:    "/memory/classes/metadata/mspan/inuse:bytes",
		rsMSpanFree:     "/memory/classes/metadata/mspan/free:bytes",
		rsMCacheInuse:   "/memory/classes/metadata/mcache/inuse:bytes",
		rsMCacheFree:    "/memory/classes/metadata/mcache/free:bytes",
		rsProfBuckets:   "/memory/classes/profiling/buckets:bytes",
		rsMetadataOther: "/memory/classes/metadata/other:bytes",
		rsOther:         "/memory/classes/other:bytes",
		rsGOGC:          "/gc/gogc:percent",
		rsGoMemLimit:    "/gc/gomemlimit:bytes",
		rsGOMAXPROCS:    "/sched/gomaxprocs:threads",
	}
	samples := make([]rm.Sample, len(runtimeSamples))
	for i, name := range runtimeSamples {
		samples[i].Name = name
	}
	rm.Read(samples)
	v := func(i int) float64 {
		if samples[i].Value.Kind() != rm.KindUint64 {
			return 0
		}
		return float64(samples[i].Value.Uint64())
	}

	var gc debug.GCStats
	gc.PauseQuantiles = make([]time.Duration, 5)
	debug.ReadGCStats(&gc)
	w.header("go_gc_duration_seconds", "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.", "summary")
	for i, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
		w.sample("go_gc_duration_seconds", nil, nil, "quantile", q, gc.PauseQuantiles[i].Seconds())
	}
	w.sample("go_gc_duration_seconds_sum", nil, nil, "", "", gc.PauseTotal.Seconds())
	w.sample("go_gc_duration_seconds_count", nil, nil, "", "", float64(gc.NumGC))

	w.gauge("go_gc_gogc_percent", "Heap size target percentage configured by the user, otherwise 100. This value is set by the GOGC environment variable, and the runtime/debug.SetGCPercent function. Sourced from /gc/gogc:percent.", v(rsGOGC))
	w.gauge("go_gc_gomemlimit_bytes", "Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function. Sourced from /gc/gomemlimit:bytes.", v(rsGoMemLimit))
	w.gauge("go_goroutines", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine()))
	w.header("go_info", "Information about the Go environment.", "gauge")
	w.sample("go_info", []string{"version"}, []string{runtime.Version()}, "", "", 1)

	tiny := v(rsTinyAllocs)
	heapAlloc := v(rsHeapObjBytes)
	heapInuse := heapAlloc + v(rsHeapUnused)
	heapIdle := v(rsHeapReleased) + v(rsHeapFree)
	memstats := []struct {
		name, help string
		counter    bool
		v          float64
	}{
		{"alloc_bytes", "Number of bytes allocated in heap and currently in use. Equals to /memory/classes/heap/objects:bytes.", false, heapAlloc},
		{"alloc_bytes_total", "Total number of bytes allocated in heap until now, even if released already. Equals to /gc/heap/allocs:bytes.", true, v(rsAllocBytes)},
		{"buck_hash_sys_bytes", "Number of bytes used by the profiling bucket hash table. Equals to /memory/classes/profiling/buckets:bytes.", false, v(rsProfBuckets)},
		{"frees_total", "Total number of heap objects frees. Equals to /gc/heap/frees:objects + /gc/heap/tiny/allocs:objects.", true, v(rsFrees) + tiny},
		{"gc_sys_bytes", "Number of bytes used for garbage collection system metadata. Equals to /memory/classes/metadata/other:bytes.", false, v(rsMetadataOther)},
		{"heap_alloc_bytes", "Number of heap bytes allocated and currently in use, same as go_memstats_alloc_bytes. Equals to /memory/classes/heap/objects:bytes.", false, heapAlloc},
		{"heap_idle_bytes", "Number of heap bytes waiting to be used. Equals to /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", false, heapIdle},
		{"heap_inuse_bytes", "Number of heap bytes that are in use. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes", false, heapInuse},
		{"heap_objects", "Number of currently allocated objects. Equals to /gc/heap/objects:objects.", false, v(rsHeapObjects)},
		{"heap_released_bytes", "Number of heap bytes released to OS. Equals to /memory/classes/heap/released:bytes.", false, v(rsHeapReleased)},
		{"heap_sys_bytes", "Number of heap bytes obtained from system. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes + /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", false, heapInuse + heapIdle},
		{"last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.", false, float64(gc.LastGC.UnixNano()) / 1e9},
		{"mallocs_total", "Total number of heap objects allocated, both live and gc-ed. Semantically a counter version for go_memstats_heap_objects gauge. Equals to /gc/heap/allocs:objects + /gc/heap/tiny/allocs:objects.", true, v(rsAllocs) + tiny},
		{"mcache_inuse_bytes", "Number of bytes in use by mcache structures. Equals to /memory/classes/metadata/mcache/inuse:bytes.", false, v(rsMCacheInuse)},
		{"mcache_sys_bytes", "Number of bytes used for mcache structures obtained from system. Equals to /memory/classes/metadata/mcache/inuse:bytes + /memory/classes/metadata/mcache/free:bytes.", false, v(rsMCacheInuse) + v(rsMCacheFree)},
		{"mspan_inuse_bytes", "Number of bytes in use by mspan structures. Equals to /memory/classes/metadata/mspan/inuse:bytes.", false, v(rsMSpanInuse)},
		{"mspan_sys_bytes", "Number of bytes used for mspan structures obtained from system. Equals to /memory/classes/metadata/mspan/inuse:bytes + /memory/classes/metadata/mspan/free:bytes.", false, v(rsMSpanInuse) + v(rsMSpanFree)},
		{"next_gc_bytes", "Number of heap bytes when next garbage collection will take place. Equals to /gc/heap/goal:bytes.", false, v(rsHeapGoal)},
		{"other_sys_bytes", "Number of bytes used for other system allocations. Equals to /memory/classes/other:bytes.", false, v(rsOther)},
		{"stack_inuse_bytes", "Number of bytes obtained from system for stack allocator in non-CGO environments. Equals to /memory/classes/heap/stacks:bytes.", false, v(rsHeapStacks)},
		{"stack_sys_bytes", "Number of bytes obtained from system for stack allocator. Equals to /memory/classes/heap/stacks:bytes + /memory/classes/os-stacks:bytes.", false, v(rsHeapStacks) + v(rsOSStacks)},
		{"sys_bytes", "Number of bytes obtained from system. Equals to /memory/classes/total:byte.", false, v(rsTotal)},
	}
	for _, s := range memstats {
		if s.counter {
			w.counter("go_memstats_"+s.name, s.help, s.v)
		} else {
			w.gauge("go_memstats_"+s.name, s.help, s.v)
		}
	}
	w.gauge("go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously. Sourced from /sched/gomaxprocs:threads.", v(rsGOMAXPROCS))
	threads, _ := runtime.ThreadCreateProfile(nil)
	w.gauge("go_threads", "Number of OS threads created.", float64(threads))
}
