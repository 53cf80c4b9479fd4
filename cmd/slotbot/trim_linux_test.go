package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestDropStartPages: after the drop, the executable's read-only
// mappings hold fewer resident pages than before it, and the process
// runs on (the pages it touches again come back).
func TestDropStartPages(t *testing.T) {
	before := exeReadOnlyRss(t)
	n, err := dropStartPages()
	if err != nil {
		t.Fatal(err)
	}
	after := exeReadOnlyRss(t)
	if n == 0 || after >= before {
		t.Fatalf("advised %d bytes; resident read-only pages of the executable: %d KiB before, %d KiB after", n, before, after)
	}
	t.Logf("advised %d bytes; resident: %d KiB before, %d KiB after", n, before, after)
}

// exeReadOnlyRss sums the Rss (KiB) of the executable's read-only
// mappings in /proc/self/smaps.
func exeReadOnlyRss(t *testing.T) int {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	kb, counting := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) >= 5 && strings.Contains(fs[0], "-") && len(fs[1]) == 4:
			counting = len(fs) == 6 && fs[5] == exe && !strings.ContainsRune(fs[1], 'w')
		case counting && fs[0] == "Rss:":
			n, err := strconv.Atoi(fs[1])
			if err != nil {
				t.Fatal(err)
			}
			kb += n
		}
	}
	return kb
}
