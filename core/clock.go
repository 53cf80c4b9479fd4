package core

import "time"

// Clock tells the time. It is injected wherever time matters so tests can
// travel across a DST change; production wires ClockFunc(time.Now).
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// DBTime normalises t for storage: UTC, microsecond precision (what
// PostgreSQL keeps), so a value read back equals the value written.
func DBTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}
