package telegram

import "sync"

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
