package stripe

import (
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// returnPage is the small page Checkout sends the client back to. It
// promises nothing: the booking is confirmed by the webhook, and the
// confirmation arrives in the chat.
var returnPage = template.Must(template.New("return").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><h1>{{.Title}}</h1><p>{{.Body}}</p></body></html>
`))

// ReturnTexts words the return page in the client's language without
// this package knowing the bot: cmd/slotbot passes the bot's catalog.
type ReturnTexts struct {
	// Match picks the language spoken for a browser's language tag
	// ("fr-CA" → "fr"), the fallback language for one it does not speak.
	Match func(tag string) string
	// Text renders a text by language and key: stripe.return.paid_title,
	// stripe.return.paid_body, stripe.return.cancelled_title and
	// stripe.return.cancelled_body.
	Text func(lang, key string, args ...any) string
}

// ReturnPage returns the handler of ReturnPath, where Stripe Checkout
// sends the client after paying (?result=paid) or giving up
// (?result=cancelled), in the browser's language.
func (c *Client) ReturnPage(texts ReturnTexts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		lang := pickLanguage(r.Header.Get("Accept-Language"), texts.Match)
		result := r.URL.Query().Get("result")
		if result != "paid" {
			result = "cancelled"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		_ = returnPage.Execute(w, struct{ Lang, Title, Body string }{lang,
			texts.Text(lang, "stripe.return."+result+"_title"), texts.Text(lang, "stripe.return."+result+"_body")})
	})
}

// pickLanguage reads an Accept-Language header ("ru-RU,ru;q=0.9,en;q=0.8")
// and returns the language spoken for the browser's most preferred tag
// that match speaks, or what match gives for no tag at all.
func pickLanguage(header string, match func(string) string) string {
	for _, tag := range acceptLanguages(header) {
		lang := match(tag)
		if base, _, _ := strings.Cut(tag, "-"); base == lang {
			return lang
		}
	}
	return match("")
}

// acceptLanguages lists an Accept-Language header's tags, lower-cased,
// most preferred first (by q, then by order); "*", tags with q=0 and
// anything malformed are left out. At most 16 entries are read.
func acceptLanguages(header string) []string {
	type entry struct {
		tag string
		q   float64
	}
	var out []entry
	parts := strings.Split(header, ",")
	if len(parts) > 16 {
		parts = parts[:16]
	}
	for _, part := range parts {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		if tag == "" || tag == "*" || len(tag) > 35 || strings.Trim(tag, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		if q > 0 {
			out = append(out, entry{tag, q})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].q > out[j].q })
	tags := make([]string, len(out))
	for i, e := range out {
		tags[i] = e.tag
	}
	return tags
}
