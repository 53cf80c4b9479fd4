package sqlite

import "github.com/pressly/goose/v3"

// Provider is the migrations' provider on s, for the external tests.
func Provider(s *Store) (*goose.Provider, error) { return provider(s.writer) }
