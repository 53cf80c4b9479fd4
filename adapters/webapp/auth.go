package webapp

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// who is the person a request is for, as its identity proved.
type who struct {
	client *core.Client
	coach  *core.Coach // nil unless they coach
	lang   string
	loc    *time.Location
}

// errUnauthenticated is every identity refusal: 401, and the page asks
// the person to open it again from the chat.
var errUnauthenticated = errors.New("webapp: no valid identity")

// identify reads the request's identity: "Authorization: tma <initData>"
// from Telegram, or "Authorization: Bearer <page token>" from a page
// opened with a link.
func (a *App) identify(r *http.Request) (*who, error) {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	var p *core.Person
	switch strings.ToLower(scheme) {
	case "tma":
		d, err := ValidateInitData(cred, a.opts.BotToken, a.now())
		if err != nil {
			return nil, errUnauthenticated
		}
		p, err = a.svc.Accounts.Identify(r.Context(), core.Identity{Platform: TelegramPlatform,
			UserID: strconv.FormatInt(d.User.ID, 10), Name: d.User.Name(), Language: d.User.LanguageCode})
		if err != nil {
			return nil, err
		}
	case "bearer":
		c, err := verify(a.key, kindPage, cred, a.now())
		if err != nil {
			return nil, errUnauthenticated
		}
		if p, err = a.svc.Accounts.PersonOf(r.Context(), c.ClientID); core.ErrorCode(err) == core.ENOTFOUND {
			return nil, errUnauthenticated
		} else if err != nil {
			return nil, err
		}
	default:
		return nil, errUnauthenticated
	}
	w := &who{client: p.Client, coach: p.Coach, lang: Lang(p.Client.Language), loc: time.UTC}
	if loc, err := core.LoadZone(p.Client.Zone); err == nil {
		w.loc = loc
	} else if p.Coach != nil {
		if loc, err := core.LoadZone(p.Coach.Zone); err == nil {
			w.loc = loc
		}
	}
	return w, nil
}

// handlerFunc is an API handler for a known person.
type handlerFunc func(w http.ResponseWriter, r *http.Request, me *who) error

// authed checks the identity, then runs h; its error becomes the status
// and message the page shows.
func (a *App) authed(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		me, err := a.identify(r)
		if err == nil {
			err = h(w, r, me)
		}
		if err != nil {
			lang := Lang(r.URL.Query().Get("lang"))
			if me != nil {
				lang = me.lang
			}
			a.fail(w, lang, err)
		}
	}
}

// apiError is the body of every refusal.
type apiError struct {
	Error   string `json:"error"` // a core code, or "unauthenticated"
	Message string `json:"message"`
	// Alternatives are open times to pick instead (a slot just taken).
	Alternatives []slotJSON `json:"alternatives,omitempty"`
}

// statusOf maps an error to its HTTP status.
func statusOf(err error) int {
	if errors.Is(err, errUnauthenticated) {
		return http.StatusUnauthorized
	}
	switch core.ErrorCode(err) {
	case core.EUNAUTHORIZED:
		return http.StatusForbidden
	case core.ENOTFOUND:
		return http.StatusNotFound
	case core.EINVALID:
		return http.StatusBadRequest
	case core.ECONFLICT:
		return http.StatusConflict
	case core.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers err: 401 for identity, the core code's status otherwise,
// with a message for the person; internal faults are logged, not shown.
func (a *App) fail(w http.ResponseWriter, lang string, err error) {
	status := statusOf(err)
	body := apiError{Error: core.ErrorCode(err), Message: a.opts.Words.ErrorText(lang, err)}
	switch status {
	case http.StatusUnauthorized:
		body = apiError{Error: "unauthenticated", Message: a.t(lang, "web.error.auth")}
	case http.StatusInternalServerError:
		a.log.Error("webapp: request failed", "err", err)
		body.Message = a.t(lang, "web.error.generic")
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "30")
	}
	var taken *core.SlotTakenError
	if errors.As(err, &taken) {
		for _, t := range taken.Alternatives {
			body.Alternatives = append(body.Alternatives, slotJSON{Start: t.UTC().Format(time.RFC3339), Open: true})
		}
	}
	writeJSON(w, status, body)
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readJSON decodes a small request body into v.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return core.NewError(core.EINVALID, "err.app.request", "The request could not be read.")
	}
	return nil
}

// openSession redeems a calendar link (once, within its time) for a page
// token the page sends with every call.
func (a *App) openSession(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	lang := Lang(r.URL.Query().Get("lang"))
	var body struct {
		Link string `json:"link"`
	}
	if err := readJSON(r, &body); err != nil {
		a.fail(w, lang, err)
		return
	}
	c, err := verify(a.key, kindLink, body.Link, a.now())
	if err != nil {
		a.fail(w, lang, errUnauthenticated)
		return
	}
	client, err := a.svc.Accounts.RedeemAppLink(r.Context(), c.Nonce)
	switch {
	case core.ErrorCode(err) == core.EUNAUTHORIZED || (err == nil && client.ID != c.ClientID):
		a.fail(w, lang, errUnauthenticated)
		return
	case err != nil:
		a.fail(w, lang, err)
		return
	}
	exp := a.now().Add(PageTokenTTL)
	writeJSON(w, http.StatusOK, map[string]any{
		"token":   sign(a.key, linkClaims{Kind: kindPage, ClientID: client.ID, Expires: exp}),
		"expires": exp.UTC().Format(time.RFC3339),
	})
}
