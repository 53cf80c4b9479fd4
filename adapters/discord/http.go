package discord

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Replay protection of the HTTP endpoint: discordgo.VerifyInteraction
// checks the signature of timestamp+body but not the timestamp's age, so
// a captured request could be sent again. Requests signed more than
// maxAge ago, or more than maxSkew ahead of our clock, are refused; a
// replay inside the window acts once, because the bot records each
// interaction id (bot.Request.UpdateID).
const (
	maxAge  = 5 * time.Minute
	maxSkew = 30 * time.Second
	maxBody = 1 << 20
)

// Handler is the HTTP interactions endpoint, for cmd to mount at
// POST /discord/interactions; nil without a public key.
func (a *Adapter) Handler() http.Handler {
	if a.pubKey == nil {
		return nil
	}
	return http.HandlerFunc(a.serveHTTP)
}

// serveHTTP verifies and answers one interaction: 401 for a bad
// signature or a stale timestamp, the interaction response otherwise.
func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if !a.fresh(r.Header.Get("X-Signature-Timestamp")) {
		http.Error(w, "stale or missing timestamp", http.StatusUnauthorized)
		return
	}
	if !discordgo.VerifyInteraction(r, a.pubKey) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "not an interaction", http.StatusBadRequest)
		return
	}
	resp := make(chan *discordgo.InteractionResponse, 1)
	sent := make(chan struct{})
	defer close(sent)
	a.interact(&i, func(ir *discordgo.InteractionResponse) error {
		select {
		case resp <- ir:
			return nil
		default:
			return errAcked
		}
	}, sent)
	var ir *discordgo.InteractionResponse
	select {
	case ir = <-resp:
	default:
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	out, err := json.Marshal(ir)
	if err != nil {
		a.log.Error("discord: cannot encode an interaction response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// fresh reports whether a request timestamp (Unix seconds) is within the
// accepted window.
func (a *Adapter) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	age := a.cfg.Now().Sub(time.Unix(sec, 0))
	return age <= maxAge && age >= -maxSkew
}
