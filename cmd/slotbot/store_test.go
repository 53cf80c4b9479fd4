package main

import "testing"

func TestStoreTarget(t *testing.T) {
	for _, tc := range []struct {
		url, kind, target string
		bad               bool
	}{
		{"", "sqlite", "slotbot.db", false},
		{"sqlite:/var/lib/slotbot/db.sqlite", "sqlite", "/var/lib/slotbot/db.sqlite", false},
		{"sqlite://data.db", "sqlite", "data.db", false},
		{"postgres://u:p@db:5432/slotbot", "postgres", "postgres://u:p@db:5432/slotbot", false},
		{"postgresql://db/slotbot", "postgres", "postgresql://db/slotbot", false},
		{"sqlite:", "", "", true},
		{"mysql://db", "", "", true},
	} {
		kind, target, err := storeTarget(tc.url)
		if (err != nil) != tc.bad || kind != tc.kind || target != tc.target {
			t.Errorf("storeTarget(%q) = %q, %q, %v", tc.url, kind, target, err)
		}
	}
}

func TestRedactHidesPassword(t *testing.T) {
	if got := redact("postgres://slot:s3cret@db:5432/slotbot?sslmode=disable"); got != "postgres://slot:***@db:5432/slotbot?sslmode=disable" {
		t.Fatal(got)
	}
	if got := redact("postgres://db/slotbot"); got != "postgres://db/slotbot" {
		t.Fatal(got)
	}
}
