package metrics_test

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/metrics"
	"github.com/slotbot/slotbot/core"
)

// BenchmarkUpdate is what the bot's hook costs per update handled: one
// update counted, its replies and its latency.
func BenchmarkUpdate(b *testing.B) {
	m := metrics.New()
	b.ReportAllocs()
	for b.Loop() {
		m.Update("telegram", "button", 1, 3*time.Millisecond)
	}
}

// BenchmarkUpdateParallel is the same from every core at once, as the
// update workers call it.
func BenchmarkUpdateParallel(b *testing.B) {
	m := metrics.New()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Update("telegram", "button", 1, 3*time.Millisecond)
		}
	})
}

// BenchmarkObserveAndDeliver is a booking event and a notice delivered.
func BenchmarkObserveAndDeliver(b *testing.B) {
	m := metrics.New()
	n := &core.Notice{ID: 1, Attempts: 1}
	ev := core.Event{Kind: core.EventBooked, Status: core.BookingConfirmed}
	b.ReportAllocs()
	for b.Loop() {
		m.Observe(ev)
		m.Delivered(n, core.NoticeOutcome{ID: 1, Sent: true})
	}
}
