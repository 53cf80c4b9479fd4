package main

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq" // the driver the tests' own connections use
)

// pgCluster is a PostgreSQL server of the test's own, in a temporary
// directory on a free port, so the test may stop and start it without
// disturbing the tests of other packages that share the machine's
// server. It is stopped and removed when the test ends, whatever
// happens.
type pgCluster struct {
	t    testing.TB
	bin  string   // the directory of initdb and pg_ctl
	dir  string   // data, socket and log
	port int      //
	as   []string // the command prefix that runs as the postgres user, when we are root
}

// newPGCluster initialises and starts a private server, or says why it
// cannot (no PostgreSQL binaries, or root without a postgres user).
func newPGCluster(t testing.TB) (*pgCluster, error) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		return nil, fmt.Errorf("no PostgreSQL binaries under /usr/lib/postgresql")
	}
	slices.SortFunc(bins, func(a, b string) int { return cmp.Compare(pgVersion(a), pgVersion(b)) })
	c := &pgCluster{t: t, bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "slotbot-pg-")
	if err != nil {
		return nil, err
	}
	c.dir = dir
	t.Cleanup(func() {
		_ = c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop")
		_ = os.RemoveAll(c.dir)
	})
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no postgres user to run the server as")
		}
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			return nil, fmt.Errorf("running as root without runuser")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		c.as = []string{runuser, "-u", "postgres", "--"}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	c.port = ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	if err := c.run("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		return nil, err
	}
	if err := c.start(); err != nil {
		return nil, err
	}
	return c, nil
}

// pgVersion is the major version in a binary's path.
func pgVersion(path string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return v
}

func (c *pgCluster) data() string { return filepath.Join(c.dir, "data") }

// run runs a PostgreSQL program as the server's user.
func (c *pgCluster) run(program string, args ...string) error {
	argv := append(append(slices.Clone(c.as), filepath.Join(c.bin, program)), args...)
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", program, err, out)
	}
	return nil
}

// start starts the server and waits until it takes connections.
func (c *pgCluster) start() error {
	return c.run("pg_ctl", "-D", c.data(), "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "-o",
		fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, c.dir), "start")
}

// stop stops the server as an administrator would (fast: sessions are
// ended at once).
func (c *pgCluster) stop() error {
	return c.run("pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop")
}

// server is the URL of the cluster's postgres database.
func (c *pgCluster) server() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// freshDatabase creates a database of the test's own on server and
// returns its URL; it is dropped when the test ends.
func freshDatabase(t testing.TB, server string) string {
	t.Helper()
	admin, err := sql.Open("postgres", server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	name := fmt.Sprintf("slotbot_cmd_%016x", rand.Uint64())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		if os.Getenv("CI") == "" && strings.Contains(err.Error(), "connect") {
			t.Skipf("PostgreSQL unreachable: %v", err)
		}
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return strings.Replace(server, "/postgres?", "/"+name+"?", 1)
}
