package main

import (
	"context"
)

// serve runs Slotbot headless until ctx ends: the notice dispatcher and
// scheduler, the platform adapters, and the HTTP listener. It never reads
// the terminal.
func (m *Main) serve(ctx context.Context) error {
	cfg, err := m.configure() // config.go
	if err != nil {
		return err
	}
	log := cfg.logger(m.Stderr)
	if m.OneThread {
		log.Info("slotbot: GOMAXPROCS=1: 2 CPUs or fewer; set GOMAXPROCS to override")
	}
	a, err := m.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	log.Info("slotbot: store ready", "store", a.where, "version", version, "config", cfg)
	if !m.platformConfigured() {
		log.Warn("slotbot: no platform token set (TELEGRAM_TOKEN, DISCORD_TOKEN); serving HTTP and the scheduler only")
	}
	w, err := m.wire(ctx, cfg, a, log) // wire.go: metrics, platforms, routes
	if err != nil {
		return err
	}
	web, err := listen(cfg.HTTPAddr, w.routes.handler(), log)
	if err != nil {
		return err
	}
	jobs := append([]job{web}, w.jobs...)
	if prof, ok, err := pprofJob(cfg.PprofAddr, log); err != nil {
		return err
	} else if ok {
		jobs = append(jobs, prof)
	}
	jobs = append(jobs, a.startNotices(w.senders, false, log).jobs()...)
	g, ctx := start(ctx, log, jobs...)
	<-ctx.Done()
	err = w.stop(g, cfg.ShutdownTimeout, log)
	log.Info("slotbot: stopped")
	return err
}
