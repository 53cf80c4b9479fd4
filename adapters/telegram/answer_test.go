package telegram

import (
	"encoding/json"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// referenceAnswer reads an answer as the adapter did before readAnswer:
// encoding/json into tgbotapi.APIResponse, then the result again for the
// message id.
func referenceAnswer(data []byte) (apiAnswer, error) {
	var out tgbotapi.APIResponse
	if err := json.Unmarshal(data, &out); err != nil {
		return apiAnswer{}, err
	}
	a := apiAnswer{ok: out.Ok, errorCode: out.ErrorCode, description: out.Description}
	if out.Parameters != nil {
		a.retryAfter, a.migrateTo = out.Parameters.RetryAfter, out.Parameters.MigrateToChatID
	}
	a.messageID = result{raw: out.Result}.id()
	return a, nil
}

func TestReadAnswer(t *testing.T) {
	cases := []struct {
		name, answer string
		want         apiAnswer
		wantErr      bool
	}{
		{"a sent message: its id, the rest skipped", `{"ok":true,"result":{"message_id":53,"from":{"id":4242,"is_bot":true,"first_name":"Slot"},"chat":{"id":100017,"type":"private"},"date":1765100001,"text":"Pick \"a\" time \u2014 \ud83d\ude00","reply_markup":{"inline_keyboard":[[{"text":"09:00","callback_data":"v1:slot:0900"}]]},"entities":[]}}`,
			apiAnswer{ok: true, messageID: 53}, false},
		{"a callback answered", `{"ok":true,"result":true}`, apiAnswer{ok: true}, false},
		{"a 429", `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`,
			apiAnswer{errorCode: 429, description: "Too Many Requests: retry after 7", retryAfter: 7}, false},
		{"a group became a supergroup", `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890123}}`,
			apiAnswer{errorCode: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: -1001234567890123}, false},
		{"an escaped description", `{"ok":false,"error_code":400,"description":"Bad Request: can\u0027t parse \"entities\"\n"}`,
			apiAnswer{errorCode: 400, description: "Bad Request: can't parse \"entities\"\n"}, false},
		{"fields Telegram adds later, white space, keys in another case", " {\r\n\t\"OK\" : true , \"new_field\":[1,2.5e-3,{\"a\":null}], \"Result\":{\"Message_ID\":9}}\n",
			apiAnswer{ok: true, messageID: 9}, false},
		{"a message id too big for an int: no id, no failure", `{"ok":true,"result":{"message_id":99999999999999999999}}`, apiAnswer{ok: true}, false},
		{"the last of a key wins", `{"ok":false,"ok":true,"result":{"message_id":1},"result":{"message_id":2}}`, apiAnswer{ok: true, messageID: 2}, false},
		{"an HTML error page", `<html><body>502 Bad Gateway</body></html>`, apiAnswer{}, true},
		{"cut short", `{"ok":true,"result":{"message_id":5`, apiAnswer{}, true},
		{"ok is no boolean", `{"ok":"true"}`, apiAnswer{}, true},
		{"an error code with a fraction", `{"ok":false,"error_code":4.5}`, apiAnswer{}, true},
		{"a second value after the answer", `{"ok":true} {"ok":false}`, apiAnswer{}, true},
		{"nested beyond encoding/json's limit", `{"ok":true,"x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, apiAnswer{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAnswer([]byte(tc.answer))
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("read %+v, %v; want %+v (an error: %v)", got, err, tc.want, tc.wantErr)
			}
			ref, rerr := referenceAnswer([]byte(tc.answer))
			if (rerr != nil) != tc.wantErr || ref != tc.want {
				t.Errorf("encoding/json reads %+v, %v: the case is wrong", ref, rerr)
			}
		})
	}
}

// FuzzReadAnswer holds readAnswer to what encoding/json reads into
// tgbotapi.APIResponse: both fail, or both read the same.
func FuzzReadAnswer(f *testing.F) {
	for _, seed := range []string{
		`{"ok":true,"result":{"message_id":53,"chat":{"id":1,"type":"private"},"text":"x\u00e9\ud83d\ude00","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"b"}]]}}}`,
		`{"ok":true,"result":true}`,
		`{"ok":true,"result":[{"update_id":1}]}`,
		`{"ok":true,"result": [ {"update_id":1,"message":{"text":"a]"}} , {"update_id":2} ] }`,
		`{"ok":true,"result":[],"result":[1,"x",null]}`,
		`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`,
		`{"ok":false,"error_code":400,"description":"x","parameters":{"migrate_to_chat_id":-1001234567890}}`,
		`{"ok":null,"error_code":null,"description":null,"parameters":null,"result":null}`,
		`{"\u006fk":true,"result":{"message_\u0069d":-0}}`,
		`{"ok":true,"parameters":{"retry_after":5},"parameters":{}}`,
		`{"ok":true,"result":{"message_id":"5"}}`,
		`{"ok":true,"result":{"message_id":5,"message_id":1e2}}`,
		"{\"ok\":true,\"description\":\"\xff\xfe\"}",
		`{"oK":true,"ſ":1,"K":2}`,
		`[]`, `null`, `{}`, ``, `{"ok":tru}`, `{"ok":true,}`, `{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":"\x"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		got, err := readAnswer([]byte(answer))
		want, werr := referenceAnswer([]byte(answer))
		if (err != nil) != (werr != nil) {
			t.Fatalf("%q: readAnswer: %v; encoding/json: %v", answer, err, werr)
		}
		if err == nil && got != want {
			t.Fatalf("%q: readAnswer read %+v, encoding/json %+v", answer, got, want)
		}
		// getUpdates' pages: the same answer, and the result's elements
		// as encoding/json cuts them.
		lgot, list, lerr := readList([]byte(answer))
		if (lerr != nil) != (werr != nil) || lerr == nil && lgot != want {
			t.Fatalf("%q: readList read %+v, %v; encoding/json %+v, %v", answer, lgot, lerr, want, werr)
		}
		if lerr != nil {
			return
		}
		var out struct{ Result json.RawMessage }
		_ = json.Unmarshal([]byte(answer), &out)
		var wantList []json.RawMessage
		if json.Unmarshal(out.Result, &wantList) != nil || out.Result[0] != '[' {
			wantList = nil // no list: no updates
		}
		if len(list) != len(wantList) {
			t.Fatalf("%q: readList cut %d elements, encoding/json %d", answer, len(list), len(wantList))
		}
		for i := range list {
			if string(list[i]) != string(wantList[i]) {
				t.Fatalf("%q: element %d is %s, encoding/json's %s", answer, i, list[i], wantList[i])
			}
		}
	})
}
