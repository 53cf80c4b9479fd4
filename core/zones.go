package core

import (
	"sync"
	"time"
)

// Zones remembers loaded time zones by name, because time.LoadLocation
// opens and parses a tzdata file on every call and every slot listing
// needs its coach's zone. Only names that loaded are kept: a few hundred
// at most. The zero value is ready; a nil *Zones loads without keeping.
type Zones struct {
	m sync.Map // name → *time.Location
}

// Load is LoadZone, remembered.
func (z *Zones) Load(name string) (*time.Location, error) {
	if z == nil {
		return LoadZone(name)
	}
	if loc, ok := z.m.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := LoadZone(name)
	if err != nil {
		return nil, err
	}
	z.m.Store(name, loc)
	return loc, nil
}
