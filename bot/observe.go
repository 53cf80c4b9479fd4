package bot

import "time"

// Observer is told about every request the bot answered, so operations
// can count updates, replies and latency without the bot knowing about
// metrics. It must be quick and safe for concurrent use.
type Observer interface {
	// Handled reports one request, the replies it got and how long the
	// bot took to answer it.
	Handled(req Request, replies []Reply, took time.Duration)
}

// observe reports a finished request to the Observer, if one is set. Handle
// defers it first, so it sees the final replies, a panic's apology
// included. The duration is the wall clock's, not the domain clock's.
func (b *Bot) observe(req Request, start time.Time, replies *[]Reply) {
	if b.opts.Observer != nil {
		b.opts.Observer.Handled(req, *replies, time.Since(start))
	}
}
