package telegram

import (
	"encoding/json"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestRecentDropsRepeats(t *testing.T) {
	t.Parallel()
	r := newRecent(3)
	for _, id := range []int{1, 2, 3} {
		if !r.add(id) {
			t.Fatalf("%d seen before", id)
		}
	}
	if r.add(2) {
		t.Fatal("a repeat was new")
	}
	r.add(4) // forgets 1
	if !r.add(1) {
		t.Fatal("the oldest id was not forgotten")
	}
	r.forget(4) // could not be stored: a redelivery is welcome
	if !r.add(4) {
		t.Fatal("a forgotten id is still seen")
	}
}

func TestDecodedKeepsTheLastUpdatesOnce(t *testing.T) {
	t.Parallel()
	d := newDecoded(2)
	u1, u2, u3 := &tgbotapi.Update{UpdateID: 1}, &tgbotapi.Update{UpdateID: 2}, &tgbotapi.Update{UpdateID: 3}
	d.add(u1)
	d.add(u2)
	if d.take(1) != u1 || d.take(1) != nil {
		t.Fatal("an update kept is taken once")
	}
	d.add(u3) // pushes out the oldest slot's id (1, already taken)
	d.add(&tgbotapi.Update{UpdateID: 4})
	if d.take(2) != nil || d.take(3) != u3 {
		t.Fatal("the oldest update is not pushed out by newer ones")
	}
}

// A page of updates is read with each update's JSON as Telegram sent it,
// which is what the inbox stores.
func TestDecodeUpdatesKeepsTheirJSON(t *testing.T) {
	t.Parallel()
	page := `[{"update_id":7,"message":{"message_id":1,"date":0,"chat":{"id":5,"type":"private"},"text":"/start"}},` +
		`{"update_id":8,"callback_query":{"id":"q","from":{"id":5,"is_bot":false,"first_name":"A"},"data":"x"}}]`
	_, raws, err := readList([]byte(`{"ok":true,"result":` + page + `}`))
	if err != nil {
		t.Fatal(err)
	}
	us, err := decodeUpdates(raws)
	if err != nil || len(us) != 2 || len(raws) != 2 {
		t.Fatalf("decoded %d updates, %d bodies: %v", len(us), len(raws), err)
	}
	if us[0].Message.Text != "/start" || us[1].CallbackQuery.Data != "x" || !strings.HasPrefix(string(raws[1]), `{"update_id":8,`) {
		t.Fatalf("decoded %+v %+v, bodies %s", us[0].Message, us[1].CallbackQuery, raws)
	}
	var again tgbotapi.Update
	if err := json.Unmarshal(raws[0], &again); err != nil || again.Message.Chat.ID != 5 {
		t.Fatalf("the stored body reads back as %+v (%v)", again, err)
	}
}
