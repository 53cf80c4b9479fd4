package telegram

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

var maria = person{id: 7001, name: "Maria", lang: "en"}

// lastMessageID is the id the fake gave the last message sent to chat.
func (r *rig) lastMessageID(chat int64) int {
	r.t.Helper()
	sent := r.fake.sent("sendMessage")
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].Params.Get("chat_id") == strconv.FormatInt(chat, 10) {
			return sent[i].ID
		}
	}
	r.t.Fatalf("nothing sent to %d", chat)
	return 0
}

// onboard sends /start and picks Paris.
func (r *rig) onboard(p person) {
	r.t.Helper()
	r.handle(r.message(p, nil, "/start"))
	paris := button(r.t, r.fake.sent("sendMessage"), "Paris")
	r.handle(r.press(p, nil, r.lastMessageID(p.id), *paris.CallbackData))
	r.fake.reset()
}

// A button press edits the menu in place and answers the press once; the
// welcome and the zone question were sent as one message, and the zone
// picked, the main menu replaces the question in place: a flow costs
// few messages, which Telegram's limits count (edits they do not).
func TestButtonPressEditsTheMenu(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	r.handle(r.message(maria, nil, "/start"))
	sent := r.fake.sent("sendMessage")
	if len(sent) != 1 {
		t.Fatalf("/start sent %d messages, want 1:\n%s", len(sent), describe(sent))
	}
	expectText(t, sent, "Hi Maria!", "Which time zone are you in?")
	if sent[0].Params.Get("chat_id") != "7001" {
		t.Fatalf("sent to chat %s", sent[0].Params.Get("chat_id"))
	}
	menu := r.lastMessageID(maria.id)
	paris := button(t, sent, "Paris")
	r.fake.reset()

	r.handle(r.press(maria, nil, menu, *paris.CallbackData))
	edits := r.fake.sent("editMessageText")
	if len(edits) != 1 || edits[0].Params.Get("message_id") != strconv.Itoa(menu) {
		t.Fatalf("edits = %s", describe(edits))
	}
	expectText(t, edits, "Time zone set to Europe/Paris", "What would you like to do?")
	if kb := keyboardOf(t, edits[0]); len(kb) == 0 || !strings.Contains(describe(edits), "Book a session") {
		t.Fatalf("the edit has no main menu:\n%s", describe(edits))
	}
	answers := r.fake.sent("answerCallbackQuery")
	if len(answers) != 1 || answers[0].Params.Get("callback_query_id") == "" {
		t.Fatalf("answers = %+v", answers)
	}
	if n := len(r.fake.sent("sendMessage")); n != 0 {
		t.Fatalf("the press sent %d new messages", n)
	}
	if all := r.fake.sent(); all[0].Method != "answerCallbackQuery" {
		t.Fatalf("the press was answered after %s", all[0].Method)
	}
}

// Forged button data gets the "expired" toast and a fresh menu; a text
// typed where a button was expected gets a pointer to the buttons.
func TestForgedButtonAndTextInsteadOfButton(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	r.onboard(maria)
	for _, data := range []string{"garbage", "1:bk:zz:confirm", strings.Repeat("9", 64), "1:nosuch:1"} {
		r.fake.reset()
		r.handle(r.press(maria, nil, 55, data))
		answers := r.fake.sent("answerCallbackQuery")
		if len(answers) != 1 || answers[0].Params.Get("text") == "" {
			t.Fatalf("%q: answers = %+v", data, answers)
		}
		expectText(t, r.fake.sent("editMessageText", "sendMessage"), "Book a session")
	}
	// A client pressing a forged coach button is refused.
	r.fake.reset()
	r.handle(r.press(maria, nil, 56, "1:ann:1"))
	expectText(t, r.fake.sent("editMessageText", "sendMessage"), "Only coaches can")
	r.fake.reset()
	r.handle(r.message(maria, nil, "yes please"))
	expectText(t, r.fake.sent("sendMessage"), "I work best with buttons")
}

