package webapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Telegram opens a Mini App with initData: the query string
// Telegram.WebApp.initData, signed with a key derived from the bot's
// token, so the page knows who opened it without a login. Validation
// follows Telegram's documentation ("Validating data received via the
// Mini App"): secret_key = HMAC_SHA256(key "WebAppData", bot token);
// hash = hex(HMAC_SHA256(secret_key, data_check_string)), where the
// data-check-string is every field but hash, sorted by key, as key=value
// lines joined by "\n".

// InitDataMaxAge is how old an initData may be: Telegram signs it when
// the Mini App opens, and a day is the documented bound this app keeps.
const InitDataMaxAge = 24 * time.Hour

// initDataMaxSkew tolerates a clock ahead of ours.
const initDataMaxSkew = 5 * time.Minute

// maxInitData bounds what is parsed at all.
const maxInitData = 4096

// TelegramUser is the user field of initData.
type TelegramUser struct {
	ID           int64  `json:"id"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Username     string `json:"username"`
	LanguageCode string `json:"language_code"`
}

// Name is how the user calls themself.
func (u TelegramUser) Name() string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// InitData is a validated initData.
type InitData struct {
	User     TelegramUser
	AuthDate time.Time
	QueryID  string
}

// Why initData is refused; each is a 401 for the page.
var (
	ErrInitDataMalformed = errors.New("webapp: initData is malformed")
	ErrInitDataSignature = errors.New("webapp: initData is not signed by this bot")
	ErrInitDataStale     = errors.New("webapp: initData is too old")
)

// ParseInitData splits raw into its fields, refusing anything that is not
// a query string with one value per key, a hex hash, an auth_date and a
// user with an id. It checks no signature: see ValidateInitData.
func ParseInitData(raw string) (fields url.Values, hash string, d InitData, err error) {
	if raw == "" || len(raw) > maxInitData {
		return nil, "", d, ErrInitDataMalformed
	}
	fields, err = url.ParseQuery(raw)
	if err != nil {
		return nil, "", d, ErrInitDataMalformed
	}
	for _, v := range fields {
		if len(v) != 1 {
			return nil, "", d, ErrInitDataMalformed
		}
	}
	hash = fields.Get("hash")
	if len(hash) != 2*sha256.Size {
		return nil, "", d, ErrInitDataMalformed
	}
	if _, err := hex.DecodeString(hash); err != nil {
		return nil, "", d, ErrInitDataMalformed
	}
	secs, err := strconv.ParseInt(fields.Get("auth_date"), 10, 64)
	if err != nil || secs <= 0 {
		return nil, "", d, ErrInitDataMalformed
	}
	d.AuthDate = time.Unix(secs, 0).UTC()
	if err := json.Unmarshal([]byte(fields.Get("user")), &d.User); err != nil || d.User.ID <= 0 {
		return nil, "", d, ErrInitDataMalformed
	}
	d.QueryID = fields.Get("query_id")
	return fields, hash, d, nil
}

// DataCheckString is what Telegram signs: every field but hash, sorted by
// key, as key=value lines.
func DataCheckString(fields url.Values) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if k != "hash" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(fields.Get(k))
	}
	return b.String()
}

// initDataKey is the secret key of a bot's initData.
func initDataKey(botToken string) []byte {
	m := hmac.New(sha256.New, []byte("WebAppData"))
	m.Write([]byte(botToken))
	return m.Sum(nil)
}

// SignInitData returns fields as Telegram would send them for the bot:
// with their hash, encoded. Tests and the local demo use it.
func SignInitData(botToken string, fields url.Values) string {
	f := url.Values{}
	for k, v := range fields {
		if k != "hash" {
			f[k] = v
		}
	}
	m := hmac.New(sha256.New, initDataKey(botToken))
	m.Write([]byte(DataCheckString(f)))
	f.Set("hash", hex.EncodeToString(m.Sum(nil)))
	return f.Encode()
}

// ValidateInitData checks raw was signed for botToken and is no older
// than InitDataMaxAge at now, comparing the hash in constant time.
func ValidateInitData(raw, botToken string, now time.Time) (InitData, error) {
	fields, hash, d, err := ParseInitData(raw)
	if err != nil {
		return InitData{}, err
	}
	if botToken == "" {
		return InitData{}, ErrInitDataSignature
	}
	m := hmac.New(sha256.New, initDataKey(botToken))
	m.Write([]byte(DataCheckString(fields)))
	want := m.Sum(nil)
	got, _ := hex.DecodeString(hash)
	if !hmac.Equal(got, want) {
		return InitData{}, ErrInitDataSignature
	}
	if now.Sub(d.AuthDate) > InitDataMaxAge || d.AuthDate.Sub(now) > initDataMaxSkew {
		return InitData{}, ErrInitDataStale
	}
	return d, nil
}
