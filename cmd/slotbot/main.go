// Command slotbot runs the Slotbot booking assistant: it opens the store
// named by DATABASE_URL, applies migrations, and serves the configured
// chats.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "slotbot:", err)
		os.Exit(1)
	}
}

// Main is the program with its environment injected, so end-to-end tests
// run it in-process.
type Main struct {
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
}

// Run executes one subcommand: "" (run), "migrate" or "version".
func (m *Main) Run(ctx context.Context, args []string) error {
	cmd := ""
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "version":
		fmt.Fprintln(m.Stdout, "slotbot", version)
		return nil
	case "migrate":
		st, loc, err := openStore(ctx, m.Getenv("DATABASE_URL"))
		if err != nil {
			return err
		}
		defer st.Close()
		fmt.Fprintf(m.Stdout, "migrations applied to %s\n", loc)
		return nil
	case "", "run", "serve":
		st, loc, err := openStore(ctx, m.Getenv("DATABASE_URL"))
		if err != nil {
			return err
		}
		defer st.Close()
		fmt.Fprintf(m.Stderr, "slotbot: store ready at %s; no chat adapter is configured yet\n", loc)
		return nil
	default:
		return fmt.Errorf("unknown command %q (try: migrate, version)", cmd)
	}
}
