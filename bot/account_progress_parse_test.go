package bot

import (
	"math"
	"testing"

	"github.com/slotbot/slotbot/core"
)

func TestParseMeasurement(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		def  core.MeasurementKind
		kind core.MeasurementKind
		v    float64
		ok   bool
	}{
		{"weight 72.5", "", core.MeasureWeight, 72.5, true},
		{"Weight: 72.5 kg", "", core.MeasureWeight, 72.5, true},
		{"poids 72,5", "", core.MeasureWeight, 72.5, true},
		{"72.5 kg", "", core.MeasureWeight, 72.5, true},
		{"72.5kg", "", core.MeasureWeight, 72.5, true},
		{"165 lb", "", core.MeasureWeight, 74.84, true},
		{"waist 80", "", core.MeasureWaist, 80, true},
		{"waist 80cm", "", core.MeasureWaist, 80, true},
		{"tour de taille 80", "", core.MeasureWaist, 80, true},
		{"  Hips   =  95 ", "", core.MeasureHips, 95, true},
		{"body fat 18%", "", core.MeasureBodyFat, 18, true},
		{"18 %", "", core.MeasureBodyFat, 18, true},
		{"masse grasse 21,5", "", core.MeasureBodyFat, 21.5, true},
		{"cuisse 55", "", core.MeasureThigh, 55, true},
		{"bras 31", "", core.MeasureArm, 31, true},
		{"poitrine 98", "", core.MeasureChest, 98, true},
		{"Вес: 72,5 кг", "", core.MeasureWeight, 72.5, true},
		{"вес 72,5", "", core.MeasureWeight, 72.5, true},
		{"талия 80 см", "", core.MeasureWaist, 80, true},
		{"Обхват бёдер 95", "", core.MeasureHips, 95, true},
		{"процент жира 18%", "", core.MeasureBodyFat, 18, true},
		{"бицепс 31", "", core.MeasureArm, 31, true},
		{"бедро 55", "", core.MeasureThigh, 55, true},
		{"72 кг", "", core.MeasureWeight, 72, true},
		{"вес 80 см", "", "", 0, false},
		{"размер обуви 42", "", "", 0, false},
		{"80", core.MeasureWaist, core.MeasureWaist, 80, true},
		{"71,8", core.MeasureWeight, core.MeasureWeight, 71.8, true},
		{"80", "", "", 0, false},           // no kind
		{"80 cm", "", "", 0, false},        // cm of what?
		{"weight 80 cm", "", "", 0, false}, // wrong unit
		{"waist 80 kg", "", "", 0, false},
		{"shoe size 42", "", "", 0, false},
		{"weight", "", "", 0, false},
		{"weight 72.5 73", "", "", 0, false},
		{"weight 72..5", "", "", 0, false},
		{"weight 1e9", "", "", 0, false},
		{"", core.MeasureWeight, "", 0, false},
		{"weight " + string(make([]byte, 100)), "", "", 0, false},
	} {
		kind, v, ok := parseMeasurement(tc.in, tc.def)
		if ok != tc.ok || kind != tc.kind || math.Abs(v-tc.v) > 1e-9 {
			t.Errorf("parseMeasurement(%q, %q) = %q %v %v, want %q %v %v", tc.in, tc.def, kind, v, ok, tc.kind, tc.v, tc.ok)
		}
	}
}

// Whatever is typed, the parser neither panics nor returns a kind core
// does not know or a value that is not a finite number.
func FuzzParseMeasurement(f *testing.F) {
	for _, s := range []string{"weight 72.5", "poids 72,5 kg", "18 %", "80", "waist: 80cm", "1,2,3", "9999999999999999999999", "é 1"} {
		f.Add(s, "weight")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, s, def string) {
		d := core.MeasurementKind(def)
		if _, _, ok := d.Range(); !ok {
			d = ""
		}
		kind, v, ok := parseMeasurement(s, d)
		if !ok {
			return
		}
		if _, _, known := kind.Range(); !known {
			t.Fatalf("unknown kind %q from %q", kind, s)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("value %v from %q", v, s)
		}
	})
}
