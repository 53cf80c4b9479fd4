package telegram

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// The three calls every button press makes (sendMessage, editMessageText,
// answerCallbackQuery) are posted by form: the same form tgbotapi posts,
// written straight into one buffer. tgbotapi builds a map of parameters,
// copies it into url.Values, sorts and escapes them into a new string,
// formats the URL and decodes the answer through a fresh json.Decoder:
// under the rush its requests were a fifth of the process's allocations.

// form is a Bot API call's urlencoded body, written field by field.
type form struct{ b []byte }

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

// postForm posts body to method. With a client that adds nothing to its
// transport (no timeout, cookie jar or redirect policy), the request goes
// straight to the transport: http.Client copies each request and its
// headers for redirects the Bot API never makes.
func (a *Adapter) postForm(ctx context.Context, method string, body []byte) (*http.Response, error) {
	u := a.formURLs[method]
	if u == nil {
		var err error
		if u, err = url.Parse(a.cfg.APIURL + "/bot" + a.cfg.Token + "/" + method); err != nil {
			return nil, err
		}
	}
	hc := a.cfg.HTTPClient
	if hc == nil {
		return nil, fmt.Errorf("telegram: %s: the call has no HTTP client", method)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.URL, req.Host = u, u.Host
	if hc.Transport != nil && hc.Timeout == 0 && hc.Jar == nil && hc.CheckRedirect == nil {
		req.Header = a.formHeader // shared: nothing on this path writes to it
		return hc.Transport.RoundTrip(req)
	}
	req.Header = http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	return hc.Do(req)
}

// postOp is the op that posts f to method. A refused call's error is a
// *tgbotapi.Error, as tgbotapi's MakeRequest returns; of a result, only
// the message id is read (answer.go).
func postOp(method string, f *form) op {
	return func(a *Adapter, ctx context.Context) (result, error) {
		resp, err := a.postForm(ctx, method, f.b)
		if err != nil {
			return result{}, err
		}
		defer resp.Body.Close()
		buf, _ := a.answers.Get().(*bytes.Buffer)
		if buf == nil {
			buf = new(bytes.Buffer)
		}
		defer func() {
			if buf.Cap() <= 64<<10 { // a big answer is left to the collector
				buf.Reset()
				a.answers.Put(buf)
			}
		}()
		if _, err := buf.ReadFrom(resp.Body); err != nil {
			return result{}, err
		}
		out, err := readAnswer(buf.Bytes())
		if err != nil {
			return result{}, err
		}
		if !out.ok {
			return result{}, out.refusal()
		}
		return result{messageID: out.messageID}, nil
	}
}
