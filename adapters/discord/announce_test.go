package discord

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// A coach's class announced in a linked server channel carries a Book
// button; a member pressing it books privately (ephemeral answers, the
// post untouched), and the post is edited to the new seat count.
func TestAnnouncementBookButtonAndSeatUpdates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ch := &core.Channel{CoachID: e.demo.Coach.ID, Platform: Platform, ChatID: "ch1", Title: "Yoga"}
	if err := e.svc.Channels.LinkChannel(e.ctx, ch); err != nil {
		t.Fatal(err)
	}
	class := e.demo.Classes[0]
	if _, err := e.svc.Channels.AnnounceSession(e.ctx, e.demo.Coach.ID, class.ID); err != nil {
		t.Fatal(err)
	}
	e.drain()
	post, _ := e.fake.waitCall(0, func(c call) bool { return c.Method == http.MethodPost && c.Path == "/channels/ch1/messages" })
	shown := decodeScreen(post.Body)
	expect(t, []screen{shown}, "📣 Yoga flow (group) with Ana Martin", "8 spots left of 8", "[📅 Book]")
	if _, c := find(t, []screen{shown}, "Book"); c.customID != idStart+bot.BookLink(class.ID) || c.url != "" {
		t.Fatalf("Book button = %+v, want a button answered in the channel", c)
	}
	var posts []*core.Announcement
	_ = e.store.View(e.ctx, func(tx core.Tx) (err error) { posts, err = tx.Announcements(class.ID); return err })
	if len(posts) != 1 {
		t.Fatalf("announcements = %+v", posts)
	}
	shown.id = posts[0].MessageID

	nina := e.guildUser("1000", "Nina", "en")
	from := len(e.fake.snapshot())
	r := nina.press([]screen{shown}, "Book")
	for _, s := range r {
		if s.flags&64 == 0 || s.kind == 7 {
			t.Fatalf("pressing Book on the post must answer privately, never edit the post:\n%s", show(r))
		}
	}
	r = nina.press(r, "Paris") // first time: her zone, then the class
	expect(t, r, "Yoga flow (group)")
	e.withPass(nina.client().ID)
	r = nina.press(r, "Book")
	expect(t, r, "✅ You're booked! Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30.")
	for _, c := range e.fake.snapshot()[from:] {
		if c.Method == http.MethodPatch && strings.HasPrefix(c.Path, "/channels/") {
			t.Fatalf("the post was edited by a member's press: %v", c)
		}
	}

	from = len(e.fake.snapshot())
	e.drain()
	edit, _ := e.fake.waitCall(from, func(c call) bool {
		return c.Method == http.MethodPatch && c.Path == "/channels/ch1/messages/"+posts[0].MessageID
	})
	expect(t, []screen{decodeScreen(edit.Body)}, "7 spots left of 8", "[📅 Book]")
}

// An announcement deleted in the channel is reported gone, so the bot
// stops keeping it current.
func TestEditOfADeletedPostIsGone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, err := e.a.Post(e.ctx, "ch1", bot.Reply{Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.a.Edit(e.ctx, "ch1", id, bot.Reply{Text: "hello again"}); err != nil {
		t.Fatal(err)
	}
	e.fake.mu.Lock()
	e.fake.gone[id] = true
	e.fake.mu.Unlock()
	if err := e.a.Edit(e.ctx, "ch1", id, bot.Reply{Text: "and again"}); !errors.Is(err, bot.ErrPostGone) {
		t.Fatalf("edit of a deleted post = %v, want ErrPostGone", err)
	}
}
