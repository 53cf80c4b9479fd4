package storetest

// Contract cases for linked channels, their announcements and the notice
// that asks for a post to be redrawn when seats change; listed in
// serviceCases.

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A coach links a group twice (the title follows), a second coach links
// the same group, unlinking drops the link and its posts.
func testLinkChannels(t *testing.T, open Opener) {
	f := newFixture(t, open)
	other := &core.Coach{Name: "Ben", Zone: "Europe/Paris"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))

	first := &core.Channel{CoachID: f.coach.ID, Platform: "telegram", ChatID: "-100", Title: "Yoga fans"}
	f.must(f.svc.Channels.LinkChannel(f.ctx, first))
	again := &core.Channel{CoachID: f.coach.ID, Platform: "telegram", ChatID: "-100", Title: " Yoga lovers "}
	f.must(f.svc.Channels.LinkChannel(f.ctx, again))
	if again.ID != first.ID {
		t.Fatalf("relinking made a second link: %d, %d", first.ID, again.ID)
	}
	f.must(f.svc.Channels.LinkChannel(f.ctx, &core.Channel{CoachID: other.ID, Platform: "telegram", ChatID: "-100", Title: "Yoga lovers"}))
	f.must(f.svc.Channels.LinkChannel(f.ctx, &core.Channel{CoachID: f.coach.ID, Platform: "discord", ChatID: "42", Title: "general"}))

	channels := func(filter core.ChannelFilter) []*core.Channel {
		var cs []*core.Channel
		f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { cs, err = tx.Channels(filter); return }))
		return cs
	}
	mine := channels(core.ChannelFilter{CoachID: f.coach.ID})
	if len(mine) != 2 || mine[0].Title != "Yoga lovers" || mine[0].ChatID != "-100" || mine[1].Platform != "discord" ||
		!mine[0].Created.Equal(core.DBTime(T0)) {
		t.Fatalf("channels of the coach = %+v", mine)
	}
	if got := channels(core.ChannelFilter{Platform: "telegram", ChatID: "-100"}); len(got) != 2 {
		t.Fatalf("links of the group = %d, want 2", len(got))
	}

	sess := f.session(f.class, 48*time.Hour, 5)
	post := &core.Announcement{ChannelID: first.ID, SessionID: sess.ID, MessageID: "7", Text: "Yoga, 5 spots left"}
	f.must(f.svc.Channels.RecordAnnouncement(f.ctx, post))
	post.Text, post.MessageID = "Yoga, 4 spots left", "8"
	f.must(f.svc.Channels.RecordAnnouncement(f.ctx, post))
	var posts []*core.Announcement
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { posts, err = tx.Announcements(sess.ID); return }))
	if len(posts) != 1 || posts[0].Text != "Yoga, 4 spots left" || posts[0].MessageID != "8" {
		t.Fatalf("posts = %+v", posts)
	}

	f.must(f.svc.Channels.UnlinkChannel(f.ctx, f.coach.ID, "telegram", "-100"))
	if got := channels(core.ChannelFilter{Platform: "telegram", ChatID: "-100"}); len(got) != 1 || got[0].CoachID != other.ID {
		t.Fatalf("after unlinking, links of the group = %+v", got)
	}
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { posts, err = tx.Announcements(sess.ID); return }))
	if len(posts) != 0 {
		t.Fatalf("posts of an unlinked channel remain: %+v", posts)
	}
	expectCode(t, f.svc.Channels.UnlinkChannel(f.ctx, f.coach.ID, "telegram", "-100"), core.ENOTFOUND)
	expectCode(t, f.svc.Channels.RecordAnnouncement(f.ctx, &core.Announcement{ChannelID: first.ID, SessionID: sess.ID, MessageID: "9"}), core.ENOTFOUND)
	expectCode(t, f.svc.Channels.LinkChannel(f.ctx, &core.Channel{CoachID: f.coach.ID, Platform: "telegram"}), core.EINVALID)
	expectCode(t, f.svc.Channels.LinkChannel(f.ctx, &core.Channel{CoachID: 999999, Platform: "telegram", ChatID: "-5"}), core.ENOTFOUND)
}

