package core

import "testing"

// FuzzParseDocLink: any stored entry reads without panic, and a file
// entry written by ShareFile's rules reads back as written.
func FuzzParseDocLink(f *testing.F) {
	for _, s := range []string{"doc:plan.pdf|tg:BQAC", "https://x.example/a.pdf", "doc:", "doc:|", "doc:a|", "doc:a|b|c"} {
		f.Add(s, "plan.pdf", "tg:BQAC")
	}
	f.Fuzz(func(t *testing.T, entry, name, ref string) {
		if n, r, ok := ParseDocLink(entry); ok && (r == "" || DocLink(n, r) != entry) {
			t.Fatalf("%q → %q %q", entry, n, r)
		}
		cn, cr, err := checkFile(name, ref)
		if err != nil {
			return
		}
		if n, r, ok := ParseDocLink(DocLink(cn, cr)); !ok || n != cn || r != cr {
			t.Fatalf("%q %q → %q %q %v", cn, cr, n, r, ok)
		}
	})
}
