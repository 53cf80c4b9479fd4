package core

import (
	"sync"
	"testing"
)

func TestZonesRememberWhatLoaded(t *testing.T) {
	var z Zones
	first, err := z.Load("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			loc, err := z.Load("Europe/Paris")
			if err != nil || loc != first {
				t.Errorf("Load again = %p, %v; want the first %p", loc, err, first)
			}
		}()
	}
	wg.Wait()
	if loc, _ := z.Load("America/New_York"); loc == first || loc.String() != "America/New_York" {
		t.Fatalf("another name gave %v", loc)
	}
	for range 2 { // a refused name is refused every time, never kept
		if _, err := z.Load("Mars/Olympus"); ErrorCode(err) != EINVALID {
			t.Fatalf("unknown zone: %v, want EINVALID", err)
		}
	}
	if _, err := z.Load("Local"); ErrorCode(err) != EINVALID {
		t.Fatalf("Local: %v, want EINVALID", err)
	}
	var none *Zones
	if loc, err := none.Load("Asia/Tokyo"); err != nil || loc.String() != "Asia/Tokyo" {
		t.Fatalf("nil Zones: %v, %v", loc, err)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = z.Load("Europe/Paris") }); n != 0 {
		t.Fatalf("a remembered zone costs %v allocations, want 0", n)
	}
}

// The rules read for a listing carry their zone; rules edited to another
// zone after the read are compiled in the new one, not the remembered one.
func TestRulesCompileInTheirOwnZone(t *testing.T) {
	var z Zones
	a := DefaultAvailability("Europe/Paris")
	a.loc, _ = z.Load(a.Zone)
	r, err := a.compile()
	if err != nil || r.loc != a.loc {
		t.Fatalf("compile = %v, %v; want the loaded zone", r, err)
	}
	a.Zone = "Asia/Tokyo"
	if r, err = a.compile(); err != nil || r.loc.String() != "Asia/Tokyo" {
		t.Fatalf("after a zone change compile = %v, %v", r.loc, err)
	}
}

func BenchmarkZoneLoad(b *testing.B) {
	var z Zones
	b.Run("LoadZone", func(b *testing.B) {
		for b.Loop() {
			_, _ = LoadZone("Europe/Paris")
		}
	})
	b.Run("Zones", func(b *testing.B) {
		for b.Loop() {
			_, _ = z.Load("Europe/Paris")
		}
	})
}
