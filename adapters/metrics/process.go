package metrics

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// userHZ is the kernel's clock ticks per second in /proc's times
// (USER_HZ: 100 on every Linux architecture Go runs on).
const userHZ = 100

// procStat is what process_* needs from /proc/self/stat.
type procStat struct {
	cpuTicks   uint64 // user and system time, in clock ticks
	startTicks uint64 // start time after boot, in clock ticks
	vsize      uint64 // virtual memory, bytes
	rssPages   uint64 // resident memory, pages
}

// parseProcStat reads /proc/PID/stat (proc(5)): the fields after the
// command's closing parenthesis, since the command may hold spaces and
// parentheses itself.
func parseProcStat(b []byte) (procStat, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, errors.New("stat: no command")
	}
	// Fields from (3) state on: utime is (14), stime (15), starttime
	// (22), vsize (23), rss (24).
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 22 {
		return procStat{}, errors.New("stat: too few fields")
	}
	var n [5]uint64
	for j, at := range [...]int{14, 15, 22, 23, 24} {
		v, err := strconv.ParseInt(f[at-3], 10, 64) // rss is signed
		if err != nil {
			return procStat{}, err
		}
		n[j] = uint64(max(v, 0))
	}
	return procStat{cpuTicks: n[0] + n[1], startTicks: n[2], vsize: n[3], rssPages: n[4]}, nil
}

// parseBootTime reads btime, the boot time in seconds since the epoch,
// from /proc/stat.
func parseBootTime(b []byte) (uint64, error) {
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "btime "); ok {
			return strconv.ParseUint(strings.TrimSpace(rest), 10, 64)
		}
	}
	return 0, errors.New("stat: no btime")
}

// parseLimits reads the soft limits on open files and on address space
// from /proc/PID/limits; unlimited is the largest uint64, as
// Prometheus's process collector reports it.
func parseLimits(b []byte) (openFiles, addressSpace uint64, err error) {
	found := 0
	for line := range strings.Lines(string(b)) {
		var to *uint64
		switch {
		case strings.HasPrefix(line, "Max open files "):
			to = &openFiles
		case strings.HasPrefix(line, "Max address space "):
			to = &addressSpace
		default:
			continue
		}
		// "Max open files  1024  4096  files": the name's words, then
		// soft, hard and units.
		f := strings.Fields(line)
		if len(f) < 6 {
			return 0, 0, errors.New("limits: short line")
		}
		soft := f[3]
		if soft == "unlimited" {
			*to = math.MaxUint64
		} else if *to, err = strconv.ParseUint(soft, 10, 64); err != nil {
			return 0, 0, err
		}
		found++
	}
	if found != 2 {
		return 0, 0, errors.New("limits: open files or address space missing")
	}
	return openFiles, addressSpace, nil
}

// parseNetstat reads the bytes received and sent (IpExt's InOctets and
// OutOctets) from /proc/PID/net/netstat: a line of names, then a line of
// values, for each group.
func parseNetstat(b []byte) (in, out float64, err error) {
	var names []string
	found := 0
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "IpExt:" {
			continue
		}
		if names == nil {
			names = f
			continue
		}
		for i := 1; i < len(f) && i < len(names); i++ {
			var to *float64
			switch names[i] {
			case "InOctets":
				to = &in
			case "OutOctets":
				to = &out
			default:
				continue
			}
			if *to, err = strconv.ParseFloat(f[i], 64); err != nil {
				return 0, 0, err
			}
			found++
		}
		break
	}
	if found != 2 {
		return 0, 0, errors.New("netstat: no IpExt octets")
	}
	return in, out, nil
}

// writeProcessMetrics writes the process's metrics under the names,
// help and types of Prometheus's process collector, read from /proc;
// those /proc cannot give (another system) are left out, as that
// collector leaves them out. started stands for the start time when
// /proc/stat cannot be read.
func writeProcessMetrics(w *textWriter, started time.Time) {
	if b, err := os.ReadFile("/proc/self/stat"); err == nil {
		if st, err := parseProcStat(b); err == nil {
			start := float64(started.UnixNano()) / 1e9
			if b, err := os.ReadFile("/proc/stat"); err == nil {
				if boot, err := parseBootTime(b); err == nil {
					start = float64(boot) + float64(st.startTicks)/userHZ
				}
			}
			w.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", float64(st.cpuTicks)/userHZ)
			w.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", float64(st.rssPages)*float64(os.Getpagesize()))
			w.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", start)
			w.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", float64(st.vsize))
		}
	}
	if b, err := os.ReadFile("/proc/self/limits"); err == nil {
		if files, space, err := parseLimits(b); err == nil {
			w.gauge("process_max_fds", "Maximum number of open file descriptors.", float64(files))
			w.gauge("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.", float64(space))
		}
	}
	if b, err := os.ReadFile("/proc/self/net/netstat"); err == nil {
		if in, out, err := parseNetstat(b); err == nil {
			w.counter("process_network_receive_bytes_total", "Number of bytes received by the process over the network.", in)
			w.counter("process_network_transmit_bytes_total", "Number of bytes sent by the process over the network.", out)
		}
	}
	if d, err := os.Open("/proc/self/fd"); err == nil {
		names, err := d.Readdirnames(-1)
		_ = d.Close()
		if err == nil {
			w.gauge("process_open_fds", "Number of open file descriptors.", float64(len(names)))
		}
	}
}
