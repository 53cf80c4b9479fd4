package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/postgres"
	"github.com/slotbot/slotbot/adapters/postgres/pgtest"
	"github.com/slotbot/slotbot/core"
)

// proxy forwards TCP connections to a server until cut, which closes
// every connection and refuses new ones, as a database outage looks from
// the application.
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	p.start("127.0.0.1:0")
	t.Cleanup(p.cut)
	return p
}

// start listens on addr (the same port again after a cut) and forwards.
func (p *proxy) start(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); _ = s.Close() }()
			go func() { _, _ = io.Copy(c, s); _ = c.Close() }()
		}
	}()
}

// cut stops listening and breaks every connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// While the database cannot be reached, reads and writes fail with
// EUNAVAILABLE (the bot's "please try again in a moment"), not an
// internal error; once it is back the same store works again by itself.
func TestOutageIsUnavailableAndRecovers(t *testing.T) {
	ctx := context.Background()
	u, err := url.Parse(pgtest.Server())
	if err != nil {
		t.Fatal(err)
	}
	testDB := pgtest.TestDatabase(t) // or skips without a server
	admin, err := sql.Open("postgres", testDB)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("t_%016x", rand.Uint64())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`) })

	p := newProxy(t, u.Host)
	u.Host = p.addr
	dsn, err := postgres.WithParams(u.String(), map[string]string{"dbname": pgtest.Database, "search_path": schema, "connect_timeout": "2"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := core.NewService(st, core.ClockFunc(time.Now))
	write := func() error { return svc.Accounts.CreateClient(ctx, &core.Client{Name: "Maria", Zone: "Europe/Paris"}) }
	if err := write(); err != nil {
		t.Fatalf("before the outage: %v", err)
	}

	p.cut()
	if err := write(); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Fatalf("write during the outage: %v, want EUNAVAILABLE", err)
	}
	if err := svc.Outbox.Ping(ctx); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Fatalf("read during the outage: %v, want EUNAVAILABLE", err)
	}
	arrive := func() error {
		_, err := svc.Accounts.Arrive(ctx, "u1", core.Identity{Platform: "telegram", UserID: "1", ChatID: "1", Name: "Ana"})
		return err
	}
	if err := arrive(); core.ErrorCode(err) != core.EUNAVAILABLE { // a lone statement (Store.Single)
		t.Fatalf("arrival during the outage: %v, want EUNAVAILABLE", err)
	}
	if msg := core.ErrorMessage(write()); msg != "The calendar cannot be reached right now. Please try again in a moment." {
		t.Fatalf("message during the outage: %q", msg)
	}

	p.start(p.addr)
	if err := write(); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
	if err := svc.Outbox.Ping(ctx); err != nil {
		t.Fatalf("read after the outage: %v", err)
	}
	if err := arrive(); err != nil {
		t.Fatalf("arrival after the outage: %v", err)
	}
}
