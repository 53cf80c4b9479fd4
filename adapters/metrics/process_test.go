package metrics

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// statLine is a /proc/PID/stat line of a process named comm, with the
// given times and sizes and the kernel's other fields.
func statLine(comm string, utime, stime, start, vsize uint64, rss int64) string {
	return fmt.Sprintf("4242 (%s) S 1 4242 4242 0 -1 4194560 2345 0 0 0 %d %d 0 0 20 0 9 0 %d %d %d "+
		"18446744073709551615 4198400 17798336 140734 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n", comm, utime, stime, start, vsize, rss)
}

// The process's figures come from the fields after the command, however
// odd its name.
func TestParseProcStat(t *testing.T) {
	for _, comm := range []string{"slotbot", "a b", "x) S 1 2 (y", ")"} {
		st, err := parseProcStat([]byte(statLine(comm, 170, 30, 987654, 1850572800, 10632)))
		if err != nil {
			t.Fatalf("%q: %v", comm, err)
		}
		if st != (procStat{cpuTicks: 200, startTicks: 987654, vsize: 1850572800, rssPages: 10632}) {
			t.Errorf("%q: %+v", comm, st)
		}
	}
	if _, err := parseProcStat([]byte("4242 (slotbot) S 1 2 3")); err == nil {
		t.Error("a short line was read")
	}
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	if st, err := parseProcStat(b); err != nil || st.rssPages == 0 || st.vsize == 0 {
		t.Errorf("this process: %+v, %v", st, err)
	}
}

// The limits table, as Linux prints it.
func TestParseLimits(t *testing.T) {
	limits := `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max file size             unlimited            unlimited            bytes     
Max open files            20000                1048576              files     
Max address space         unlimited            unlimited            bytes     
Max msgqueue size         819200               819200               bytes     
`
	files, space, err := parseLimits([]byte(limits))
	if err != nil || files != 20000 || space != math.MaxUint64 {
		t.Errorf("open files %d, address space %d, %v", files, space, err)
	}
	if _, _, err := parseLimits([]byte(strings.ReplaceAll(limits, "Max open files", "Max open filez"))); err == nil {
		t.Error("limits without open files were read")
	}
}

// IpExt's octets are found by their names, not their places.
func TestParseNetstat(t *testing.T) {
	netstat := "TcpExt: SyncookiesSent SyncookiesRecv\nTcpExt: 0 0\n" +
		"IpExt: InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts OutBcastPkts InOctets OutOctets\n" +
		"IpExt: 0 0 0 0 0 0 399866219 33378062\n"
	in, out, err := parseNetstat([]byte(netstat))
	if err != nil || in != 399866219 || out != 33378062 {
		t.Errorf("in %v, out %v, %v", in, out, err)
	}
	if _, _, err := parseNetstat([]byte("IpExt: InOctets OutOctets\n")); err == nil {
		t.Error("names without values were read")
	}
}

// The boot time is /proc/stat's btime line.
func TestParseBootTime(t *testing.T) {
	if bt, err := parseBootTime([]byte("cpu  1 2 3\nintr 5\nbtime 1796640000\nprocesses 9\n")); err != nil || bt != 1796640000 {
		t.Errorf("btime %d, %v", bt, err)
	}
}

// /proc's files are read whatever they hold: a stat line of any command
// reads back the figures written into it, and no input makes a parser
// panic.
func FuzzProcFiles(f *testing.F) {
	f.Add("slotbot", uint64(1), uint64(2), uint64(3), uint64(4), int64(5), "Max open files 1 2 files\nMax address space unlimited unlimited bytes\n")
	f.Add("a) (b", uint64(0), uint64(0), uint64(0), uint64(0), int64(-1), "IpExt: InOctets OutOctets\nIpExt: 1 2\nbtime 7\n")
	f.Fuzz(func(t *testing.T, comm string, utime, stime, start, vsize uint64, rss int64, raw string) {
		if utime > math.MaxInt64/2 || stime > math.MaxInt64/2 || start > math.MaxInt64 || vsize > math.MaxInt64 || strings.ContainsAny(comm, "\n") {
			t.Skip()
		}
		st, err := parseProcStat([]byte(statLine(comm, utime, stime, start, vsize, rss)))
		if err != nil {
			t.Fatalf("%q: %v", comm, err)
		}
		want := procStat{cpuTicks: utime + stime, startTicks: start, vsize: vsize, rssPages: uint64(max(rss, 0))}
		if st != want {
			t.Fatalf("%q: %+v, want %+v", comm, st, want)
		}
		_, _ = parseProcStat([]byte(raw))
		_, _, _ = parseLimits([]byte(raw))
		_, _, _ = parseNetstat([]byte(raw))
		_, _ = parseBootTime([]byte(raw))
	})
}
