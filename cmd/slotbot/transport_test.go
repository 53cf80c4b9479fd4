package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A platform's API client reuses its connections when 16 calls run at
// once (the update workers), instead of opening a connection per call as
// Go's default transport does beyond two.
func TestPlatformTransportKeepsItsConnections(t *testing.T) {
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond) // calls overlap
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	client := &http.Client{Transport: platformTransport()}
	burst := func() {
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				resp, err := client.Get(srv.URL)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			})
		}
		wg.Wait()
	}
	burst()
	first := opened.Load()
	for range 5 {
		burst()
	}
	if again := opened.Load() - first; again > 2 {
		t.Fatalf("5 more bursts of 16 calls opened %d connections (the first %d)", again, first)
	}
}
