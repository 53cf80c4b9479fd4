package postgres

import (
	"context"

	"github.com/pressly/goose/v3"
)

// Provider is the migrations' provider on s, for the external tests.
func Provider(ctx context.Context, s *Store) (*goose.Provider, error) { return provider(ctx, s.db) }
