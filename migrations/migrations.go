// Package migrations holds the SQL schema of each store adapter in goose
// format, embedded so a binary migrates its own database at start.
//
// The two folders describe the same tables; they differ only where the
// databases do (identity columns, timestamptz, booleans). A change to one
// needs the same change, under the same version, in the other.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Postgres is the PostgreSQL schema, for goose with the postgres dialect.
var Postgres = sub("postgres")

// SQLite is the SQLite schema, for goose with the sqlite3 dialect.
var SQLite = sub("sqlite")

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // dir is a constant above; fs.Sub fails only on a bad name
	}
	return f
}
