package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// defaultHTTPAddr is where serve listens when SLOTBOT_HTTP_ADDR is unset.
const defaultHTTPAddr = ":8080"

// newMux is the HTTP surface: health now; webhooks and metrics join it.
func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	return mux
}

// listen binds addr now, so a taken port fails the start rather than a
// job later, and returns the job that serves h there until its context
// ends, then shuts down gracefully.
func listen(addr string, h http.Handler, log *slog.Logger) (job, error) {
	j, _, err := bind(addr, h, log)
	return j, err
}

// bind is listen that also returns the address bound (a port of 0 is
// chosen by the system), for those who must print it.
func bind(addr string, h http.Handler, log *slog.Logger) (job, net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return job{}, nil, fmt.Errorf("http: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("slotbot: http listening", "addr", ln.Addr().String())
	return job{name: "http", run: func(ctx context.Context) error {
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(ln) }()
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
		}
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		err := srv.Shutdown(shut)
		if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
		return err
	}}, ln.Addr(), nil
}
