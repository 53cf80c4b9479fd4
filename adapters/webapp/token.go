package webapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Outside Telegram the page proves who it is for with tokens signed by the
// app secret (core.Accounts.AppSecret): a link token, which the bot hands
// out for one person and which core lets be used once within
// core.AppLinkTTL, and a page token, which opening the link returns and
// which the page sends with every call while it is open.

// PageTokenTTL is how long a page opened from a link keeps working.
const PageTokenTTL = 2 * time.Hour

// Why a token is refused; each is a 401.
var (
	ErrTokenMalformed = errors.New("webapp: token is malformed")
	ErrTokenSignature = errors.New("webapp: token signature is wrong")
	ErrTokenExpired   = errors.New("webapp: token has expired")
)

// token kinds, the first field of what is signed, so one kind is never
// taken for another.
const (
	kindLink = "l1"
	kindPage = "p1"
)

// linkClaims is what a token says: for whom, until when, and for a link
// its nonce.
type linkClaims struct {
	Kind     string
	ClientID int64
	Expires  time.Time
	Nonce    string // links only
}

// sign encodes claims as payload.signature, both base64url.
func sign(key []byte, c linkClaims) string {
	payload := strings.Join([]string{c.Kind, strconv.FormatInt(c.ClientID, 10),
		strconv.FormatInt(c.Expires.Unix(), 10), c.Nonce}, "|")
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." +
		base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// verify checks a token of kind signed with key and unexpired at now.
func verify(key []byte, kind, token string, now time.Time) (linkClaims, error) {
	var c linkClaims
	if len(token) > 512 {
		return c, ErrTokenMalformed
	}
	p64, s64, ok := strings.Cut(token, ".")
	if !ok {
		return c, ErrTokenMalformed
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	sig, err2 := base64.RawURLEncoding.DecodeString(s64)
	if err1 != nil || err2 != nil {
		return c, ErrTokenMalformed
	}
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	if !hmac.Equal(sig, m.Sum(nil)) {
		return c, ErrTokenSignature
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 4 || parts[0] != kind {
		return c, ErrTokenMalformed
	}
	id, err1 := strconv.ParseInt(parts[1], 10, 64)
	exp, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return c, ErrTokenMalformed
	}
	c = linkClaims{Kind: kind, ClientID: id, Expires: time.Unix(exp, 0), Nonce: parts[3]}
	if !now.Before(c.Expires) {
		return c, ErrTokenExpired
	}
	return c, nil
}
