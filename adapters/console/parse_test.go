package console

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		line string
		want input
	}{
		{"", input{kind: inEmpty}},
		{"   \t", input{kind: inEmpty}},
		{"/start", input{kind: inCommand, name: "start"}},
		{"  /Start book_12 ", input{kind: inCommand, name: "start", text: "book_12"}},
		{"/book\tnow", input{kind: inCommand, name: "book", text: "now"}},
		{"/as client  Maria", input{kind: inAs, name: "as", text: "client  Maria"}},
		{"/AS coach", input{kind: inAs, name: "as", text: "coach"}},
		{"/quit", input{kind: inQuit, name: "quit"}},
		{"/exit", input{kind: inQuit, name: "exit"}},
		{"3", input{kind: inNumber, n: 3, text: "3"}},
		{"12", input{kind: inNumber, n: 12, text: "12"}},
		{"0", input{kind: inText, text: "0"}},
		{"07", input{kind: inText, text: "07"}},
		{"-1", input{kind: inText, text: "-1"}},
		{"+1", input{kind: inText, text: "+1"}},
		{"99999999999999999999999", input{kind: inText, text: "99999999999999999999999"}},
		{"/", input{kind: inText, text: "/"}},
		{"/ start", input{kind: inText, text: "/ start"}},
		{"/\v", input{kind: inText, text: "/"}},
		{"/\vstart", input{kind: inText, text: "/\vstart"}},
		{"/\u00a0start", input{kind: inText, text: "/\u00a0start"}},
		{"/\xffx", input{kind: inText, text: "/\xffx"}},
		{"//x", input{kind: inText, text: "//x"}},
		{"Lyon", input{kind: inText, text: "Lyon"}},
	} {
		if got := parse(tc.line); got != tc.want {
			t.Errorf("parse(%q) = %+v, want %+v", tc.line, got, tc.want)
		}
	}
}

func TestPersona(t *testing.T) {
	for _, tc := range []struct {
		typed, id, name string
		ok              bool
	}{
		{"coach", "coach", "coach", true},
		{"Coach Ana", "coach", "coach", true},
		{"client Maria", "maria", "Maria", true},
		{"Maria", "maria", "Maria", true},
		{"  maria   lopez ", "maria lopez", "maria lopez", true},
		{"client", "", "", false},
		{"", "", "", false},
		{"a/b", "", "", false},
		{"x\x1b[2J", "", "", false},
		{strings.Repeat("é", 50), strings.Repeat("é", 40), strings.Repeat("é", 40), true},
	} {
		id, name, ok := persona(tc.typed)
		if id != tc.id || name != tc.name || ok != tc.ok {
			t.Errorf("persona(%q) = %q, %q, %v", tc.typed, id, name, ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"/start book_1", "3", "/as client Maria", "hello", "/", "\t/x\ty", "0", "/quit", "/\v"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		in := parse(line)
		switch in.kind {
		case inEmpty:
			if strings.TrimSpace(line) != "" {
				t.Fatalf("%q parsed as empty", line)
			}
		case inCommand, inAs, inQuit:
			if in.name == "" || strings.ContainsFunc(in.name, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }) {
				t.Fatalf("%q: bad command name %q", line, in.name)
			}
		case inNumber:
			if in.n <= 0 {
				t.Fatalf("%q: number %d", line, in.n)
			}
		case inText:
			if in.text == "" {
				t.Fatalf("%q: empty text", line)
			}
		}
	})
}

func FuzzPersona(f *testing.F) {
	for _, s := range []string{"coach", "client Maria", "Tom", "", "a/b", "  x  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		id, name, ok := persona(typed)
		if !ok {
			return
		}
		if id == "" || name == "" || utf8.RuneCountInString(name) > maxName || strings.ContainsAny(id, "/\n") {
			t.Fatalf("persona(%q) = %q, %q", typed, id, name)
		}
	})
}
