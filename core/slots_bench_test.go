package core_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// busyCoach is a Paris coach open 07:00–21:00 every day, a slot every 15
// minutes, with 1,000 half-hour sessions at random quarter-hours over the
// next 30 days (which include the spring change), sorted by start as
// stores return them.
func busyCoach(tb testing.TB) (a core.Availability, now, to time.Time, busy []core.Interval) {
	a = everyDay(tb, "Europe/Paris", "07:00-21:00")
	a.Step = 15 * time.Minute
	a.MinNotice = 12 * time.Hour
	a.Horizon = 30 * 24 * time.Hour
	a.BufferBefore, a.BufferAfter = 10*time.Minute, 10*time.Minute
	now = instant(tb, "2026-03-15T08:00:00Z")
	to = now.Add(30 * 24 * time.Hour)
	rng := rand.New(rand.NewPCG(1, 2))
	busy = make([]core.Interval, 1000)
	for i := range busy {
		start := now.Add(time.Duration(rng.IntN(30*24*4)) * 15 * time.Minute)
		busy[i] = core.Interval{Start: start, End: start.Add(30 * time.Minute)}
	}
	slices.SortFunc(busy, func(x, y core.Interval) int { return x.Start.Compare(y.Start) })
	return a, now, to, busy
}

// BenchmarkOpenSlots30Days1000Sessions is issue 3's target (< 1 ms/op):
// a month of hour-long slots for busyCoach. "sorted" is how stores hand
// sessions over; "shuffled" pays for the sort too.
func BenchmarkOpenSlots30Days1000Sessions(b *testing.B) {
	a, now, to, busy := busyCoach(b)
	shuffled := slices.Clone(busy)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	for _, bc := range []struct {
		name string
		busy []core.Interval
	}{{"sorted", busy}, {"shuffled", shuffled}} {
		b.Run(bc.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				slots, err := core.OpenSlots(&a, time.Hour, bc.busy, now, now, to)
				if err != nil {
					b.Fatal(err)
				}
				n = len(slots)
			}
			b.ReportMetric(float64(n), "slots")
		})
	}
}

// BenchmarkOpenDays30Days1000Sessions is the day picker for the same coach,
// read by a client in Tokyo.
func BenchmarkOpenDays30Days1000Sessions(b *testing.B) {
	a, now, to, busy := busyCoach(b)
	tokyo := coachZone(b, "Asia/Tokyo")
	var n int
	for b.Loop() {
		days, err := core.OpenDays(&a, time.Hour, busy, now, now, to, tokyo)
		if err != nil {
			b.Fatal(err)
		}
		n = len(days)
	}
	b.ReportMetric(float64(n), "days")
}

// BenchmarkOpenSlots30Days500Busy is the calendars issue's target (< 1
// ms/op): the same coach and month with 500 busy times of the coach's own
// calendars instead of sessions (from half an hour to a whole day, some
// overlapping), sorted by start as the store returns them.
func BenchmarkOpenSlots30Days500Busy(b *testing.B) {
	a, now, to, _ := busyCoach(b)
	rng := rand.New(rand.NewPCG(5, 6))
	busy := make([]core.Interval, 500)
	for i := range busy {
		start := now.Add(time.Duration(rng.IntN(30*24*4)) * 15 * time.Minute)
		length := time.Duration(1+rng.IntN(6)) * 30 * time.Minute
		if i%50 == 0 {
			length = 24 * time.Hour
		}
		busy[i] = core.Interval{Start: start, End: start.Add(length)}
	}
	slices.SortFunc(busy, func(x, y core.Interval) int { return x.Start.Compare(y.Start) })
	var n int
	for b.Loop() {
		slots, err := core.OpenSlots(&a, time.Hour, busy, now, now, to)
		if err != nil {
			b.Fatal(err)
		}
		n = len(slots)
	}
	b.ReportMetric(float64(n), "slots")
}
