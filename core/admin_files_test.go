package core

import "testing"

// FuzzParseDocLink: any stored entry reads without panic, and a file
// entry written by ShareFile's rules, with the coach's words after it or
// not, reads back as written.
func FuzzParseDocLink(f *testing.F) {
	for _, s := range []string{"doc:plan.pdf|tg:BQAC", "https://x.example/a.pdf", "doc:", "doc:|", "doc:a|", "doc:a|b|c",
		"doc:my plan.pdf|tg:BQAC Pages 1-3", "https://x.example/a.pdf Week 1 plan"} {
		f.Add(s, "plan.pdf", "tg:BQAC", "Week 1 plan")
	}
	f.Fuzz(func(t *testing.T, entry, name, ref, note string) {
		item, _ := SplitNote(entry)
		if n, r, ok := ParseDocLink(entry); ok && (r == "" || DocLink(n, r) != item) {
			t.Fatalf("%q → %q %q", entry, n, r)
		}
		cn, cr, err := checkFile(name, ref)
		if err != nil {
			return
		}
		cnote := cleanNote(note)
		stored := WithNote(DocLink(cn, cr), cnote)
		if n, r, ok := ParseDocLink(stored); !ok || n != cn || r != cr {
			t.Fatalf("%q %q → %q %q %v", cn, cr, n, r, ok)
		}
		if i, w := SplitNote(stored); i != DocLink(cn, cr) || w != cnote {
			t.Fatalf("%q → %q %q, want the note %q", stored, i, w, cnote)
		}
	})
}

// A shared link keeps the title typed after it.
func TestLinkNoteRoundTrip(t *testing.T) {
	for _, c := range []struct{ link, note string }{
		{"https://x.example/plan.pdf", "Week 1 plan"},
		{"https://x.example/plan.pdf", ""},
		{"https://x.example/a", "  two\nlines  "},
	} {
		stored := WithNote(c.link, cleanNote(c.note))
		if l, n := SplitNote(stored); l != c.link || n != cleanNote(c.note) {
			t.Errorf("%q → %q %q", stored, l, n)
		}
	}
	if got := cleanNote("  two\nlines  "); got != "two lines" {
		t.Errorf("cleanNote = %q", got)
	}
}
