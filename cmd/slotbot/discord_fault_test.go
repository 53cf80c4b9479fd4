package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// discordAPI is a fake Discord REST API for whole-process tests: it
// answers what the adapter calls (command registration, DM channels,
// edits and follow-ups of interaction answers) and records every call.
// No Discord emulator exists; its answers have the shape discordgo
// reads.
type discordAPI struct {
	srv *httptest.Server

	mu    sync.Mutex
	calls []discordCall
	// holdDMs, while open, keeps DM channel creation waiting: a slow
	// Discord, which makes the adapter defer its answer.
	holdDMs chan struct{}
	// stallEdits, when set, leaves edits of interaction answers
	// unanswered until the caller goes away (recorded Stalled), and
	// tells stalled.
	stallEdits bool
	stalled    chan discordCall
}

// discordCall is one REST call a process made.
type discordCall struct {
	method, path string
	body         map[string]any
	stalled      bool
}

// discordAPIPath strips discordgo's /api/v9 prefix.
var discordAPIPath = regexp.MustCompile(`^/api/v\d+`)

func newDiscordAPI(t *testing.T) *discordAPI {
	f := &discordAPI{stalled: make(chan discordCall, 4)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the DISCORD_API_URL of the fake.
func (f *discordAPI) URL() string { return f.srv.URL }

func (f *discordAPI) serve(w http.ResponseWriter, r *http.Request) {
	c := discordCall{method: r.Method, path: discordAPIPath.ReplaceAllString(r.URL.Path, "")}
	if b, _ := io.ReadAll(r.Body); len(b) > 0 && b[0] == '{' {
		_ = json.Unmarshal(b, &c.body)
	}
	w.Header().Set("Content-Type", "application/json")
	edit := r.Method == http.MethodPatch && strings.HasPrefix(c.path, "/webhooks/")
	f.mu.Lock()
	c.stalled = edit && f.stallEdits
	f.calls = append(f.calls, c)
	hold := f.holdDMs
	f.mu.Unlock()
	switch {
	case c.stalled:
		f.stalled <- c
		<-r.Context().Done()
	case r.Method == http.MethodPut && strings.HasSuffix(c.path, "/commands"):
		_, _ = w.Write([]byte("[]"))
	case r.Method == http.MethodPost && c.path == "/users/@me/channels":
		if hold != nil {
			select {
			case <-hold:
			case <-r.Context().Done():
				return
			}
		}
		fmt.Fprintf(w, `{"id":"dm-%v","type":1}`, c.body["recipient_id"])
	case strings.HasPrefix(c.path, "/webhooks/"):
		fmt.Fprintf(w, `{"id":"m1","channel_id":"c","content":%q}`, c.body["content"])
	default:
		_, _ = w.Write([]byte("{}"))
	}
}

// edits lists the edits of the answer to the interaction with token,
// those left unanswered included.
func (f *discordAPI) edits(token string) []discordCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []discordCall
	for _, c := range f.calls {
		if c.method == http.MethodPatch && strings.Contains(c.path, "/"+token+"/messages/@original") {
			out = append(out, c)
		}
	}
	return out
}

// discordInteraction posts a signed interaction to r's endpoint, as
// Discord does, and returns the status and the response body.
func discordInteraction(t *testing.T, r *replica, key ed25519.PrivateKey, body []byte) (int, []byte) {
	t.Helper()
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, r.base+DiscordInteractionsPath, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", DiscordInteractionsPath, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// A replica is killed (SIGKILL) after it deferred its answer to a
// Discord slash command, while it was editing the answer in. The
// interaction was stored before the deferral: the other replica, once
// the lease has run out, answers it from the stored row, and the person
// sees the answer once.
func TestKilledReplicaFinishesNoDeferredDiscordAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	t.Parallel()
	dsn := freshDatabase(t, testPostgres())
	s := newStudio(t, dsn)
	bin := buildBinary(t)
	api := newBotAPI(t, fakeTelegramToken)
	discord := newDiscordAPI(t)
	pub, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	env := replicaEnv(t, dsn, api, "DISCORD_TOKEN=discord-test-token", "DISCORD_APP_ID=4242",
		"DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub), "DISCORD_API_URL="+discord.URL())
	a := startReplica(t, bin, "replica A", env)
	b := startReplica(t, bin, "replica B", env)

	// Noor types /start in a server channel. Discord is slow to open her
	// DM channel, so A defers its answer (after 2 s) before it is done.
	discord.mu.Lock()
	discord.holdDMs = make(chan struct{})
	discord.mu.Unlock()
	const token = "tok-noor-1"
	body, err := json.Marshal(map[string]any{"id": "9001", "application_id": "4242", "type": 2, "token": token, "version": 1,
		"locale": "en", "guild_id": "g1", "channel_id": "ch1", "context": 0,
		"member": map[string]any{"user": map[string]any{"id": "7001", "username": "noor", "global_name": "Noor"}},
		"data":   map[string]any{"id": "c1", "name": "start", "type": 1}})
	must(t, err)
	code, resp := discordInteraction(t, a, key, body)
	var first struct {
		Type int `json:"type"`
		Data struct {
			Flags int `json:"flags"`
		} `json:"data"`
	}
	if err := json.Unmarshal(resp, &first); code != 200 || err != nil || first.Type != 5 || first.Data.Flags != 64 {
		t.Fatalf("A's first answer: %d %s, want a private deferral (type 5, flags 64)", code, resp)
	}
	held := `SELECT COUNT(*) FROM inbox WHERE platform = 'discord' AND claimed_by LIKE $1`
	if n := s.count(held, a.owner()+"%"); n != 1 {
		t.Fatalf("%d interactions stored and held by A when it deferred, want 1", n)
	}

	// A gets the DM channel, asks the bot, and is editing the answer in
	// when it is killed.
	discord.mu.Lock()
	discord.stallEdits = true
	close(discord.holdDMs)
	discord.holdDMs = nil
	discord.mu.Unlock()
	select {
	case <-discord.stalled:
	case <-time.After(30 * time.Second):
		t.Fatalf("A never edited its answer in:\n%s", a.log)
	}
	must(t, a.cmd.Process.Signal(syscall.SIGKILL))
	<-a.done
	a.done <- nil
	killed := time.Now()
	discord.mu.Lock()
	discord.stallEdits = false
	discord.mu.Unlock()

	// B finishes it once A's lease (SLOTBOT_INBOX_LEASE=3s) has run out.
	var answer string
	waitUntil(t, time.Minute, "B editing the answer in", func() bool {
		for _, c := range discord.edits(token) {
			if !c.stalled {
				answer, _ = c.body["content"].(string)
				return true
			}
		}
		return false
	})
	took := time.Since(killed)
	contains(t, "the answer B edited in", answer, "Hi Noor")
	waitUntil(t, 10*time.Second, "the inbox empty", func() bool {
		return s.count(`SELECT COUNT(*) FROM inbox WHERE platform = 'discord'`) == 0
	})
	landed := 0
	for _, c := range discord.edits(token) {
		if !c.stalled {
			landed++
		}
	}
	if landed != 1 {
		t.Errorf("the answer was edited in %d times, want once", landed)
	}
	if !b.alive() {
		t.Fatalf("replica B died:\n%s", b.log)
	}
	contains(t, "B's log", b.log.String(), "finished a deferred answer another process left")
	figure(t, "kill -9 of a replica that deferred its answer to a Discord slash command, mid-edit",
		"0 lost: the other replica edited the answer in %v after the kill (`SLOTBOT_INBOX_LEASE=3s`), %d time(s) in all",
		took.Round(100*time.Millisecond), landed)
}
