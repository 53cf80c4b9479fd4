package sqlstore

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The store keeps in memory what chat screens read on nearly every press
// and what changes a few times a day: the catalog (coaches, session
// types, packages, availability rules). Under a rush of 200 people those
// reads were a fifth of the statements sent; each is a round trip on
// PostgreSQL and a trip through the SQL engine on SQLite.
//
// It is safe because every write passes through tx.query, which sees
// which cached tables a statement writes (writesOf):
//   - a transaction that wrote a table reads it from the database for the
//     rest of its life (its own writes, uncommitted, are not in the cache);
//   - once it ends, committed or not, the tables it wrote are dropped from
//     the cache, before Update (or Single) returns: a caller reads its own
//     writes;
//   - a read puts what it read only if the table was not dropped since the
//     transaction began (the snapshot seen), so a read that raced a write
//     never puts back what the write replaced;
//   - other processes' writes arrive as Invalidate calls: on PostgreSQL a
//     trigger on each table notifies the channel CacheChannel, which the
//     postgres adapter listens to (pq.Listener); while it is not
//     listening the cache is not trusted (SetCacheTrusted) and every read
//     goes to the database. SQLite serves one process, whose writes all
//     pass here;
//   - an entry is kept at most cacheTTL, a bound on any staleness the
//     notifications could miss.
//
// Values are copied in and out: callers change what they are given.

// CacheChannel is the PostgreSQL notification channel on which a write to
// a cached table is announced (payload: the table's name), for every
// replica to drop it from its cache.
const CacheChannel = "slotbot_cache"

// cacheTTL bounds how long an entry is served without a notification.
const cacheTTL = time.Minute

// table is one cached table.
type table uint8

// The cached tables.
const (
	tCoaches table = iota
	tSessionTypes
	tPackages
	tAvailability
	nTables
)

// tableName is t's SQL name.
func tableName(t table) string {
	switch t {
	case tCoaches:
		return "coaches"
	case tSessionTypes:
		return "session_types"
	case tPackages:
		return "packages"
	case tAvailability:
		return "availability"
	}
	return ""
}

// tableNamed is the cached table called name, or nTables.
func tableNamed(name string) table {
	for t := table(0); t < nTables; t++ {
		if tableName(t) == name {
			return t
		}
	}
	return nTables
}

// tableSet is a set of cached tables.
type tableSet uint8

// has reports whether t is in s.
func (s tableSet) has(t table) bool { return s&(1<<t) != 0 }

// cacheEntry is one cached value (already a private copy) and when it was
// read.
type cacheEntry struct {
	v  any
	at time.Time
}

// cache is the store's process cache of the cached tables.
type cache struct {
	trusted atomic.Bool
	now     func() time.Time

	mu      sync.Mutex
	seq     [nTables]uint64 // bumped whenever the table is dropped
	entries [nTables]map[string]cacheEntry

	writes sync.Map // statement text → tableSet it writes
	nTexts atomic.Int64
}

// newCache returns an empty cache, trusted or not.
func newCache(trusted bool) *cache {
	c := &cache{now: time.Now}
	for t := range c.entries {
		c.entries[t] = map[string]cacheEntry{}
	}
	c.trusted.Store(trusted)
	return c
}

// snapshot is the tables' drop counters, taken when a transaction begins.
func (c *cache) snapshot() [nTables]uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seq
}

