// Command slotbot runs the Slotbot booking assistant: it opens the store
// named by DATABASE_URL, applies migrations, and serves the configured
// chats — or, with no platform token set, a terminal chat on an embedded
// SQLite file with a demo studio.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if os.Getenv("SLOTBOT_PPROF_ADDR") == "" {
		// Nobody can read a heap profile without the profiler's listener,
		// and recording one costs memory all the same: the runtime's
		// 1.4 MB table of sampled stacks (resident once the samples are
		// many) and the symbol tables every sample's stack walk touches.
		runtime.MemProfileRate = 0
	}
	one := oneThread(os.Getenv, runtime.GOMAXPROCS(0)) // threads.go
	if one {
		runtime.GOMAXPROCS(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, OneThread: one}
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "slotbot:", err)
		os.Exit(1)
	}
}

// Main is the program with its environment injected, so end-to-end tests
// run it in-process.
type Main struct {
	Getenv func(string) string
	Stdin  io.Reader // the terminal chat's input; serve never reads it
	Stdout io.Writer // the terminal chat and command output
	Stderr io.Writer // logs
	// OneThread says main set GOMAXPROCS to 1 (oneThread), for serve to
	// log; in-process tests leave the test binary's threads alone.
	OneThread bool
}

// usage lists the subcommands.
const usage = `usage: slotbot [command]
  (none), run  the terminal chat when no platform token is set, else serve
  serve        run headless: scheduler, platform adapters, HTTP on SLOTBOT_HTTP_ADDR
  migrate      apply database migrations and exit
  config       print the effective configuration, secrets hidden
  version      print the version`

// Run executes one subcommand: "" or "run" (the terminal chat, or serve
// when a platform token is set), "serve", "migrate", "config" or "version".
func (m *Main) Run(ctx context.Context, args []string) error {
	cmd := ""
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "version":
		fmt.Fprintln(m.Stdout, "slotbot", version)
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(m.Stdout, usage)
		return nil
	case "config":
		return m.showConfig() // config.go
	case "migrate":
		if _, err := m.configure(); err != nil {
			return err
		}
		st, loc, err := openStore(ctx, m.Getenv("DATABASE_URL"))
		if err != nil {
			return err
		}
		defer st.Close()
		fmt.Fprintf(m.Stdout, "migrations applied to %s\n", loc)
		return nil
	case "serve":
		return m.serve(ctx)
	case "", "run":
		cfg, err := m.configure()
		if err != nil {
			return err
		}
		if m.platformConfigured() {
			return m.serve(ctx)
		}
		return m.chat(ctx, cfg)
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
}

// platformConfigured reports whether a chat platform has a token, which
// makes a plain "slotbot" serve it instead of the terminal chat.
func (m *Main) platformConfigured() bool {
	for _, name := range []string{"TELEGRAM_TOKEN", "DISCORD_TOKEN"} {
		if m.Getenv(name) != "" || m.Getenv(name+"_FILE") != "" {
			return true
		}
	}
	return false
}
