package bot

import (
	"sync"
	"time"

	"github.com/slotbot/slotbot/core"
)

// zoneCache remembers loaded time zones by name: time.LoadLocation opens
// and parses a tzdata file on every call, which every update did for its
// sender's zone (4% of the chat benchmark's CPU). Only names that loaded
// are kept, and there are a few hundred of those at most.
type zoneCache struct {
	m sync.Map // name → *time.Location
}

// load is core.LoadZone, remembered.
func (z *zoneCache) load(name string) (*time.Location, error) {
	if loc, ok := z.m.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := core.LoadZone(name)
	if err != nil {
		return nil, err
	}
	z.m.Store(name, loc)
	return loc, nil
}
