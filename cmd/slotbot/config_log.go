package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// logger is the process's logger: text or JSON as configured, at the
// configured level, behind a redactor that blanks any secret value that
// reached a message or attribute by mistake (an error quoting a URL with
// the token, say).
func (c *Config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(newRedactor(h, c.secrets()))
}

// minSecretLen is the shortest value the redactor hunts for: shorter
// ones would blank innocent words, and no real secret is that short.
const minSecretLen = 6

// redactor is a slog.Handler that replaces secrets with *** before the
// next handler sees them.
type redactor struct {
	next    slog.Handler
	secrets *strings.Replacer
}

// newRedactor wraps next; with no secret long enough it returns next.
func newRedactor(next slog.Handler, secrets []string) slog.Handler {
	var pairs []string
	for _, s := range secrets {
		if len(s) >= minSecretLen {
			pairs = append(pairs, s, "***")
		}
	}
	if len(pairs) == 0 {
		return next
	}
	return &redactor{next: next, secrets: strings.NewReplacer(pairs...)}
}

// Enabled asks the next handler.
func (r *redactor) Enabled(ctx context.Context, l slog.Level) bool { return r.next.Enabled(ctx, l) }

// Handle passes on a copy of rec with its message and attributes cleaned.
func (r *redactor) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, r.secrets.Replace(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(r.attr(a))
		return true
	})
	return r.next.Handle(ctx, out)
}

// WithAttrs cleans attrs once and passes them on.
func (r *redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = r.attr(a)
	}
	return &redactor{next: r.next.WithAttrs(clean), secrets: r.secrets}
}

// WithGroup passes the group on.
func (r *redactor) WithGroup(name string) slog.Handler {
	return &redactor{next: r.next.WithGroup(name), secrets: r.secrets}
}

// attr cleans one attribute: strings, and anything else whose printed
// form holds a secret (errors, URLs), which is then logged as the cleaned
// string.
func (r *redactor) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, r.secrets.Replace(v.String()))
	case slog.KindGroup:
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = r.attr(g)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		s := fmt.Sprint(v.Any())
		if c := r.secrets.Replace(s); c != s {
			return slog.String(a.Key, c)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
