package webapp

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

const testBotToken = "123456:TEST-token"

// initDataFor signs a Telegram initData for user id at authDate.
func initDataFor(token string, id int64, name, lang string, authDate time.Time) string {
	f := url.Values{}
	f.Set("query_id", "AAH0")
	f.Set("user", `{"id":`+itoa(id)+`,"first_name":"`+name+`","language_code":"`+lang+`"}`)
	f.Set("auth_date", itoa(authDate.Unix()))
	return SignInitData(token, f)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestValidateInitData(t *testing.T) {
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	good := initDataFor(testBotToken, 1001, "Dan", "fr", now.Add(-time.Hour))
	d, err := ValidateInitData(good, testBotToken, now)
	if err != nil || d.User.ID != 1001 || d.User.Name() != "Dan" || d.User.LanguageCode != "fr" || !d.AuthDate.Equal(now.Add(-time.Hour)) {
		t.Fatalf("good initData: %+v, %v", d, err)
	}
	tampered := strings.Replace(good, "1001", "1002", 1)
	cases := []struct {
		name, raw, token string
		at               time.Time
		want             error
	}{
		{"Tampered", tampered, testBotToken, now, ErrInitDataSignature},
		{"AnotherBot", good, "654321:OTHER-token", now, ErrInitDataSignature},
		{"NoToken", good, "", now, ErrInitDataSignature},
		{"Stale", initDataFor(testBotToken, 1001, "Dan", "fr", now.Add(-InitDataMaxAge-time.Second)), testBotToken, now, ErrInitDataStale},
		{"FromTheFuture", initDataFor(testBotToken, 1001, "Dan", "fr", now.Add(time.Hour)), testBotToken, now, ErrInitDataStale},
		{"Empty", "", testBotToken, now, ErrInitDataMalformed},
		{"NoHash", strings.Split(good, "&hash=")[0], testBotToken, now, ErrInitDataMalformed},
		{"TwoUsers", good + "&user=%7B%22id%22%3A1%7D", testBotToken, now, ErrInitDataMalformed},
		{"NoUser", SignInitData(testBotToken, url.Values{"auth_date": {itoa(now.Unix())}}), testBotToken, now, ErrInitDataMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ValidateInitData(c.raw, c.token, c.at); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	// A day old to the second is still good: the bound is inclusive.
	edge := initDataFor(testBotToken, 1001, "Dan", "fr", now.Add(-InitDataMaxAge))
	if _, err := ValidateInitData(edge, testBotToken, now); err != nil {
		t.Fatalf("a day old: %v", err)
	}
}

// TestDataCheckString pins the string Telegram documents: fields but
// hash, sorted, key=value lines.
func TestDataCheckString(t *testing.T) {
	f := url.Values{"user": {`{"id":1}`}, "auth_date": {"1700000000"}, "hash": {"ab"}, "query_id": {"Q"}}
	if got, want := DataCheckString(f), "auth_date=1700000000\nquery_id=Q\nuser={\"id\":1}"; got != want {
		t.Fatalf("data-check-string = %q, want %q", got, want)
	}
}

// FuzzParseInitData: no input makes the parser panic, and whatever it
// accepts names a user and a hash of the right size.
func FuzzParseInitData(f *testing.F) {
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	f.Add(initDataFor(testBotToken, 1001, "Dan", "fr", now))
	f.Add("user=%7B%22id%22%3A1%7D&auth_date=1&hash=" + strings.Repeat("0", 64))
	f.Add("a=1&a=2")
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		_, hash, d, err := ParseInitData(raw)
		if err == nil && (d.User.ID <= 0 || len(hash) != 64 || d.AuthDate.IsZero()) {
			t.Fatalf("accepted %q as %+v", raw, d)
		}
		// Whatever it is, validation answers without panicking, and only
		// an input this bot signed passes.
		if v, err := ValidateInitData(raw, testBotToken, now); err == nil && v.User.ID <= 0 {
			t.Fatalf("validated %q", raw)
		}
	})
}
