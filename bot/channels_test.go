package bot

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// chMakeCoach makes u the demo studio's coach.
func chMakeCoach(h *harness, u user) *core.Coach {
	h.t.Helper()
	p, err := h.svc.Accounts.Identify(h.ctx, core.Identity{Platform: "test", UserID: u.id, Name: u.name})
	if err != nil {
		h.t.Fatal(err)
	}
	coach := *h.demo.Coach
	coach.ClientID = p.Client.ID
	if err := h.store.Update(h.ctx, func(tx core.Tx) error { return tx.UpdateCoach(&coach) }); err != nil {
		h.t.Fatal(err)
	}
	return &coach
}

// sendIn types text as u in a group chat.
func (h *harness) sendIn(u user, kind ChatKind, chat, text string) []Reply {
	h.t.Helper()
	req := Request{Platform: "test", UserID: u.id, ChatID: chat, ChatKind: kind, Name: u.name, Language: u.lang}
	cmd, args, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	req.Command, req.Args = cmd, args
	return h.handle(req)
}

// chChannels lists the links of a chat.
func chChannels(h *harness, chat string) []*core.Channel {
	h.t.Helper()
	var cs []*core.Channel
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) {
		cs, err = tx.Channels(core.ChannelFilter{ChatID: chat})
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return cs
}

func TestLinkChannelOnlyByCoachesInTheGroup(t *testing.T) {
	h := newHarness(t)
	ana, maria := user{"ch1", "Ana", "en"}, user{"ch2", "Maria", "fr"}
	h.onboard(ana)
	chMakeCoach(h, ana)
	h.onboard(maria)

	r := h.sendIn(maria, ChatGroup, "-100", "/linkchannel Yoga fans")
	expect(t, r, "Seuls les coachs peuvent lier")
	if !r[0].Private || len(chChannels(h, "-100")) != 0 {
		t.Fatalf("a client linked a group or was refused publicly: %+v", r)
	}

	r = h.sendIn(ana, ChatGroup, "-100", "/linkchannel Yoga fans")
	expect(t, r, "This chat is linked: Ana Martin's group sessions will be announced here, with a Book button.")
	if r[0].Private {
		t.Fatal("the link was confirmed privately, not to the group")
	}
	if cs := chChannels(h, "-100"); len(cs) != 1 || cs[0].Title != "Yoga fans" || cs[0].Platform != "test" {
		t.Fatalf("channels = %+v", cs)
	}

	// In private, the coach sees the links with Unlink buttons.
	r = h.send(ana, "/channels")
	expect(t, r, "add me to it and send /linkchannel there", "• Yoga fans (test)", "[Unlink Yoga fans]")
	// A forged unlink of a chat that is not the coach's is stale.
	expect(t, h.pressData(ana, encode("chu", id36(999))), "This button has expired")
	expect(t, h.pressData(maria, encode("chu", id36(chChannels(h, "-100")[0].ID))), "Seuls les coachs")
	r = h.press(ana, r, "Unlink Yoga fans")
	expect(t, r, "“Yoga fans” is no longer linked.")
	if len(chChannels(h, "-100")) != 0 {
		t.Fatal("still linked")
	}
	expect(t, h.sendIn(ana, ChatGroup, "-100", "/unlinkchannel"), "This chat was not linked.")
}

