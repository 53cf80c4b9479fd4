package telegram

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// The end-to-end tests talk to telegram-test-api, an emulator of the Bot
// API written by others (npm), which scripts/ensure-telegram-emulator
// installs in .bin/telegram-test-api and testdata/emulator.js starts.
// Without it the tests are skipped, or fail when CI is set.

// emulator is a running telegram-test-api, seen from the users' side.
type emulator struct {
	t     *testing.T
	url   string
	token string
}

// emuToken is the bot token the end-to-end tests use; the emulator takes
// any.
const emuToken = "777000:emulated-token"

// startEmulator starts the emulator on a free loopback port for the
// test's lifetime.
func startEmulator(t *testing.T) *emulator {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf(format+" (run scripts/ensure-telegram-emulator)", args...)
		}
		t.Skipf(format+" (run scripts/ensure-telegram-emulator)", args...)
	}
	dir := os.Getenv("TELEGRAM_TEST_API_DIR")
	if dir == "" {
		root, err := repoRoot()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(root, ".bin", "telegram-test-api")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "telegram-test-api", "package.json")); err != nil {
		missing("telegram-test-api is not installed in %s", dir)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed: %v", err)
	}
	port := freePort(t)
	cmd := exec.Command(node, filepath.Join("testdata", "emulator.js"), strconv.Itoa(port))
	cmd.Env = append(os.Environ(), "TELEGRAM_TEST_API_DIR="+dir)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close() // the launcher exits when its input closes
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan error, 1)
	go func() {
		out := bufio.NewReader(stdout)
		line, err := out.ReadString('\n')
		if err == nil && !strings.HasPrefix(line, "ready ") {
			err = fmt.Errorf("emulator said %q", line)
		}
		ready <- err
		_, _ = io.Copy(io.Discard, out) // until the launcher exits
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("emulator did not start: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("emulator did not start in 15 s")
	}
	return &emulator{t: t, url: "http://127.0.0.1:" + strconv.Itoa(port), token: emuToken}
}

// repoRoot finds the module's root from the package directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// freePort asks the kernel for a free loopback port.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// post calls the emulator's client API.
func (e *emulator) post(path string, body any, out any) {
	e.t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := http.Post(e.url+path, "application/json", bytes.NewReader(data))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("%s: HTTP %d", path, resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			e.t.Fatal(err)
		}
	}
}

// emuChat is a chat as the emulator's users write in it.
type emuChat struct {
	ID    int64  `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title,omitempty"`
}

// privateChat is p's private chat with the bot.
func privateChat(p person) emuChat { return emuChat{ID: p.id, Type: "private"} }

// from renders p as Telegram's User.
func from(p person) map[string]any {
	return map[string]any{"id": p.id, "is_bot": false, "first_name": p.name, "language_code": p.lang}
}

// say sends text as p in chat: a command when it starts with "/".
func (e *emulator) say(p person, chat emuChat, text string) {
	e.t.Helper()
	body := map[string]any{"botToken": e.token, "from": from(p), "chat": chat, "date": time.Now().Unix(), "text": text}
	path := "/sendMessage"
	if strings.HasPrefix(text, "/") {
		word, _, _ := strings.Cut(text, " ")
		body["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(word)}}
		path = "/sendCommand"
	}
	e.post(path, body, nil)
}

// emuMessage is one of the bot's messages, as it stands now (edits
// applied).
type emuMessage struct {
	ID       int
	Text     string
	Keyboard [][]tgbotapi.InlineKeyboardButton
}

// messages lists the bot's messages in chat, oldest first.
func (e *emulator) messages(chat int64) []emuMessage {
	e.t.Helper()
	var resp struct {
		Result []struct {
			MessageID int `json:"messageId"`
			Message   struct {
				ChatID      json.RawMessage                `json:"chat_id"`
				Text        string                         `json:"text"`
				ReplyMarkup *tgbotapi.InlineKeyboardMarkup `json:"reply_markup"`
			} `json:"message"`
		} `json:"result"`
	}
	e.post("/getUpdatesHistory", map[string]any{"token": e.token}, &resp)
	var out []emuMessage
	for _, r := range resp.Result {
		if strings.Trim(string(r.Message.ChatID), `"`) != strconv.FormatInt(chat, 10) {
			continue // a user's message, or another chat
		}
		m := emuMessage{ID: r.MessageID, Text: r.Message.Text}
		if r.Message.ReplyMarkup != nil {
			m.Keyboard = r.Message.ReplyMarkup.InlineKeyboard
		}
		out = append(out, m)
	}
	return out
}

// waitFor waits until one of the bot's messages in chat holds every part,
// and returns it.
func (e *emulator) waitFor(chat int64, parts ...string) emuMessage {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ms := e.messages(chat)
		for i := len(ms) - 1; i >= 0; i-- {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(ms[i].Text, p)
			}
			if ok {
				return ms[i]
			}
		}
		if time.Now().After(deadline) {
			var b strings.Builder
			for _, m := range ms {
				b.WriteString(strconv.Itoa(m.ID) + ": " + m.Text + "\n")
			}
			e.t.Fatalf("chat %d never showed %q; it shows:\n%s", chat, parts, b.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// press taps, as p in chat, the button labelled label (a substring) of
// msg; URL buttons are returned rather than pressed.
func (e *emulator) press(p person, chat emuChat, msg emuMessage, label string) tgbotapi.InlineKeyboardButton {
	e.t.Helper()
	for _, row := range msg.Keyboard {
		for _, b := range row {
			if !strings.Contains(b.Text, label) {
				continue
			}
			if b.CallbackData != nil {
				e.post("/sendCallback", map[string]any{"botToken": e.token, "from": from(p), "data": *b.CallbackData,
					"message": map[string]any{"message_id": msg.ID, "chat": chat}}, nil)
			}
			return b
		}
	}
	e.t.Fatalf("no button %q under %q: %+v", label, msg.Text, msg.Keyboard)
	return tgbotapi.InlineKeyboardButton{}
}