// Announcing queues one post per linked channel; a 1:1, another coach's
// session or a coach without channels is refused and nothing is queued.
func testAnnounce(t *testing.T, open Opener) {
	f := newFixture(t, open)
	class := f.session(f.class, 48*time.Hour, 5)
	one := f.session(f.paid, 48*time.Hour, 1)
	_, err := f.svc.Channels.AnnounceSession(f.ctx, f.coach.ID, class.ID)
	expectCode(t, err, core.EINVALID) // no channel yet
	_, err = f.svc.Channels.AnnounceText(f.ctx, f.coach.ID, "Hello")
	expectCode(t, err, core.EINVALID)

	for _, chat := range []string{"-100", "-200"} {
		f.must(f.svc.Channels.LinkChannel(f.ctx, &core.Channel{CoachID: f.coach.ID, Platform: "telegram", ChatID: chat}))
	}
	before := f.snapshot()
	_, err = f.svc.Channels.AnnounceSession(f.ctx, f.coach.ID, one.ID)
	expectCode(t, err, core.EINVALID)
	_, err = f.svc.Channels.AnnounceSession(f.ctx, f.coach.ID+1, class.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = f.svc.Channels.AnnounceText(f.ctx, f.coach.ID, "   ")
	expectCode(t, err, core.EINVALID)
	if after := f.snapshot(); after != before {
		t.Fatalf("a refused announcement changed the store:\n%s\nvs\n%s", before, after)
	}

	n, err := f.svc.Channels.AnnounceSession(f.ctx, f.coach.ID, class.ID)
	f.must(err)
	m, err := f.svc.Channels.AnnounceText(f.ctx, f.coach.ID, " New mats in the studio! ")
	f.must(err)
	if n != 2 || m != 2 {
		t.Fatalf("announced to %d and %d channels, want 2", n, m)
	}
	ns := f.notices(core.NoticeFilter{ToKind: core.ToChannel, Kind: core.NoticeAnnounce})
	if len(ns) != 4 || ns[0].SessionID != class.ID || ns[0].ToID == ns[1].ToID || ns[2].SessionID != 0 ||
		ns[3].Data["text"] != "New mats in the studio!" || ns[0].Status != core.NoticePending {
		t.Fatalf("announce notices = %+v", ns)
	}
}

// Every change of a class's seats or status asks for its posts to be
// redrawn, in the same transaction; a 1:1 never does.
func testSeatsChangedNotices(t *testing.T, open Opener) {
	f := newFixture(t, open)
	class := f.session(f.class, 48*time.Hour, 2)
	updates := func() int {
		return len(f.notices(core.NoticeFilter{ToKind: core.ToChannel, Kind: core.NoticeAnnouncementUpdate, SessionID: class.ID}))
	}
	var ids []int64
	for _, name := range []string{"Ana", "Bea", "Cleo"} {
		c, _ := f.withPass(name, f.pack)
		res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: class.ID})
		f.must(err)
		ids = append(ids, c.ID, res.Booking.ID)
	}
	if got := updates(); got != 2 { // two seats taken; the waitlist changes no seat
		t.Fatalf("after 2 seats and 1 waitlisted: %d redraws asked, want 2", got)
	}
	_, _, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: ids[0], BookingID: ids[1]})
	f.must(err)
	if got := updates(); got < 3 {
		t.Fatalf("after a cancellation: %d redraws asked, want at least 3", got)
	}
	_, err = f.svc.Bookings.CancelSession(f.ctx, f.coach.ID, class.ID, "flu")
	f.must(err)
	if got := updates(); got < 4 {
		t.Fatalf("after the coach cancelled: %d redraws asked, want at least 4", got)
	}

	one := f.session(f.free, 48*time.Hour, 1)
	c := f.client("Dora")
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: one.ID})
	f.must(err)
	if ns := f.notices(core.NoticeFilter{Kind: core.NoticeAnnouncementUpdate, SessionID: one.ID}); len(ns) != 0 {
		t.Fatalf("a 1:1 asked for %d redraws", len(ns))
	}
}

// testChannels runs the channel cases, registered with one line in
// serviceCases.
func testChannels(t *testing.T, open Opener) {
	for _, c := range []testCase{
		{"Link", testLinkChannels},
		{"Announce", testAnnounce},
		{"SeatsChanged", testSeatsChangedNotices},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}
