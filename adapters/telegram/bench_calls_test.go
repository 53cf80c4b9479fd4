package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/slotbot/slotbot/bot"
)

// A getUpdates page as Telegram writes it in the rush: people typing a
// command and pressing buttons under the bot's menus (callback queries
// carry the whole message the button is under, keyboard included).
const (
	benchMessageUpdate = `{"update_id":%d,"message":{"message_id":52,"from":{"id":100017,"is_bot":false,"first_name":"Anna","last_name":"K\u00f6nig","username":"anna_k","language_code":"de"},"chat":{"id":100017,"first_name":"Anna","last_name":"K\u00f6nig","username":"anna_k","type":"private"},"date":1765100000,"text":"/book","entities":[{"offset":0,"length":5,"type":"bot_command"}]}}`
	benchButtonUpdate  = `{"update_id":%d,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"id":100017,"is_bot":false,"first_name":"Anna","last_name":"K\u00f6nig","username":"anna_k","language_code":"de"},"message":{"message_id":53,"from":{"id":4242,"is_bot":true,"first_name":"Slot","username":"SlotBenchBot"},"chat":{"id":100017,"first_name":"Anna","last_name":"K\u00f6nig","username":"anna_k","type":"private"},"date":1765100001,"edit_date":1765100002,"text":"Pick a time on Tue 9 Jun (Europe/Paris):","reply_markup":{"inline_keyboard":[[{"text":"09:00","callback_data":"v1:slot:3f9k:0900"},{"text":"09:30","callback_data":"v1:slot:3f9k:0930"},{"text":"10:00","callback_data":"v1:slot:3f9k:1000"}],[{"text":"10:30","callback_data":"v1:slot:3f9k:1030"},{"text":"11:00","callback_data":"v1:slot:3f9k:1100"},{"text":"11:30","callback_data":"v1:slot:3f9k:1130"}],[{"text":"\u2b05\ufe0f Back","callback_data":"v1:back:3f9k"}]]}},"chat_instance":"-3417283619437429112","data":"v1:slot:3f9k:1000"}}`
)

// benchPage is a getUpdates answer of n updates, one message to three
// button presses.
func benchPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"ok":true,"result":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		f := benchButtonUpdate
		if i%4 == 0 {
			f = benchMessageUpdate
		}
		b.WriteString(strings.Replace(f, "%d", strconv.Itoa(700000+i), 1))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkDecodeUpdates decodes a getUpdates page of 8 updates and
