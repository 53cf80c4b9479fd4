package telegram

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// The three calls every button press makes (sendMessage, editMessageText,
// answerCallbackQuery) are posted by form: the same form tgbotapi posts,
// written straight into one buffer. tgbotapi builds a map of parameters,
// copies it into url.Values, sorts and escapes them into a new string,
// formats the URL and decodes the answer through a fresh json.Decoder:
// under the rush its requests were a fifth of the process's allocations.

// form is a Bot API call's urlencoded body, written field by field.
type form struct{ b []byte }

// form is an empty form from the adapter's pool; put it back (a.forms)
// once its call has returned.
func (a *Adapter) form() *form {
	f, _ := a.forms.Get().(*form)
	if f == nil || cap(f.b) > 64<<10 { // a big one is left to the collector
		return &form{b: make([]byte, 0, 512)}
	}
	f.b = f.b[:0]
	return f
}

// add writes key=value, escaped as url.QueryEscape escapes.
func (f *form) add(key, value string) {
	if len(f.b) > 0 {
		f.b = append(f.b, '&')
	}
	f.b = append(f.b, key...)
	f.b = append(f.b, '=')
	f.b = appendQueryEscape(f.b, value)
}

// addInt writes key=v.
func (f *form) addInt(key string, v int64) {
	if len(f.b) > 0 {
		f.b = append(f.b, '&')
	}
	f.b = append(f.b, key...)
	f.b = append(f.b, '=')
	f.b = strconv.AppendInt(f.b, v, 10)
}

// appendQueryEscape appends s escaped for a query component: letters,
// digits and -_.~ as they are, a space as +, every other byte as %XX.
// b grows once, to the escaped length.
func appendQueryEscape[S string | []byte](b []byte, s S) []byte {
	const hex = "0123456789ABCDEF"
	n := len(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreserved(c) && c != ' ' {
			n += 2
		}
	}
	b = slices.Grow(b, n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case unreserved(c):
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// unreserved reports whether c goes into a query component as it is.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}

// postForm posts body to method within timeout and appends the answer's
// body to dst. With the adapter's Transport, and a client that adds
// nothing to it (no timeout, cookie jar or redirect policy), the call is
// the transport's post: no http.Request, http.Response or context is
// made for it. With another transport, the request goes straight to it:
// http.Client copies each request and its headers for redirects the Bot
// API never makes.
func (a *Adapter) postForm(ctx context.Context, timeout time.Duration, method string, body, dst []byte) ([]byte, error) {
	tg := a.targets[method]
	if tg == nil {
		u, err := url.Parse(a.cfg.APIURL + "/bot" + a.cfg.Token + "/" + method)
		if err != nil {
			return dst, err
		}
		tg = newTarget(u)
	}
	hc := a.cfg.HTTPClient
	if hc == nil {
		return dst, fmt.Errorf("telegram: %s: the call has no HTTP client", method)
	}
	plain := hc.Transport != nil && hc.Timeout == 0 && hc.Jar == nil && hc.CheckRedirect == nil
	if t, ok := hc.Transport.(*Transport); ok && plain {
		_, out, err := t.post(ctx, time.Now().Add(timeout), tg, body, dst) // transport_form.go
		return out, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "", bytes.NewReader(body))
	if err != nil {
		return dst, err
	}
	req.URL, req.Host = tg.u, tg.u.Host
	var resp *http.Response
	if plain {
		req.Header = a.formHeader // shared: nothing on this path writes to it
		resp, err = hc.Transport.RoundTrip(req)
	} else {
		req.Header = http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		resp, err = hc.Do(req)
	}
	if err != nil {
		return dst, err
	}
	defer resp.Body.Close()
	return appendAll(dst, resp.Body)
}

// postOp is the op that posts f to method. A refused call's error is a
// *tgbotapi.Error, as tgbotapi's MakeRequest returns; of a result, only
// the message id is read (answer.go).
func postOp(method string, f *form) op {
	return func(a *Adapter, ctx context.Context, timeout time.Duration) (result, error) {
		bp, _ := a.answers.Get().(*[]byte)
		if bp == nil {
			bp = new([]byte)
		}
		answer, err := a.postForm(ctx, timeout, method, f.b, (*bp)[:0])
		var out apiAnswer
		if err == nil {
			out, err = readAnswer(answer)
		}
		if cap(answer) <= 64<<10 { // a big answer is left to the collector
			*bp = answer[:0]
			a.answers.Put(bp)
		}
		if err != nil {
			return result{}, err
		}
		if !out.ok {
			return result{}, out.refusal()
		}
		return result{messageID: out.messageID}, nil
	}
}
