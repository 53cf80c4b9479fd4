package bot

import (
	"testing"
)

func TestCallbackRoundTrip(t *testing.T) {
	data := encode("cx", id36(737), "k")
	cb, err := decode(data)
	if err != nil || cb.Action != "cx" || len(cb.Args) != 2 {
		t.Fatalf("%q → %+v, %v", data, cb, err)
	}
	if id, err := cb.argID(0); err != nil || id != 737 {
		t.Fatalf("argID = %d, %v", id, err)
	}
	if _, err := cb.argID(5); err != ErrStaleButton {
		t.Fatal("missing argument not stale")
	}
}

// FuzzDecode: no input makes decode panic, and anything it accepts is
// short, versioned and re-encodes to itself.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"1:m:book", "1:cx:k3:2", "", ":", "1::", "2:m:x", "1:m:é", "1:a:b:c:d:e:f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cb, err := decode(s)
		if err != nil {
			if err != ErrStaleButton {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(s) > maxCallbackBytes || encode(cb.Action, cb.Args...) != s {
			t.Fatalf("accepted %q as %+v", s, cb)
		}
		for i := range cb.Args {
			_, _ = cb.argID(i)
		}
	})
}
