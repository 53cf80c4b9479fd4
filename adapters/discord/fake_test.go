package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// No Discord emulator exists: fakeDiscord is a local stand-in for the
// REST API (every call recorded) and the gateway (a websocket that says
// HELLO and READY, then pushes the events a test sends). The adapter's
// session reaches it through an http.Client whose transport rewrites the
// scheme and host of every request, so discordgo's endpoints stay
// untouched.
type fakeDiscord struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	calls    []call
	refused  map[string]bool // DM channels whose user closed their DMs (50007)
	gone     map[string]bool // message ids deleted in their channel (10008)
	limited  map[string]bool // channels answering 429
	nextID   int
	conns    []*websocket.Conn
	seq      int
	identify chan json.RawMessage
	// stallEdits, when set, leaves every edit of an interaction's answer
	// unanswered until its caller gives up (recorded with Stalled), as
	// a replica dying mid-call sees it; stalled gets each such call.
	stallEdits bool
	stalled    chan call
	// stallCommands, when set, does the same to the registration of the
	// slash commands: a replica stopped while it starts.
	stallCommands bool
}

// call is one REST request the adapter made.
type call struct {
	Method string
	Path   string
	Body   map[string]any // the JSON body, or the payload_json part of a multipart one
	Files  map[string]string
	// Stalled: never answered (fakeDiscord.stallEdits).
	Stalled bool
}

func newFakeDiscord(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{t: t, refused: map[string]bool{}, gone: map[string]bool{}, limited: map[string]bool{}, identify: make(chan json.RawMessage, 4),
		stalled: make(chan call, 4)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() {
		f.mu.Lock()
		for _, c := range f.conns {
			_ = c.Close()
		}
		f.mu.Unlock()
		f.srv.Close()
	})
	return f
}

// client is the http.Client the adapter's session uses: every request
// goes to the fake, whatever host discordgo aimed at.
func (f *fakeDiscord) client() *http.Client {
	u, _ := url.Parse(f.srv.URL)
	return &http.Client{Timeout: 10 * time.Second, Transport: rewrite{host: u.Host}}
}

