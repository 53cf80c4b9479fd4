package postgres

import "testing"

func TestListenerDSNDropsKeepaliveSettings(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://u@h/db?sslmode=disable&keepalives_idle=5&keepalives_count=2": "postgres://u@h/db?sslmode=disable",
		"host=h dbname=db keepalives_interval=3 sslmode=disable":                 "host=h dbname=db sslmode=disable",
		"postgres://u:p@h:5432/db?sslmode=disable":                               "postgres://u:p@h:5432/db?sslmode=disable",
	} {
		if got := listenerDSN(dsn); got != want {
			t.Errorf("listenerDSN(%q) = %q, want %q", dsn, got, want)
		}
	}
}
