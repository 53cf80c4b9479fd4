package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// dropStartPages unmaps from this process the pages of its executable's
// code and read-only data that it touched so far, once serve has started
// (madvise MADV_DONTNEED on the executable's read-only mappings), and
// returns how many bytes it advised. Starting touches far more of the
// binary than running does: every package's init, the itab table, the
// migrations, the configuration, each fault mapping up to 64 KiB around
// the page it needs (the kernel's fault-around). Those pages count in the
// resident set until the kernel reclaims them. The pages stay in the page
// cache, so one touched again is mapped back by a minor fault, without
// reading the disk. Only read-only mappings are advised: they are never
// written, so nothing is lost (a private writable mapping would lose its
// changes).
func dropStartPages() (int64, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, fmt.Errorf("dropping start pages: %w", err)
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, fmt.Errorf("dropping start pages: %w", err)
	}
	defer f.Close()
	var total int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// address perms offset dev inode path
		fs := strings.Fields(sc.Text())
		if len(fs) != 6 || fs[5] != exe || strings.ContainsRune(fs[1], 'w') {
			continue
		}
		lo, hi, _ := strings.Cut(fs[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			return total, fmt.Errorf("dropping start pages: bad mapping %q", sc.Text())
		}
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED); e != 0 {
			return total, fmt.Errorf("dropping start pages: madvise %s: %w", fs[0], e)
		}
		total += int64(end - start)
	}
	if err := sc.Err(); err != nil {
		return total, fmt.Errorf("dropping start pages: %w", err)
	}
	return total, nil
}
