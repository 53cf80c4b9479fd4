package bot

import (
	"context"
	"time"
)

// lateGrace is how much longer than its deadline an update's work may
// run before its context ends: the person has been told to try again by
// then, and the work's own failure would only say it worse.
const lateGrace = time.Second

// HandleWithin is Handle with a deadline on the work. When the bot has
// not answered within d (a database that stopped answering, whose
// driver may not even honour the context), it returns at once with the
// "try again in a moment" reply, and late is closed once the abandoned
// work has ended: a caller that handles a chat's updates in order waits
// for it before the chat's next one. late is nil when the answer came in
// time. d <= 0 is Handle.
func (b *Bot) HandleWithin(ctx context.Context, req Request, d time.Duration) (replies []Reply, late <-chan struct{}) {
	if d <= 0 {
		return b.Handle(ctx, req), nil
	}
	ctx, cancel := context.WithTimeout(ctx, d+lateGrace)
	out := make(chan []Reply, 1)
	go func() {
		defer cancel()
		out <- b.Handle(ctx, req)
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-out:
		return r, nil
	case <-timer.C:
	}
	ended := make(chan struct{})
	go func() {
		<-out
		close(ended)
	}()
	return []Reply{b.TryAgain(req)}, ended
}

// TryAgain is the reply to a person whose update cannot be handled now
// (the database does not answer): "try again in a moment", in their
// platform's language, with nothing read from the store.
func (b *Bot) TryAgain(req Request) Reply {
	return Reply{Text: b.cat.t(Language(req.Language), "error.unavailable")}
}

// AnswerLater is the reply to a person whose update is stored but waits
// for a database that does not answer: their message is kept and will
// be answered once it is back, so they need not send it again.
func (b *Bot) AnswerLater(req Request) Reply {
	return Reply{Text: b.cat.t(Language(req.Language), "error.answer_later")}
}
