package telegram

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// An update is translated the same whether read whole by tgbotapi or
// read lean, for updates as Telegram sends them.
func TestDecodeUpdateTranslatesAsTgbotapi(t *testing.T) {
	me := self{ID: 4242, UserName: "SlotBenchBot"}
	for i, raw := range updateSeeds() {
		var full tgbotapi.Update
		if err := json.Unmarshal([]byte(raw), &full); err != nil {
			t.Fatalf("seed %d: %v", i, err)
		}
		lean, err := decodeUpdate([]byte(raw))
		if err != nil {
			t.Fatalf("seed %d: %v", i, err)
		}
		want, wok := translate(&full, me)
		got, ok := translate(lean, me)
		if ok != wok || !reflect.DeepEqual(got, want) || orderKey(lean) != orderKey(&full) {
			t.Errorf("seed %d: translated %+v (%v), tgbotapi's %+v (%v)", i, got, ok, want, wok)
		}
	}
}

func TestDecodeUpdateReadsWhatTgbotapiCannot(t *testing.T) {
	// A field the adapter does not read, in a shape tgbotapi does not
	// expect (a Bot API change, say): the person is still answered.
	raw := `{"update_id":9,"message":{"message_id":1,"date":"soon","entities":{"new":"shape"},"from":{"id":5,"is_bot":false,"first_name":"A"},"chat":{"id":5,"type":"private"},"text":"/start"}}`
	var full tgbotapi.Update
	if json.Unmarshal([]byte(raw), &full) == nil {
		t.Fatal("tgbotapi reads it: the test tests nothing")
	}
	u, err := decodeUpdate([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if in, ok := translate(u, self{}); !ok || in.req.Command != "start" || in.req.UserID != "5" {
		t.Fatalf("translated %+v, %v", in.req, ok)
	}
}

// updateSeeds are updates as Telegram sends them.
func updateSeeds() []string {
	return []string{
		strings.Replace(benchMessageUpdate, "%d", "1", 1),
		strings.Replace(benchButtonUpdate, "%d", "2", 1),
		`{"update_id":3,"message":{"message_id":7,"from":{"id":5,"is_bot":false,"first_name":"A"},"chat":{"id":-100,"type":"supergroup","title":"Yoga \"club\""},"date":1,"text":"5 spots","reply_to_message":{"message_id":6,"from":{"id":4242,"is_bot":true,"first_name":"Slot"},"chat":{"id":-100,"type":"supergroup"},"date":0,"text":"How many?"}}}`,
		`{"update_id":4,"message":{"message_id":8,"from":{"id":5,"is_bot":false,"first_name":"A","language_code":"ru"},"chat":{"id":5,"type":"private"},"date":1,"caption":"receipt","photo":[{"file_id":"s","file_unique_id":"u1","width":90,"height":60,"file_size":1000},{"file_id":"big","file_unique_id":"u2","width":1280,"height":853}]}}`,
		`{"update_id":5,"message":{"message_id":9,"from":{"id":5,"is_bot":false,"first_name":"A"},"chat":{"id":5,"type":"private"},"date":1,"document":{"file_name":"plan.pdf","mime_type":"application/pdf","file_id":"doc1","file_unique_id":"x","file_size":12345}}}`,
		`{"update_id":6,"my_chat_member":{"chat":{"id":-1001,"title":"News","type":"channel"},"from":{"id":5,"is_bot":false,"first_name":"A"},"date":1,"old_chat_member":{"user":{"id":4242,"is_bot":true,"first_name":"Slot"},"status":"left"},"new_chat_member":{"user":{"id":4242,"is_bot":true,"first_name":"Slot"},"status":"administrator","can_post_messages":true}}}`,
		`{"update_id":7,"callback_query":{"id":"q","from":{"id":5,"is_bot":false,"first_name":"A"},"inline_message_id":"im","chat_instance":"1","data":"v1:x"}}`,
		`{"update_id":8,"message":{"message_id":10,"sender_chat":{"id":-1001,"type":"channel"},"chat":{"id":-1001,"type":"channel"},"date":1,"text":"post"}}`,
		`{"update_id":9,"message":{"message_id":11,"from":{"id":5,"is_bot":false,"first_name":"A","last_name":"\u00c9 \ud83d\ude00","username":"a_b"},"chat":{"id":5,"type":"private"},"date":1,"text":"/book@SlotBenchBot  tomorrow\n","sticker":{"file_id":"st"}}}`,
	}
}

// FuzzDecodeUpdate holds the lean read to tgbotapi's: whatever tgbotapi
// reads, decodeUpdate reads too and translates the same; nothing panics.
func FuzzDecodeUpdate(f *testing.F) {
	for _, s := range updateSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		lean, err := decodeUpdate([]byte(raw))
		var full tgbotapi.Update
		if json.Unmarshal([]byte(raw), &full) != nil {
			if err == nil {
				translate(lean, self{ID: 4242}) // must not panic
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: tgbotapi reads it, decodeUpdate: %v", raw, err)
		}
		me := self{ID: 4242, UserName: "SlotBenchBot"}
		want, wok := translate(&full, me)
		got, ok := translate(lean, me)
		if ok != wok || !reflect.DeepEqual(got, want) || orderKey(lean) != orderKey(&full) {
			t.Fatalf("%q: translated %+v (%v), tgbotapi's %+v (%v)", raw, got, ok, want, wok)
		}
	})
}

func TestAllowedJSONIsAllowedUpdates(t *testing.T) {
	if j, _ := json.Marshal(allowedUpdates); string(j) != allowedJSON {
		t.Fatalf("getUpdates asks for %s, setWebhook for %s", allowedJSON, j)
	}
}