// translates each, as poll does before storing them; per update.
//
//	go test -run '^$' -bench DecodeUpdates -benchmem ./adapters/telegram
func BenchmarkDecodeUpdates(b *testing.B) {
	page := benchPage(8)
	b.ReportAllocs()
	b.SetBytes(int64(len(page)) / 8)
	for b.Loop() {
		for range 1 {
			updates, _, err := decodeAnswer(page)
			if err != nil || len(updates) != 8 {
				b.Fatalf("%d updates, %v", len(updates), err)
			}
			for i := range updates {
				if _, ok := translate(updates[i], self{ID: 4242, UserName: "SlotBenchBot"}); !ok {
					b.Fatal("not translated")
				}
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/8, "ns/update")
}

// BenchmarkButtonPressCalls makes the three Bot API calls of a button
// press (answerCallbackQuery, editMessageText with a keyboard,
// sendMessage) through the adapter's transport to a local server that
// answers as Telegram does; per press. The server reads each request and
// writes a canned answer without allocating, so the allocations are the
// adapter's (its CPU is in ns/op, though).
//
//	go test -run '^$' -bench ButtonPressCalls -benchmem ./adapters/telegram
func BenchmarkButtonPressCalls(b *testing.B) {
	msg := `{"ok":true,"result":{"message_id":53,"from":{"id":4242,"is_bot":true,"first_name":"Slot","username":"SlotBenchBot"},"chat":{"id":100017,"first_name":"Anna","type":"private"},"date":1765100001,"text":"Pick a time","reply_markup":{"inline_keyboard":[[{"text":"09:00","callback_data":"v1:slot:3f9k:0900"},{"text":"09:30","callback_data":"v1:slot:3f9k:0930"}],[{"text":"Back","callback_data":"v1:back:3f9k"}]]}}}`
	answers := map[string][]byte{
		"answerCallbackQuery": cannedAnswer(`{"ok":true,"result":true}`),
		"editMessageText":     cannedAnswer(msg),
		"sendMessage":         cannedAnswer(msg),
	}
	url := newCannedServer(b, func(path []byte) []byte { return answers[string(path[bytes.LastIndexByte(path, '/')+1:])] })
	a, err := Prepare(Config{Token: "1:bench", APIURL: url, Limits: Limits{Unlimited: true}}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	r := bot.Reply{Text: "Pick a time on Tue 9 Jun (Europe/Paris):", Buttons: [][]bot.Button{
		{{Label: "09:00", Data: "v1:slot:3f9k:0900"}, {Label: "09:30", Data: "v1:slot:3f9k:0930"}, {Label: "10:00", Data: "v1:slot:3f9k:1000"}},
		{{Label: "⬅️ Back", Data: "v1:back:3f9k"}}}}
	b.ReportAllocs()
	for b.Loop() {
		a.answer(ctx, "4382bfdwdsb323b2d9", "")
		if err := a.edit(ctx, 100017, 53, r); err != nil {
			b.Fatal(err)
		}
		if id, err := a.send(ctx, 100017, r, reply); err != nil || id != 53 {
			b.Fatalf("sent %d, %v", id, err)
		}
	}
}

// cannedAnswer is an HTTP answer with body, as Telegram's server writes
// it.
func cannedAnswer(body string) []byte {
	return []byte("HTTP/1.1 200 OK\r\nServer: nginx/1.18.0\r\nDate: Mon, 07 Dec 2026 12:00:00 GMT\r\nContent-Type: application/json\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: keep-alive\r\n" +
		"Strict-Transport-Security: max-age=31536000; includeSubDomains; preload\r\n" +
		"Access-Control-Allow-Origin: *\r\n\r\n" + body)
}

// newCannedServer serves HTTP/1.1 on a loopback port, answering each
// request with answer(its path), and returns its address. It reads
// requests with a Content-Length body only, into one buffer a
// connection, and allocates nothing a request.
func newCannedServer(tb testing.TB, answer func(path []byte) []byte) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ln.Close() })
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer nc.Close()
				buf := make([]byte, 0, 64<<10)
				for {
					end := bytes.Index(buf, []byte("\r\n\r\n"))
					if end < 0 {
						n, err := nc.Read(buf[len(buf):cap(buf)])
						if err != nil {
							return
						}
						buf = buf[:len(buf)+n]
						continue
					}
					head := buf[:end]
					length := 0
					if i := bytes.Index(head, []byte("\r\nContent-Length: ")); i >= 0 {
						rest := head[i+len("\r\ncontent-length: "):]
						for len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9' {
							length = length*10 + int(rest[0]-'0')
							rest = rest[1:]
						}
					}
					for len(buf) < end+4+length {
						n, err := nc.Read(buf[len(buf):cap(buf)])
						if err != nil {
							return
						}
						buf = buf[:len(buf)+n]
					}
					path, _, _ := bytes.Cut(head[bytes.IndexByte(head, ' ')+1:], []byte(" "))
					if _, err := nc.Write(answer(path)); err != nil {
						return
					}
					buf = buf[:copy(buf, buf[end+4+length:])]
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// decodeAnswer reads a getUpdates answer as poll does.
func decodeAnswer(page []byte) ([]*tgbotapi.Update, []json.RawMessage, error) {
	_, raws, err := readList(page)
	if err != nil {
		return nil, nil, err
	}
	us, err := decodeUpdates(raws)
	return us, raws, err
}
