package scheduler

import (
	"context"

	"github.com/slotbot/slotbot/core"
)

// WakeOnNotice wraps a store so that every committed Update that wrote a
// notice calls wake — typically a Dispatcher's Wake — and a booking's
// confirmation goes out at once instead of at the next poll. Build the
// service on the wrapped store:
//
//	var d *scheduler.Dispatcher
//	st := scheduler.WakeOnNotice(store, func() { d.Wake() })
//	svc := core.NewService(st, clock)
//	d = scheduler.NewDispatcher(svc, b, senders, opts)
//
// Other replicas are not woken; they find the notice at their next poll.
func WakeOnNotice(s core.Store, wake func()) core.Store {
	return &wakeStore{Store: s, wake: wake}
}

// wakeStore is a store that calls wake after commits that wrote notices.
type wakeStore struct {
	core.Store
	wake func()
}

// Update runs fn and, if it committed and wrote a notice, calls wake.
func (w *wakeStore) Update(ctx context.Context, fn func(core.Tx) error) error {
	return w.watch(w.Store.Update, ctx, fn)
}

// Single is Update's watch on a lone statement, should one ever write a
// notice.
func (w *wakeStore) Single(ctx context.Context, fn func(core.Tx) error) error {
	return w.watch(w.Store.Single, ctx, fn)
}

// watch runs fn through run and calls wake if it committed a notice.
func (w *wakeStore) watch(run func(context.Context, func(core.Tx) error) error, ctx context.Context, fn func(core.Tx) error) error {
	wrote := false
	err := run(ctx, func(tx core.Tx) error {
		wrote = false // a retried attempt starts again
		return fn(&noticeTx{Tx: tx, wrote: &wrote})
	})
	if err == nil && wrote && w.wake != nil {
		w.wake()
	}
	return err
}

// noticeTx notes whether a transaction wrote a notice.
type noticeTx struct {
	core.Tx
	wrote *bool
}

// AddNotice notes the write and passes it on.
func (t *noticeTx) AddNotice(n *core.Notice) error {
	*t.wrote = true
	return t.Tx.AddNotice(n)
}

// AddNoticeOnce notes the write, if any, and passes it on.
func (t *noticeTx) AddNoticeOnce(n *core.Notice, key string) (bool, error) {
	ok, err := t.Tx.AddNoticeOnce(n, key)
	if ok {
		*t.wrote = true
	}
	return ok, err
}
