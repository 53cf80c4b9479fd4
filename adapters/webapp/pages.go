package webapp

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"path"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// The pages are one server-rendered template (html/template) in the
// person's language with the texts its script needs, and two embedded
// assets, a script and a stylesheet: no build step, nothing fetched but
// Telegram's own script.

//go:embed assets
var assetFiles embed.FS

// asset is an embedded file with its content hash.
type asset struct {
	body []byte
	hash string
	kind string
}

func loadAssets() (map[string]asset, error) {
	out := map[string]asset{}
	for name, kind := range map[string]string{"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"} {
		b, err := assetFiles.ReadFile("assets/" + name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		out[name] = asset{body: b, hash: hex.EncodeToString(sum[:6]), kind: kind}
	}
	return out, nil
}

func parsePage() (*template.Template, error) {
	return template.ParseFS(assetFiles, "assets/page.html")
}

// url is an asset's address with its hash, cacheable for a year.
func (a *App) url(name string) string {
	return path.Join(Path, "static", name) + "?v=" + a.assets[name].hash
}

// serveAsset serves an embedded asset; with the current hash it may be
// cached for good, since a new version has a new address.
func (a *App) serveAsset(w http.ResponseWriter, r *http.Request) {
	as, ok := a.assets[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", as.kind)
	w.Header().Set("ETag", `"`+as.hash+`"`)
	if r.URL.Query().Get("v") == as.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	if r.Header.Get("If-None-Match") == `"`+as.hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(as.body)
}

// pageData is what the template shows.
type pageData struct {
	Lang, View, Title, Skip string
	CSS, JS                 string
	T                       map[string]string // the page's texts without arguments
	Weeks                   []int
	WeekLabels              map[int]string
	TextsJSON               map[string]any // the page's texts for its script
	ConfigJSON              map[string]string
}

// servePage renders the app in ?lang= (the bot puts the client's Slotbot
// language there; the script reloads if the person's differs).
func (a *App) servePage(view string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := Lang(r.URL.Query().Get("lang"))
		texts := a.pages[lang]
		labels := map[int]string{}
		for _, n := range core.ReportWeeks {
			labels[n] = a.t(lang, "app.btn.weeks", "Count", n)
		}
		d := pageData{Lang: lang, View: view, Title: texts.plain["web.app.title"], Skip: texts.plain["web.app.title"],
			CSS: a.url("app.css"), JS: a.url("app.js"), T: texts.plain, Weeks: core.ReportWeeks, WeekLabels: labels,
			TextsJSON: texts.forms, ConfigJSON: map[string]string{"view": view, "lang": lang, "locale": bot.Locale(lang)}}
		if view == "report" {
			d.Title = texts.plain["web.report.title"]
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		if err := a.page.Execute(w, d); err != nil {
			a.log.Error("webapp: page", "err", err)
		}
	}
}
