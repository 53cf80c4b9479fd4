package bot

import (
	"math"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// maxMeasurementText bounds what parseMeasurement reads; a measurement is
// a few words.
const maxMeasurementText = 80

// poundKg converts pounds, which some people type, to kilograms.
const poundKg = 0.45359237

// parseMeasurement reads one measurement typed in English, French or
// Russian: "weight 72.5", "Poids : 72,5 kg", "вес 72,5 кг", "waist 80cm", "72.5 kg" (kg means
// weight), "18 %" (% means body fat), "165 lb", or a bare number when def
// names the kind being asked for. ok is false when the text is not one
// measurement; the value's plausibility is core's to judge.
func parseMeasurement(text string, def core.MeasurementKind) (kind core.MeasurementKind, value float64, ok bool) {
	if len(text) > maxMeasurementText {
		return "", 0, false
	}
	s := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return "", 0, false
	}
	j := i
	for sep := false; j < len(s); j++ {
		c := s[j]
		if c >= '0' && c <= '9' {
			continue
		}
		if (c == '.' || c == ',') && !sep && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
			sep = true
			continue
		}
		break
	}
	v, err := strconv.ParseFloat(strings.Replace(s[i:j], ",", ".", 1), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return "", 0, false
	}
	words := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s[:i]), ":=-"))
	unit := strings.TrimSpace(s[j:])
	switch unit {
	case "", "kg", "kgs", "kilo", "kilos", "cm", "%":
	case "кг", "кило":
		unit = "kg"
	case "см":
		unit = "cm"
	case "lb", "lbs":
		v, unit = math.Round(v*poundKg*100)/100, "kg"
	default:
		return "", 0, false
	}
	if words == "" {
		switch unit {
		case "kg", "kgs", "kilo", "kilos":
			kind = core.MeasureWeight
		case "%":
			kind = core.MeasureBodyFat
		default:
			kind = def
		}
	} else if kind, ok = measurementAlias(words); !ok {
		return "", 0, false
	}
	if kind == "" {
		return "", 0, false
	}
	if unit != "" && !unitFits(kind, unit) {
		return "", 0, false
	}
	return kind, v, true
}

// unitFits reports whether a typed unit is the kind's.
func unitFits(kind core.MeasurementKind, unit string) bool {
	switch unit {
	case "kg", "kgs", "kilo", "kilos":
		return kind.Unit() == "kg"
	}
	return kind.Unit() == unit
}

// measurementAlias names a kind from the words typed before the number.
func measurementAlias(words string) (core.MeasurementKind, bool) {
	switch words {
	case "weight", "wt", "poids", "w", "вес":
		return core.MeasureWeight, true
	case "body fat", "bodyfat", "body_fat", "fat", "bf", "masse grasse", "graisse", "mg", "жир", "процент жира", "% жира":
		return core.MeasureBodyFat, true
	case "waist", "taille", "tour de taille", "талия", "обхват талии":
		return core.MeasureWaist, true
	case "hips", "hip", "hanches", "hanche", "tour de hanches", "бёдра", "бедра", "обхват бёдер", "обхват бедер":
		return core.MeasureHips, true
	case "chest", "poitrine", "tour de poitrine", "грудь", "обхват груди":
		return core.MeasureChest, true
	case "arm", "arms", "bras", "biceps", "tour de bras", "рука", "бицепс", "обхват руки":
		return core.MeasureArm, true
	case "thigh", "thighs", "cuisse", "cuisses", "tour de cuisse", "бедро", "обхват бедра":
		return core.MeasureThigh, true
	}
	return "", false
}
