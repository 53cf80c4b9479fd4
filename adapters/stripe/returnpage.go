package stripe

import (
	"html/template"
	"net/http"
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

// returnTexts are the page's words per language and result.
var returnTexts = map[string]map[string][2]string{
	"en": {
		"paid":      {"Thank you!", "Your payment is being confirmed. You will get a message in the chat in a moment; you can close this page."},
		"cancelled": {"Payment not made", "Nothing was charged. Go back to the chat and press Pay again while your seat is held."},
	},
	"fr": {
		"paid":      {"Merci !", "Votre paiement est en cours de confirmation. Vous recevrez un message dans la discussion dans un instant ; vous pouvez fermer cette page."},
		"cancelled": {"Paiement non effectué", "Rien n'a été débité. Revenez dans la discussion et appuyez de nouveau sur Payer tant que votre place est réservée."},
	},
}

// ReturnPage returns the handler of ReturnPath, where Stripe Checkout
// sends the client after paying (?result=paid) or giving up
// (?result=cancelled), in the browser's language.
func (c *Client) ReturnPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		lang := "en"
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "fr") {
			lang = "fr"
		}
		result := r.URL.Query().Get("result")
		if result != "paid" {
			result = "cancelled"
		}
		t := returnTexts[lang][result]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		_ = returnPage.Execute(w, struct{ Lang, Title, Body string }{lang, t[0], t[1]})
	})
}
