package telegram

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// deliverChannelNotices sends the channel notices not delivered yet, as
// the scheduler does, and returns how many there were.
func (r *rig) deliverChannelNotices(done map[int64]bool) int {
	r.t.Helper()
	var ns []*core.Notice
	err := r.store.View(r.ctx, func(tx core.Tx) (err error) {
		ns, err = tx.Notices(core.NoticeFilter{ToKind: core.ToChannel, Status: core.NoticePending})
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if done[x.ID] {
			continue
		}
		done[x.ID] = true
		n++
		posters := func(platform string) bot.ChannelPoster {
			if platform == Platform {
				return r.a
			}
			return nil
		}
		if err := r.bot.DeliverChannelNotice(r.ctx, x, posters); err != nil {
			r.t.Fatalf("notice %d (%s): %v", x.ID, x.Kind, err)
		}
	}
	return n
}

// A coach links a group with /linkchannel and announces a class there;
// the post carries a Book button into a private chat and is edited when
// seats change and when the class is cancelled.
func TestLinkGroupAnnounceAndEditThePost(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	ana := person{id: 9001, name: "Ana", lang: "en"}
	r.onboard(ana)
	coach := makeCoach(t, r, ana)
	group := &tgbotapi.Chat{ID: -100, Type: "supergroup", Title: "Yoga fans"}

	// A client cannot link the group.
	r.onboard(maria)
	r.handle(r.message(maria, group, "/linkchannel@SlotTestBot"))
	sent := r.fake.sent("sendMessage")
	if len(sent) != 1 || sent[0].Params.Get("chat_id") != "7001" {
		t.Fatalf("refusal:\n%s", describe(sent))
	}
	expectText(t, sent, "Only coaches can link chats")

	r.fake.reset()
	r.handle(r.message(ana, group, "/linkchannel@SlotTestBot"))
	expectText(t, r.fake.sent("sendMessage"), "This chat is linked: Ana Martin's group sessions will be announced here")
	if c := r.fake.sent("sendMessage")[0]; c.Params.Get("chat_id") != "-100" {
		t.Fatalf("link confirmed in chat %s", c.Params.Get("chat_id"))
	}

	// /announce offers the coach's classes; the press queues one post.
	r.fake.reset()
	r.handle(r.message(ana, nil, "/announce"))
	first := button(t, r.fake.sent("sendMessage"), "Yoga flow (group) · Thu 4 Jun, 18:30")
	r.handle(r.press(ana, nil, r.lastMessageID(ana.id), *first.CallbackData))
	expectText(t, r.fake.sent("editMessageText"), "Posting to 1 linked chat.")

	r.fake.reset()
	done := map[int64]bool{}
	if n := r.deliverChannelNotices(done); n != 1 {
		t.Fatalf("%d channel notices, want 1", n)
	}
	posts := r.fake.sent("sendMessage")
	if len(posts) != 1 || posts[0].Params.Get("chat_id") != "-100" {
		t.Fatalf("posts:\n%s", describe(posts))
	}
	expectText(t, posts, "📣 Yoga flow (group) with Ana Martin", "🗓 Thu 4 Jun, 18:30 (Europe/Paris)",
		"📍 Studio Lilas, Paris", "👥 8 spots left of 8", "⏳ Book by Thu 4 Jun, 16:30")
	class := r.demo.Classes[0]
	if b := button(t, posts, "Book"); b.URL == nil || *b.URL != "https://t.me/SlotTestBot?start=book_"+strconv.FormatInt(class.ID, 10) {
		t.Fatalf("book button %+v", b)
	}
	post := posts[0].ID

	// A seat taken: the post is edited in place.
	r.fake.reset()
	client := &core.Client{Name: "Bea", Zone: "Europe/Paris"}
	if err := r.svc.Accounts.CreateClient(r.ctx, client); err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.Bookings.Book(r.ctx, core.BookRequest{ClientID: client.ID, SessionID: class.ID, Pay: true}); err != nil {
		t.Fatal(err)
	}
	r.deliverChannelNotices(done)
	edits := r.fake.sent("editMessageText")
	if len(edits) != 1 || edits[0].Params.Get("message_id") != strconv.Itoa(post) || edits[0].Params.Get("chat_id") != "-100" {
		t.Fatalf("edits:\n%s", describe(r.fake.sent()))
	}
	expectText(t, edits, "👥 7 spots left of 8")
	if n := len(r.fake.sent("sendMessage")); n != 0 {
		t.Fatalf("a seat change posted %d new messages", n)
	}

	// Cancelled: the post says so and loses its button.
	r.fake.reset()
	if _, err := r.svc.Bookings.CancelSession(r.ctx, coach.ID, class.ID, "flu"); err != nil {
		t.Fatal(err)
	}
	r.deliverChannelNotices(done)
	edits = r.fake.sent("editMessageText")
	if len(edits) != 1 || !strings.HasPrefix(edits[0].Params.Get("text"), "❌ Cancelled") || edits[0].Params.Get("reply_markup") != "" {
		t.Fatalf("edits:\n%s", describe(edits))
	}

	// /announce with words posts them as they are.
	r.fake.reset()
	r.handle(r.message(ana, nil, "/announce New mats in the studio!"))
	r.deliverChannelNotices(done)
	expectText(t, r.fake.sent("sendMessage"), "Posting to 1 linked chat.", "New mats in the studio!")
}

// A full class says so, with a Join the waitlist button; a deleted post
// is no error.
func TestAnnouncementOfAFullClassAndADeletedPost(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	class := r.demo.Classes[1]
	for i := range class.Capacity {
		c := &core.Client{Name: "c" + strconv.Itoa(i), Zone: "Europe/Paris"}
		if err := r.svc.Accounts.CreateClient(r.ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Bookings.Book(r.ctx, core.BookRequest{ClientID: c.ID, SessionID: class.ID, Pay: true}); err != nil {
			t.Fatal(err)
		}
	}
	reply, err := r.bot.Announcement(r.ctx, class.ID, "fr", r.a.StartLink)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reply.Text, "🈵 Complet — inscrivez-vous sur la liste d'attente") || len(reply.Buttons) != 1 ||
		!strings.Contains(reply.Buttons[0][0].URL, "start=book_") {
		t.Fatalf("announcement %+v", reply)
	}

	r.fake.setFail(func(c apiCall) (int, string, bool) {
		return 400, `{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}`, c.Method == "editMessageText"
	})
	err = r.a.Edit(r.ctx, "-100", "55", bot.Reply{Text: "x"})
	if !isGone(err) {
		t.Fatalf("edit of a deleted post = %v", err)
	}
}

func isGone(err error) bool {
	return errors.Is(err, bot.ErrPostGone)
}

// Making the bot an admin of a channel links it to the coach who did it,
// told privately; anyone else is told only coaches can.
func TestChannelLinkedByMakingTheBotAdmin(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	ana := person{id: 9001, name: "Ana", lang: "en"}
	r.onboard(ana)
	makeCoach(t, r, ana)
	r.next++
	admin := func(p person) tgbotapi.Update {
		r.next++
		return tgbotapi.Update{UpdateID: r.next, MyChatMember: &tgbotapi.ChatMemberUpdated{
			Chat: tgbotapi.Chat{ID: -200, Type: "channel", Title: "Studio news"}, From: *p.user(),
			OldChatMember: tgbotapi.ChatMember{Status: "left"},
			NewChatMember: tgbotapi.ChatMember{Status: "administrator", User: &tgbotapi.User{ID: 4242}}}}
	}
	r.handle(admin(ana))
	sent := r.fake.sent("sendMessage")
	if len(sent) != 1 || sent[0].Params.Get("chat_id") != "9001" {
		t.Fatalf("sent:\n%s", describe(sent))
	}
	expectText(t, sent, "“Studio news” is linked")
	var cs []*core.Channel
	if err := r.store.View(r.ctx, func(tx core.Tx) (err error) {
		cs, err = tx.Channels(core.ChannelFilter{Platform: Platform, ChatID: "-200"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Title != "Studio news" {
		t.Fatalf("channels %+v", cs)
	}
}

// A group that removed the bot is unlinked when a post to it fails, so
// the coach's next announcements skip it; the failure is permanent.
func TestKickedFromGroupUnlinksIt(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	ana := person{id: 9001, name: "Ana", lang: "en"}
	r.onboard(ana)
	coach := makeCoach(t, r, ana)
	if err := r.svc.Channels.LinkChannel(r.ctx, &core.Channel{CoachID: coach.ID, Platform: Platform, ChatID: "-100", Title: "Yoga fans"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.Channels.AnnounceSession(r.ctx, coach.ID, r.demo.Classes[0].ID); err != nil {
		t.Fatal(err)
	}
	r.fake.setFail(func(c apiCall) (int, string, bool) {
		return 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the supergroup chat"}`,
			c.Method == "sendMessage" && c.Params.Get("chat_id") == "-100"
	})
	var ns []*core.Notice
	if err := r.store.View(r.ctx, func(tx core.Tx) (err error) {
		ns, err = tx.Notices(core.NoticeFilter{Kind: core.NoticeAnnounce})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	posters := func(string) bot.ChannelPoster { return r.a }
	if err := r.bot.DeliverChannelNotice(r.ctx, ns[0], posters); !errors.Is(err, bot.ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if _, err := r.svc.Channels.AnnounceSession(r.ctx, coach.ID, r.demo.Classes[0].ID); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("announcing after the group was unlinked: %v", err)
	}
}