// get returns key's value in table, if cached and fresh.
func (c *cache) get(t table, key string) (any, bool) {
	if !c.trusted.Load() {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.entries[t][key]
	c.mu.Unlock()
	if !ok || c.now().Sub(e.at) >= cacheTTL {
		return nil, false
	}
	return e.v, true
}

// put caches v (a private copy) as key in table, unless the table was
// dropped since seen.
func (c *cache) put(t table, key string, v any, seen [nTables]uint64) {
	if !c.trusted.Load() {
		return
	}
	at := c.now()
	c.mu.Lock()
	if c.seq[t] == seen[t] {
		c.entries[t][key] = cacheEntry{v: v, at: at}
	}
	c.mu.Unlock()
}

// drop forgets every entry of the tables in s.
func (c *cache) drop(s tableSet) {
	if s == 0 {
		return
	}
	c.mu.Lock()
	for t := table(0); t < nTables; t++ {
		if s.has(t) {
			c.seq[t]++
			clear(c.entries[t])
		}
	}
	c.mu.Unlock()
}

// allTables is every cached table.
const allTables tableSet = 1<<nTables - 1

// maxWriteTexts caps how many statement texts writesOf remembers.
const maxWriteTexts = 4096

// writesOf is the set of cached tables statement q writes (INSERT INTO,
// UPDATE, DELETE FROM, anywhere in it: data-modifying CTEs included).
func (c *cache) writesOf(q string) tableSet {
	if v, ok := c.writes.Load(q); ok {
		return v.(tableSet)
	}
	s := scanWrites(q)
	if c.nTexts.Load() < maxWriteTexts {
		if _, loaded := c.writes.LoadOrStore(q, s); !loaded {
			c.nTexts.Add(1)
		}
	}
	return s
}

// scanWrites finds the cached tables after INSERT INTO, UPDATE and
// DELETE FROM in q.
func scanWrites(q string) tableSet {
	u := strings.ToUpper(q)
	var s tableSet
	for _, kw := range []string{"INSERT INTO", "UPDATE", "DELETE FROM"} {
		for i := 0; ; {
			j := strings.Index(u[i:], kw)
			if j < 0 {
				break
			}
			i += j + len(kw)
			if start := i - len(kw); start > 0 && isIdent(u[start-1]) {
				continue // part of a longer word
			}
			k := i
			for k < len(q) && (q[k] == ' ' || q[k] == '\t' || q[k] == '\n' || q[k] == '\r') {
				k++
			}
			if k == i {
				continue // "UPDATED", say
			}
			e := k
			for e < len(q) && isIdent(u[e]) {
				e++
			}
			if t := tableNamed(strings.ToLower(q[k:e])); t < nTables {
				s |= 1 << t
			}
		}
	}
	return s
}

// isIdent reports whether b may be part of an unquoted SQL name.
func isIdent(b byte) bool {
	return b == '_' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}

// Invalidate drops the named table from the cache: another process wrote
// it (the payload of a CacheChannel notification). An unknown name
// drops everything.
func (s *Store) Invalidate(name string) {
	if t := tableNamed(name); t < nTables {
		s.cache.drop(1 << t)
		return
	}
	s.cache.drop(allTables)
}

// SetCacheTrusted says whether the cache may be used: the postgres
// adapter trusts it only while it listens for other replicas' writes.
// Trusting it again drops everything first, since writes may have been
// missed meanwhile.
func (s *Store) SetCacheTrusted(ok bool) {
	if ok {
		s.cache.drop(allTables)
	}
	s.cache.trusted.Store(ok)
	if !ok {
		s.cache.drop(allTables)
	}
}

// CacheTrusted reports whether the cache is in use (SetCacheTrusted).
func (s *Store) CacheTrusted() bool { return s.cache.trusted.Load() }

// cached reads key of table through the cache: a private copy of the
// cached value, or load's result, put in the cache (as its own copy)
// unless this transaction wrote the table. Errors are not cached.
func cached[T any](t *tx, tb table, key string, clone func(T) T, load func() (T, error)) (T, error) {
	c := t.cache
	if c == nil || t.wrote.has(tb) {
		return load()
	}
	if v, ok := c.get(tb, key); ok {
		return clone(v.(T)), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.put(tb, key, clone(v), t.seen)
	return v, nil
}

// idKey is the cache key of a row by id.
func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// cloneCoach copies a coach, its reminder offsets included.
func cloneCoach(c *core.Coach) *core.Coach {
	d := *c
	d.Policy.ReminderOffsets = cloneSlice(c.Policy.ReminderOffsets)
	return &d
}

// cloneType copies a session type (it holds no references).
func cloneType(st *core.SessionType) *core.SessionType {
	d := *st
	return &d
}

// clonePackage copies a package, its type ids included.
func clonePackage(p *core.Package) *core.Package {
	d := *p
	d.TypeIDs = cloneSlice(p.TypeIDs)
	return &d
}

// cloneAvailability copies availability rules, every range included
// (nil stays nil: a coach without rules).
func cloneAvailability(a *core.Availability) *core.Availability {
	if a == nil {
		return nil
	}
	d := *a
	for i := range d.Weekly {
		d.Weekly[i] = cloneSlice(a.Weekly[i])
	}
	d.Exceptions = cloneSlice(a.Exceptions)
	for i := range d.Exceptions {
		d.Exceptions[i].Extra = cloneSlice(a.Exceptions[i].Extra)
	}
	return &d
}

// cloneList copies a list with clone.
func cloneList[T any](clone func(T) T) func([]T) []T {
	return func(l []T) []T {
		out := make([]T, len(l))
		for i, v := range l {
			out[i] = clone(v)
		}
		return out
	}
}

// cloneSlice copies a slice of values, keeping nil nil.
func cloneSlice[T any](l []T) []T {
	if l == nil {
		return nil
	}
	return append(make([]T, 0, len(l)), l...)
}