// An update delivered twice (a webhook retried, a restart before the
// offset was confirmed) is stored once and answered once: in memory
// first, then by the store's record of update ids for a new process.
func TestDuplicateUpdatesHandledOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{WebhookURL: "https://bot.example.com/telegram/webhook"})
	r.onboard(maria)
	r.running()
	u := r.message(maria, nil, "/help")
	for range 3 {
		if err := r.a.store(r.ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, func() bool { return len(r.fake.sent("sendMessage")) >= 1 })
	time.Sleep(50 * time.Millisecond)
	if n := len(r.fake.sent("sendMessage")); n != 1 {
		t.Fatalf("help sent %d times", n)
	}
	// A second adapter (a restart) has no memory of it: the store does.
	waitFor(t, func() bool { n, _, _ := r.svc.Inbox.InboxWaiting(r.ctx, Platform); return n == 0 }) // the first, finished
	a2, err := New(r.ctx, Config{Token: fakeToken, APIURL: r.fake.srv.URL, Limits: Limits{Unlimited: true}}, r.bot, r.svc)
	if err != nil {
		t.Fatal(err)
	}
	if err := a2.store(r.ctx, &u); err != nil {
		t.Fatal(err)
	}
	if n, _, err := r.svc.Inbox.InboxWaiting(r.ctx, Platform); err != nil || n != 0 {
		t.Fatalf("a redelivery after restart was stored: %d waiting (%v)", n, err)
	}
	// Handled directly (not from the inbox), its id is still recorded.
	r.fake.reset()
	a2.process(&u)
	if n := len(r.fake.sent("sendMessage")); n != 0 {
		t.Fatalf("a redelivery after restart sent %d messages", n)
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// In a group the bot answers commands addressed to it, privately; when
// it may not write to the person yet, the group gets a deep link to open
// a private chat.
func TestGroupCommandsAnsweredPrivately(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	r.onboard(maria)
	group := &tgbotapi.Chat{ID: -100, Type: "group", Title: "Yoga fans"}
	r.handle(r.message(maria, group, "who's in tonight?"), r.message(maria, group, "/help@OtherBot"))
	if n := len(r.fake.sent()); n != 0 {
		t.Fatalf("the bot answered group chatter:\n%s", describe(r.fake.sent()))
	}
	r.handle(r.message(maria, group, "/mybookings@SlotTestBot"))
	sent := r.fake.sent("sendMessage")
	if len(sent) == 0 {
		t.Fatal("nothing sent")
	}
	for _, c := range sent {
		if c.Params.Get("chat_id") != "7001" {
			t.Fatalf("a private reply went to chat %s: %s", c.Params.Get("chat_id"), c.Params.Get("text"))
		}
	}

	// Bea never opened a private chat: Telegram refuses, the group is told.
	bea := person{id: 7002, name: "Bea", lang: "en"}
	r.fake.setFail(func(c apiCall) (int, string, bool) {
		if c.Method == "sendMessage" && c.Params.Get("chat_id") == "7002" {
			return 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot can't initiate conversation with a user"}`, true
		}
		return 0, "", false
	})
	r.fake.reset()
	r.handle(r.message(bea, group, "/mybookings"))
	toGroup := r.fake.sent("sendMessage")
	var asked []apiCall
	for _, c := range toGroup {
		if c.Params.Get("chat_id") == "-100" {
			asked = append(asked, c)
		}
	}
	if len(asked) != 1 {
		t.Fatalf("group messages:\n%s", describe(toGroup))
	}
	expectText(t, asked, "Bea, I answer that in a private chat")
	if b := button(t, asked, "Open a private chat"); b.URL == nil || *b.URL != "https://t.me/SlotTestBot?start=hello" {
		t.Fatalf("button = %+v", b)
	}
}

// A reply carrying a document is uploaded with sendDocument, captioned;
// when the upload fails, the text still arrives.
func TestDocumentReply(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	in := incoming{chat: 7001, user: 7001, req: bot.Request{ChatKind: bot.ChatPrivate, Language: "en"}}
	ics := &bot.Document{Name: "session.ics", MIMEType: "text/calendar", Content: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}
	r.a.deliver(r.ctx, in, []bot.Reply{{Text: "Your session, for your calendar.", Document: ics,
		Buttons: [][]bot.Button{{{Label: "Back", Data: "1:m:mybookings"}}}}})
	docs := r.fake.sent("sendDocument")
	if len(docs) != 1 || docs[0].File != "session.ics" || docs[0].Params.Get("caption") != "Your session, for your calendar." ||
		docs[0].Params.Get("chat_id") != "7001" {
		t.Fatalf("documents = %+v", docs)
	}
	button(t, docs, "Back")

	r.fake.reset()
	r.fake.setFail(func(c apiCall) (int, string, bool) {
		return 500, `{"message":"API method 'sendDocument' is not supported."}`, c.Method == "sendDocument"
	})
	r.a.deliver(r.ctx, in, []bot.Reply{{Text: "Your session, for your calendar.", Document: ics}})
	expectText(t, r.fake.sent("sendMessage"), "Your session, for your calendar.")
}

// Long texts are split under Telegram's 4096 limit, buttons under the
// last part.
func TestLongTextIsSplit(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	line := strings.Repeat("é", 99) + "\n"
	text := strings.Repeat(line, 60) // 6000 characters
	in := incoming{chat: 7001, user: 7001, req: bot.Request{ChatKind: bot.ChatPrivate}}
	r.a.deliver(r.ctx, in, []bot.Reply{{Text: text, Buttons: [][]bot.Button{{{Label: "OK", Data: "1:m:menu"}}}}})
	sent := r.fake.sent("sendMessage")
	if len(sent) != 2 || sent[0].Params.Get("reply_markup") != "" || sent[1].Params.Get("reply_markup") == "" {
		t.Fatalf("sent:\n%s", describe(sent))
	}
	if sent[0].Params.Get("text")+sent[1].Params.Get("text") != text {
		t.Fatal("the parts do not add up to the text")
	}
	for _, p := range split(strings.Repeat("😀", 3000), maxText) {
		if utf16Len(p) > maxText {
			t.Fatalf("part of %d UTF-16 units", utf16Len(p))
		}
	}
}

// A 429 on a notice holds the chat back for retry_after and hands the
// notice back to the scheduler, which sends it again later; a reply
// waits in place and then goes.
func TestSendHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{Limits: DefaultLimits()})
	tries := 0
	r.fake.setFail(func(c apiCall) (int, string, bool) {
		if c.Method != "sendMessage" {
			return 0, "", false
		}
		tries++
		if tries == 1 || tries == 3 {
			return 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`, true
		}
		return 0, "", false
	})
	err := r.a.Send(r.ctx, "7001", bot.Reply{Text: "Your class starts in 1 h."})
	if after, ok := bot.RetryAfter(err); !ok || after != time.Second {
		t.Fatalf("err = %v, want a bot.RetryAfterError of 1s", err)
	}
	// Sent again, it waits for the hold to end (within the horizon).
	if err := r.a.Send(r.ctx, "7001", bot.Reply{Text: "Your class starts in 1 h."}); err != nil {
		t.Fatalf("after the hold: %v", err)
	}
	sent := r.fake.sent("sendMessage")
	if len(sent) != 2 || sent[1].At.Sub(sent[0].At) < time.Second {
		t.Fatalf("sent again %v after the 429, want after retry_after 1s:\n%s", sent[len(sent)-1].At.Sub(sent[0].At), describe(sent))
	}

	// A reply is retried in place after retry_after.
	start := time.Now()
	r.handle(r.message(person{id: 7003, name: "Tom", lang: "en"}, nil, "/help"))
	sent = r.fake.sent("sendMessage")
	last := sent[len(sent)-1]
	if last.Params.Get("chat_id") != "7003" || sent[len(sent)-2].Params.Get("chat_id") != "7003" {
		t.Fatalf("the reply was not retried:\n%s", describe(sent))
	}
	if gap := last.At.Sub(sent[len(sent)-2].At); gap < time.Second || time.Since(start) > 10*time.Second {
		t.Fatalf("retried after %v, want retry_after 1s", gap)
	}

	// A wait longer than the adapter takes in place goes back to the
	// caller, who reschedules.
	r.fake.setFail(func(c apiCall) (int, string, bool) {
		return 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 600","parameters":{"retry_after":600}}`, true
	})
	err = r.a.Send(r.ctx, "7002", bot.Reply{Text: "Hello"})
	if after, ok := bot.RetryAfter(err); !ok || after != 10*time.Minute {
		t.Fatalf("err = %v, want a bot.RetryAfterError of 10m", err)
	}
}

// A person who blocked the bot is unreachable: one try, no retries, an
// error the scheduler recognises.
func TestSendToBlockedChatIsUnreachable(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	r.fake.setFail(func(c apiCall) (int, string, bool) {
		return 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, true
	})
	err := r.a.Send(r.ctx, "7001", bot.Reply{Text: "Reminder"})
	if !errors.Is(err, bot.ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if n := len(r.fake.sent("sendMessage")); n != 1 {
		t.Fatalf("%d tries, want 1", n)
	}
	if err := r.a.Send(r.ctx, "not-a-chat", bot.Reply{Text: "x"}); err == nil {
		t.Fatal("a bad chat id was accepted")
	}
}

// departures records when each sendMessage leaves the adapter, before
// the network: what the limiter controls, free of the jitter a loaded
// machine adds on the way to the server.
type departures struct {
	mu    sync.Mutex
	sends []apiCall
}

func (d *departures) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/sendMessage") {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		form, _ := url.ParseQuery(string(body))
		d.mu.Lock()
		d.sends = append(d.sends, apiCall{Method: "sendMessage", Params: form, At: time.Now()})
		d.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	return http.DefaultTransport.RoundTrip(req)
}

// Under a burst, sends keep to the per-chat and overall rates (scaled
// down here so the test is quick: 50 a second overall, 10 a second per
// chat, no bursts).
func TestSendRateUnderBurst(t *testing.T) {
	t.Parallel()
	limits := Limits{Overall: Rate{Every: 20 * time.Millisecond, Burst: 1}, Private: Rate{Every: 100 * time.Millisecond, Burst: 1},
		Group: Rate{Every: 100 * time.Millisecond, Burst: 1}, Horizon: 10 * time.Second}
	dep := &departures{}
	r := newRig(t, Config{Limits: limits, HTTPClient: &http.Client{Transport: dep}})
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	// Four chats at once, each fed in order, as workers and the scheduler do.
	errs := make(chan error, 4)
	for chat := range 4 {
		go func() {
			for range 10 {
				if err := r.a.Send(ctx, strconv.Itoa(1+chat), bot.Reply{Text: "burst"}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := len(r.fake.sent("sendMessage")); n != 40 {
		t.Fatalf("%d arrived", n)
	}
	sent := dep.sends
	slices.SortFunc(sent, func(a, b apiCall) int { return a.At.Compare(b.At) })
	// Between the limiter's grant and the request leaving, a loaded
	// machine adds jitter, so single gaps prove nothing here (the limiter's
	// own gaps are checked on a fake clock in limiter_test.go); rates over
	// the whole burst may not exceed the limits.
	first, last, count := map[string]time.Time{}, map[string]time.Time{}, map[string]int{}
	for _, c := range sent {
		chat := c.Params.Get("chat_id")
		if _, ok := first[chat]; !ok {
			first[chat] = c.At
		}
		last[chat] = c.At
		count[chat]++
	}
	for chat, n := range count {
		if span, least := last[chat].Sub(first[chat]), time.Duration(n-1)*limits.Private.Every-limits.Private.Every/2; span < least {
			t.Fatalf("chat %s got %d messages in %v", chat, n, span)
		}
	}
	// Overall: at most 10 in any 200 ms, give or take a few for jitter.
	for i := range sent {
		n := 0
		for _, c := range sent[i:] {
			if c.At.Sub(sent[i].At) < 200*time.Millisecond {
				n++
			}
		}
		if n > 14 {
			t.Fatalf("%d messages within 200 ms", n)
		}
	}
	// 10 messages per chat at 10/s: about a second in all.
	if total := sent[39].At.Sub(sent[0].At); total < 850*time.Millisecond {
		t.Fatalf("40 messages in %v", total)
	}
}

// The token never appears in errors (transport errors quote the URL).
func TestErrorsHideTheToken(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	r.fake.srv.Close()
	err := r.a.Send(r.ctx, "7001", bot.Reply{Text: "x"})
	if err == nil || strings.Contains(err.Error(), fakeToken) {
		t.Fatalf("err = %v", err)
	}
	if _, err := New(r.ctx, Config{Token: fakeToken, APIURL: r.fake.srv.URL}, r.bot, r.svc); err == nil ||
		strings.Contains(err.Error(), fakeToken) {
		t.Fatalf("New err = %v", err)
	}
}
