package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// icsUnfold undoes folding (RFC 5545 §3.1): a CRLF followed by one space
// or tab joins two lines.
func icsUnfold(s string) string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	return strings.ReplaceAll(s, "\r\n\t", "")
}

// icsUnescape undoes icsText, for round-trip tests.
func icsUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// icsCheckLines asserts every line of a file ends with CRLF, holds at
// most 75 octets and is valid UTF-8, and that no bare CR or LF remains.
func icsCheckLines(t *testing.T, body string) {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Fatalf("file does not end with CRLF: %q", body)
	}
	for _, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(line) > icsMaxLine {
			t.Fatalf("line of %d octets: %q", len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("bare CR or LF in %q", line)
		}
		if !utf8.ValidString(line) {
			t.Fatalf("line splits a UTF-8 sequence: %q", line)
		}
	}
}

func TestICSText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"Studio Lilas, Paris", `Studio Lilas\, Paris`},
		{`a;b\c`, `a\;b\\c`},
		{"two\nlines\r\nthree", `two\nlines\nthree`},
		{"bell\x07 and tab\t", "bell and tab\t"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"Séance – 1 h ☕", "Séance – 1 h ☕"},
	} {
		if got := icsText(tc.in); got != tc.want {
			t.Errorf("icsText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestICSFold(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []int // octets per physical line, CRLF excluded
	}{
		{"short", "SUMMARY:x", []int{9}},
		{"exactly 75", "S:" + strings.Repeat("a", 73), []int{75}},
		{"76", "S:" + strings.Repeat("a", 74), []int{75, 2}},
		{"long", "S:" + strings.Repeat("a", 200), []int{75, 75, 54}},
		// 'é' is two octets: the cut backs off rather than split it.
		{"utf8 at the edge", "S:" + strings.Repeat("a", 72) + "é" + "b", []int{74, 4}},
		{"emoji", "S:" + strings.Repeat("☕", 40), []int{74, 49}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := icsFold(tc.in)
			lines := strings.Split(out, "\r\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("%d lines, want %d: %q", len(lines), len(tc.want), out)
			}
			for i, l := range lines {
				if len(l) > icsMaxLine || !utf8.ValidString(l) {
					t.Fatalf("bad line %d: %q", i, l)
				}
				if i > 0 && l[0] != ' ' {
					t.Fatalf("continuation without a space: %q", l)
				}
				if len(l) != tc.want[i] {
					t.Fatalf("line %d has %d octets, want %d", i, len(l), tc.want[i])
				}
			}
			if icsUnfold(out) != tc.in {
				t.Fatalf("unfold(fold(x)) != x: %q", out)
			}
		})
	}
}

func TestWriteICS(t *testing.T) {
	start := time.Date(2026, 10, 25, 1, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	body := string(writeICS(icsEvent{
		UID:         "booking-7-session-3@slotbot",
		Stamp:       time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC),
		Start:       start,
		End:         start.Add(90 * time.Minute),
		Summary:     "Extended session with Ana Martin",
		Location:    "12 rue des Lilas, Paris",
		Description: "Bring water; a towel.\n" + strings.Repeat("Long notes about the plan. ", 6),
		URL:         "https://meet.example.com/ana?x=1,2",
		Tentative:   true,
	}))
	icsCheckLines(t, body)
	unfolded := icsUnfold(body)
	for _, want := range []string{
		"DTSTART:20261024T233000Z\r\n", "DTEND:20261025T010000Z\r\n",
		"LOCATION:12 rue des Lilas\\, Paris\r\n",
		"URL:https://meet.example.com/ana?x=1,2\r\n", // a URI is not TEXT-escaped
		"DESCRIPTION:Bring water\\; a towel.\\nLong notes",
		"STATUS:TENTATIVE\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Fatalf("want %q in:\n%s", want, unfolded)
		}
	}
	// Each BEGIN has its END, in order.
	var stack []string
	for _, line := range strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("line without a colon: %q", line)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("END:%s out of order", value)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed %v", stack)
	}
}

// Any text, however long or odd, makes valid lines that unfold and
// unescape back to the text (less what TEXT cannot hold).
func FuzzICSText(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d", "line\nbreak", strings.Repeat("é", 100), "\x00\x7f\r\n", "☕☕☕"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := "DESCRIPTION:" + icsText(s)
		folded := icsFold(line)
		icsCheckLines(t, folded+"\r\n")
		if icsUnfold(folded) != line {
			t.Fatalf("unfold(fold(%q)) changed it", line)
		}
		want := strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n")
		want = strings.Map(func(r rune) rune {
			switch {
			case r == '\r':
				return '\n'
			case r == '\t' || r == '\n':
				return r
			case r < 0x20 || r == 0x7f:
				return -1
			}
			return r
		}, want)
		if got := icsUnescape(strings.TrimPrefix(line, "DESCRIPTION:")); got != want {
			t.Fatalf("round trip of %q = %q, want %q", s, got, want)
		}
	})
}