func TestAnnounceOffersClassesAndQueuesPosts(t *testing.T) {
	h := newHarness(t)
	ana, maria := user{"ch3", "Ana", "en"}, user{"ch4", "Maria", "en"}
	h.onboard(ana)
	chMakeCoach(h, ana)
	h.onboard(maria)

	expect(t, h.send(maria, "/announce"), "Only coaches can")
	expect(t, h.pressData(maria, encode("ann", id36(h.demo.Classes[0].ID))), "Only coaches can")
	expect(t, h.send(ana, "/announce"), "No chat is linked yet.", "add me to it and send /linkchannel there")
	h.sendIn(ana, ChatGroup, "-100", "/linkchannel")

	r := h.send(ana, "/announce")
	expect(t, r, "Which session should I announce?", "[Yoga flow (group) · Thu 4 Jun, 18:30]", "[Yoga flow (group) · Thu 25 Jun, 18:30]")
	r = h.press(ana, r, "Thu 4 Jun")
	expect(t, r, "Posting to 1 linked chat.")
	expect(t, h.send(ana, "/announce Bring your own mat this week!"), "Posting to 1 linked chat.")

	var ns []*core.Notice
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) {
		ns, err = tx.Notices(core.NoticeFilter{Kind: core.NoticeAnnounce})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(ns) != 2 || ns[0].SessionID != h.demo.Classes[0].ID || ns[1].Data["text"] != "Bring your own mat this week!" {
		t.Fatalf("notices = %+v", ns)
	}

	// Another coach's session cannot be announced, even with forged data.
	ben := &core.Coach{Name: "Ben", Zone: "Europe/Paris"}
	if err := h.svc.Accounts.CreateCoach(h.ctx, ben); err != nil {
		t.Fatal(err)
	}
	typ := &core.SessionType{CoachID: ben.ID, Name: "Pilates", Duration: time.Hour, InPerson: true, Capacity: 6}
	if err := h.svc.Catalog.CreateSessionType(h.ctx, typ); err != nil {
		t.Fatal(err)
	}
	other, err := h.svc.Catalog.ScheduleSession(h.ctx, core.ScheduleRequest{CoachID: ben.ID, TypeID: typ.ID, Start: tuesday10.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, h.pressData(ana, encode("ann", id36(other.ID))), "That session belongs to another coach.")
}

// fakePoster records posts and edits for DeliverChannelNotice.
type fakePoster struct {
	posts []Reply
	edits map[string]Reply
}

func (p *fakePoster) Platform() string { return "test" }
func (p *fakePoster) Post(ctx context.Context, chatID string, r Reply) (string, error) {
	p.posts = append(p.posts, r)
	return "m" + string(rune('0'+len(p.posts))), nil
}
func (p *fakePoster) Edit(ctx context.Context, chatID, messageID string, r Reply) error {
	if p.edits == nil {
		p.edits = map[string]Reply{}
	}
	p.edits[messageID] = r
	return nil
}
func (p *fakePoster) StartLink(arg string) string { return "https://chat.example/start?" + arg }

func TestAnnouncementPostedThenRedrawnInFrench(t *testing.T) {
	h := newHarness(t)
	ana := user{"ch5", "Ana", "fr"}
	h.onboard(ana)
	coach := chMakeCoach(h, ana)
	h.sendIn(ana, ChatGroup, "-100", "/linkchannel")
	class := h.demo.Classes[0]
	if _, err := h.svc.Channels.AnnounceSession(h.ctx, coach.ID, class.ID); err != nil {
		t.Fatal(err)
	}
	p := &fakePoster{}
	deliver := func(kind core.NoticeKind) {
		t.Helper()
		var ns []*core.Notice
		if err := h.store.View(h.ctx, func(tx core.Tx) (err error) {
			ns, err = tx.Notices(core.NoticeFilter{Kind: kind})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if err := h.bot.DeliverChannelNotice(h.ctx, n, func(string) ChannelPoster { return p }); err != nil {
				t.Fatal(err)
			}
		}
	}
	deliver(core.NoticeAnnounce)
	expect(t, p.posts, "📣 Yoga flow (group) avec Ana Martin", "🗓 jeu. 4 juin, 18:30 (Europe/Paris)",
		"📍 Studio Lilas, Paris", "👥 8 places restantes sur 8", "⏳ Réservez avant jeu. 4 juin, 16:30", "[📅 Réserver]")
	if u := p.posts[0].Buttons[0][0].URL; u != "https://chat.example/start?book_"+strconv.FormatInt(class.ID, 10) {
		t.Fatalf("button URL %q", u)
	}

	bkFill(h, class.ID, 8, "full")
	deliver(core.NoticeAnnouncementUpdate)
	expect(t, []Reply{p.edits["m1"]}, "🈵 Complet — inscrivez-vous sur la liste d'attente", "[⏳ Liste d'attente]")
	if strings.Contains(p.edits["m1"].Text, "places restantes") {
		t.Fatalf("a full class still counts spots:\n%s", p.edits["m1"].Text)
	}
	p.edits = nil
	deliver(core.NoticeAnnouncementUpdate) // nothing changed since: no edit
	if len(p.edits) != 0 {
		t.Fatalf("an unchanged post was edited: %+v", p.edits)
	}
}

// Every channel screen in a private chat leads on: a client is shown the
// menu, a coach the way back to the coach menu.
func TestChannelScreensLeadOn(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 0)
	expect(t, h.send(maria, "/announce"), "Only coaches can link chats", "[📅 Book a session]")
	expect(t, h.send(maria, "/channels"), "Only coaches can link chats", "[📅 Book a session]")
	expect(t, h.send(anaCoach, "/announce"), "No chat is linked yet.", "[« Coach menu]")
	expect(t, h.send(anaCoach, "/channels"), "No chat is linked yet.", "[« Coach menu]")
	expect(t, h.send(anaCoach, "/export"), "[« Coach menu]")
	expect(t, h.send(anaCoach, "/report"), "[« Coach menu]")
	if err := h.svc.Channels.LinkChannel(h.ctx, &core.Channel{CoachID: h.demo.Coach.ID, Platform: "test", ChatID: "g1", Title: "Yoga"}); err != nil {
		t.Fatal(err)
	}
	r := h.press(anaCoach, h.send(anaCoach, "/announce"), "Yoga flow")
	expect(t, r, "Posting to 1 linked chat.", "[« Coach menu]")
}

// The prompt for another app's code has a way back.
func TestLinkPromptHasAWayBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"1", "Maria", "en"}
	h.onboard(u)
	r := h.press(u, h.send(u, "/link"), "I have a code")
	expect(t, r, "Type the code", "[« Back]")
}
