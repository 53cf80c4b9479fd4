package telegram

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestScanHead(t *testing.T) {
	telegram := "HTTP/1.1 200 OK\r\nServer: nginx/1.18.0\r\nDate: Mon, 07 Dec 2026 12:00:00 GMT\r\n" +
		"Content-Type: application/json\r\nContent-Length: 25\r\nConnection: keep-alive\r\n" +
		"Access-Control-Allow-Origin: *\r\n\r\n"
	cases := []struct {
		name  string
		head  string
		state headState
		want  answerHead // of a whole head; its size is the head's
	}{
		{"Telegram's", telegram, headFast, answerHead{status: 200, length: 25}},
		{"no reason", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\n", headFast, answerHead{status: 200, length: 2}},
		{"a 429", "HTTP/1.1 429 Too Many Requests\r\ncontent-length:  7 \r\n\r\n", headFast, answerHead{status: 429, length: 7}},
		{"Connection: close among others", "HTTP/1.1 502 Bad Gateway\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n",
			headFast, answerHead{status: 502, close: true}},
		{"half a head", telegram[:60], headMore, answerHead{}},
		{"half a CRLF", "HTTP/1.1 200 OK\r", headMore, answerHead{}},
		{"not HTTP", "SSH-2.0-OpenSSH_9.6\r\n", headOther, answerHead{}},
		{"HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", headOther, answerHead{}},
		{"100 Continue", "HTTP/1.1 100 Continue\r\n\r\n", headOther, answerHead{}},
		{"204", "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n", headOther, answerHead{}},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", headOther, answerHead{}},
		{"no length", "HTTP/1.1 200 OK\r\n\r\n", headOther, answerHead{}},
		{"two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n", headOther, answerHead{}},
		{"a signed length", "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n", headOther, answerHead{}},
		{"a bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\n\n", headOther, answerHead{}},
		{"a folded line", "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\nContent-Length: 2\r\n\r\n", headOther, answerHead{}},
		{"a space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\n", headOther, answerHead{}},
		{"a control character", "HTTP/1.1 200 OK\r\nX-A: \x01\r\nContent-Length: 2\r\n\r\n", headOther, answerHead{}},
		{"a long body", "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n", headOther, answerHead{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, state := scanHead([]byte(tc.head))
			tc.want.size = len(tc.head) // a whole head
			if state != tc.state || (state == headFast && h != tc.want) {
				t.Errorf("scanHead = %+v, %d; want %+v, %d", h, state, tc.want, tc.state)
			}
		})
	}
}

// FuzzScanHead holds scanHead to http.ReadResponse, which reads every
// answer post does not: a head scanHead reads as the common shape is
// read by http.ReadResponse too, with the same status, length and
// Connection: close, and ends where scanHead says; each part of it, as
// it arrives, is read on (headMore), never sent to http.ReadResponse.
func FuzzScanHead(f *testing.F) {
	for _, seed := range []string{
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
		"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 429 Too Many Requests\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: \x80\xff\t\r\nContent-Length: 1\r\n\r\nx",
		"HTTP/1.1 999 ?\r\nContent-Length: 1\r\n\r\nx",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, state := scanHead(data)
		if state != headFast {
			return
		}
		if h.size > len(data) || h.size < 4 || string(data[h.size-4:h.size]) != "\r\n\r\n" {
			t.Fatalf("a head of %d bytes in %q", h.size, data)
		}
		for n := range h.size {
			if _, st := scanHead(data[:n]); st != headMore {
				t.Fatalf("the first %d bytes of %q are %d, not headMore", n, data[:h.size], st)
			}
		}
		body := strings.Repeat("b", int(h.length))
		r := bufio.NewReader(io.MultiReader(bytes.NewReader(data[:h.size]), strings.NewReader(body)))
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatalf("scanHead read %+v, http.ReadResponse failed: %v\n%q", h, err, data[:h.size])
		}
		got, err := io.ReadAll(resp.Body)
		if err != nil || string(got) != body || r.Buffered() != 0 {
			t.Fatalf("http.ReadResponse read a body of %d bytes (%v, %d left); scanHead said %d\n%q", len(got), err, r.Buffered(), h.length, data[:h.size])
		}
		if resp.StatusCode != h.status || resp.ContentLength != h.length || resp.Close != h.close {
			t.Fatalf("http.ReadResponse read status %d, length %d, close %v; scanHead %+v\n%q",
				resp.StatusCode, resp.ContentLength, resp.Close, h, data[:h.size])
		}
	})
}
