package telegram

import (
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// recent remembers the last n update ids, so an update Telegram delivers
// twice in quick succession (a webhook retried, a poll repeated) is
// dropped before it costs a database round trip. The store's record of
// update ids (bot.Request.UpdateID) is what makes it exact across
// restarts and replicas.
type recent struct {
	mu   sync.Mutex
	ring []int
	next int
	seen map[int]struct{}
}

// newRecent remembers up to n ids.
func newRecent(n int) *recent {
	return &recent{ring: make([]int, 0, n), seen: make(map[int]struct{}, n)}
}

// add records id and reports whether it is new.
func (r *recent) add(id int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.seen[id]; dup {
		return false
	}
	if len(r.ring) < cap(r.ring) {
		r.ring = append(r.ring, id)
	} else {
		delete(r.seen, r.ring[r.next])
		r.ring[r.next] = id
		r.next = (r.next + 1) % len(r.ring)
	}
	r.seen[id] = struct{}{}
	return true
}

// forget drops id, so it counts as new again; its slot in the ring is
// reused in turn.
func (r *recent) forget(id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.seen, id)
}

// decoded keeps the last n updates this process stored, decoded, by
// update id, so that the one that handles them (nearly always this
// process: it stored them and woke its inbox) need not decode their
// stored JSON again. Another replica's updates, and those pushed out by
// newer ones, are decoded from the store.
type decoded struct {
	mu   sync.Mutex
	ring []int
	next int
	byID map[int]*tgbotapi.Update
}

// newDecoded keeps up to n updates.
func newDecoded(n int) *decoded {
	return &decoded{ring: make([]int, 0, n), byID: make(map[int]*tgbotapi.Update, n)}
}

// add keeps u (a nil d keeps nothing).
func (d *decoded) add(u *tgbotapi.Update) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.byID[u.UpdateID]; ok {
		return
	}
	if len(d.ring) < cap(d.ring) {
		d.ring = append(d.ring, u.UpdateID)
	} else {
		delete(d.byID, d.ring[d.next])
		d.ring[d.next] = u.UpdateID
		d.next = (d.next + 1) % len(d.ring)
	}
	d.byID[u.UpdateID] = u
}

// take returns the update kept as id, if any, and forgets it.
func (d *decoded) take(id int) *tgbotapi.Update {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.byID[id]
	delete(d.byID, id)
	return u
}