// rewrite sends requests to another host over plain HTTP.
type rewrite struct{ host string }

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host, req.Host = "http", r.host, r.host
	return http.DefaultTransport.RoundTrip(req)
}

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	if strings.TrimSuffix(path, "/") == "/gateway-ws" {
		f.gateway(w, r)
		return
	}
	c := call{Method: r.Method, Path: path, Files: map[string]string{}}
	if err := readBody(r, &c); err != nil {
		f.t.Errorf("fake discord: %s %s: %v", r.Method, path, err)
	}
	f.mu.Lock()
	if f.stallEdits && r.Method == http.MethodPatch && strings.HasPrefix(path, "/webhooks/") ||
		f.stallCommands && r.Method == http.MethodPut && strings.HasSuffix(path, "/commands") {
		c.Stalled = true
		f.calls = append(f.calls, c)
		f.mu.Unlock()
		f.stalled <- c
		<-r.Context().Done()
		return
	}
	f.calls = append(f.calls, c)
	f.nextID++
	id := fmt.Sprintf("m%d", f.nextID)
	f.mu.Unlock()
	parts := strings.Split(strings.Trim(path, "/"), "/")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && path == "/gateway":
		ws := "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/api/v9/gateway-ws"
		fmt.Fprintf(w, `{"url":%q}`, ws)
	case r.Method == http.MethodPut && parts[0] == "applications":
		b, _ := json.Marshal(c.Body["_list"])
		_, _ = w.Write(b)
	case r.Method == http.MethodPost && parts[0] == "interactions":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPost && path == "/users/@me/channels":
		fmt.Fprintf(w, `{"id":"dm-%s","type":1}`, c.Body["recipient_id"])
	case parts[0] == "channels" && len(parts) >= 3 && parts[2] == "messages":
		f.mu.Lock()
		refused, gone, limited := f.refused[parts[1]], len(parts) > 3 && f.gone[parts[3]], f.limited[parts[1]]
		f.mu.Unlock()
		switch {
		case limited:
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message":"You are being rate limited.","retry_after":1.5,"global":false}`)
		case refused:
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"Cannot send messages to this user","code":50007}`)
		case gone:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"message":"Unknown Message","code":10008}`)
		default:
			if len(parts) > 3 {
				id = parts[3]
			}
			fmt.Fprintf(w, `{"id":%q,"channel_id":%q,"content":%q}`, id, parts[1], c.Body["content"])
		}
	case parts[0] == "webhooks":
		if len(parts) > 4 {
			id = parts[4] // @original
		}
		fmt.Fprintf(w, `{"id":%q,"channel_id":"c","content":%q}`, id, c.Body["content"])
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"404: Not Found","code":0}`)
	}
}

// readBody decodes a JSON or multipart body into c.
func readBody(r *http.Request, c *call) error {
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			b, _ := io.ReadAll(p)
			if p.FormName() == "payload_json" {
				if err := json.Unmarshal(b, &c.Body); err != nil {
					return err
				}
			} else {
				c.Files[p.FileName()] = string(b)
			}
		}
	}
	b, err := io.ReadAll(r.Body)
	if err != nil || len(b) == 0 {
		return err
	}
	if b[0] == '[' {
		var list []any
		err := json.Unmarshal(b, &list)
		c.Body = map[string]any{"_list": list}
		return err
	}
	return json.Unmarshal(b, &c.Body)
}

// gateway is the websocket: HELLO, wait for IDENTIFY, READY; then it
// answers heartbeats and the test pushes events.
func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		f.t.Errorf("fake gateway: %v", err)
		return
	}
	f.mu.Lock()
	f.conns = append(f.conns, conn)
	f.mu.Unlock()
	f.write(conn, map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
	for {
		var msg struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := conn.ReadJSON(&msg); err != nil {
			return
		}
		switch msg.Op {
		case 1:
			f.write(conn, map[string]any{"op": 11})
		case 2:
			f.identify <- msg.D
			f.dispatch("READY", map[string]any{"v": 10, "session_id": "s1",
				"user":        map[string]any{"id": "app1", "username": "slotbot", "bot": true},
				"application": map[string]any{"id": "app1"}, "guilds": []any{}, "private_channels": []any{}})
		}
	}
}

// write sends one frame on a connection.
func (f *fakeDiscord) write(conn *websocket.Conn, v any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := conn.WriteJSON(v); err != nil {
		f.t.Logf("fake gateway: write: %v", err)
	}
}

// dispatch pushes an event to every gateway connection.
func (f *fakeDiscord) dispatch(event string, d any) {
	f.mu.Lock()
	f.seq++
	frame := map[string]any{"op": 0, "t": event, "s": f.seq, "d": d}
	conns := append([]*websocket.Conn(nil), f.conns...)
	f.mu.Unlock()
	for _, c := range conns {
		f.write(c, frame)
	}
}

// refuse makes a DM channel answer 50007, as when its user closed DMs.
func (f *fakeDiscord) refuse(channelID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refused[channelID] = true
}

// snapshot copies the calls so far.
func (f *fakeDiscord) snapshot() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// waitCall waits until a call after index from matches, returning it and
// its index. Calls made by the adapter's goroutines arrive in their own
// time, so this polls (with a generous limit) rather than sleeping.
func (f *fakeDiscord) waitCall(from int, match func(call) bool) (call, int) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		calls := f.snapshot()
		for i := from; i < len(calls); i++ {
			if match(calls[i]) {
				return calls[i], i
			}
		}
		if time.Now().After(deadline) {
			var b strings.Builder
			for i, c := range calls {
				fmt.Fprintf(&b, "%d %s %s %v\n", i, c.Method, c.Path, c.Body)
			}
			f.t.Fatalf("no matching call after #%d; calls:\n%s", from, b.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
}
