package storetest

// Service cases for linking one person's accounts on two platforms
// (core/link.go). Every package-level name here starts with link or
// testLink.

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testLinking runs the linking cases as subtests, so the suite's case
// list needs one line for them.
func testLinking(t *testing.T, open Opener) {
	for _, c := range []struct {
		name string
		fn   func(t *testing.T, f *fixture)
	}{
		{"EmptyDiscordJoinsTelegramWithPass", testLinkEmptyJoinsHistory},
		{"CodeIsSingleUse", testLinkSingleUse},
		{"CodeExpires", testLinkExpires},
		{"NewerCodeReplacesOlder", testLinkNewerReplaces},
		{"SamePlatformRefusedCodeKept", testLinkSamePlatform},
		{"BothWithHistoryRefused", testLinkBothHistory},
		{"OlderEmptyClientStays", testLinkOlderStays},
		{"AlreadyLinked", testLinkAlready},
		{"SecondAccountOnOnePlatformRefused", testLinkPlatformClash},
		{"BadShapes", testLinkBadShapes},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, newFixture(t, open))
		})
	}
}

// linkPerson makes the person behind a chat account, as the bot does on
// first contact.
func linkPerson(f *fixture, platform, userID, name string) *core.Person {
	f.t.Helper()
	p, err := f.svc.Accounts.Identify(f.ctx, core.Identity{Platform: platform, UserID: userID, ChatID: "chat-" + userID, Name: name, Language: "en"})
	f.must(err)
	return p
}

// linkAccount reads an account back.
func linkAccount(f *fixture, platform, userID string) *core.Account {
	f.t.Helper()
	var a *core.Account
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { a, err = tx.Account(platform, userID); return }))
	return a
}

// linkCode issues a code for an account.
func linkCode(f *fixture, platform, userID string) string {
	f.t.Helper()
	code, expires, err := f.svc.Accounts.NewLinkCode(f.ctx, platform, userID)
	f.must(err)
	if want := f.clock.Now().Add(core.LinkTTL); !expires.Equal(core.DBTime(want)) {
		f.t.Fatalf("code expires %v, want %v", expires, want)
	}
	return code
}

// linkWant fails unless err has the code.
func linkWant(t *testing.T, err error, code string) {
	t.Helper()
	if core.ErrorCode(err) != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

// Maria bought a pass on Telegram, then met the bot on Discord: after
// /link on Discord and the code on Telegram, her Discord account books
// with the Telegram pass, and the empty Discord client is gone.
func testLinkEmptyJoinsHistory(t *testing.T, f *fixture) {
	tg := linkPerson(f, "telegram", "t1", "Maria")
	pass, err := f.svc.Passes.GrantPass(f.ctx, tg.Client.ID, f.pack.ID, "stripe")
	f.must(err)
	dc := linkPerson(f, "discord", "d1", "maria_d")
	code := linkCode(f, "discord", "d1")

	res, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "telegram", "t1", code)
	f.must(err)
	if res.Client.ID != tg.Client.ID || len(res.Accounts) != 2 || res.Already {
		t.Fatalf("result = %+v, want the Telegram client with two accounts", res)
	}
	if a := linkAccount(f, "discord", "d1"); a.ClientID != tg.Client.ID || a.ChatID != "chat-d1" {
		t.Fatalf("discord account = %+v, want client %d", a, tg.Client.ID)
	}
	err = f.store.View(f.ctx, func(tx core.Tx) error { _, err := tx.Client(dc.Client.ID); return err })
	linkWant(t, err, core.ENOTFOUND)

	again := linkPerson(f, "discord", "d1", "maria_d")
	sess := f.session(f.class, 48*time.Hour, 8)
	br, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: again.Client.ID, SessionID: sess.ID})
	f.must(err)
	if br.Booking.Status != core.BookingConfirmed || br.Booking.PassID != pass.ID {
		t.Fatalf("booking = %+v, want confirmed on the Telegram pass %d", br.Booking, pass.ID)
	}
	if left := f.pass(pass.ID).CreditsLeft; left != 9 {
		t.Fatalf("pass has %d credits, want 9", left)
	}
}

func testLinkSingleUse(t *testing.T, f *fixture) {
	linkPerson(f, "telegram", "t1", "Maria")
	linkPerson(f, "discord", "d1", "Maria")
	linkPerson(f, "discord", "d2", "Mallory")
	code := linkCode(f, "telegram", "t1")
	_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", code)
	f.must(err)
	_, err = f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d2", code)
	linkWant(t, err, core.EINVALID)
	if a := linkAccount(f, "discord", "d2"); a.ClientID == linkAccount(f, "telegram", "t1").ClientID {
		t.Fatal("a used code linked a second account")
	}
}

func testLinkExpires(t *testing.T, f *fixture) {
	linkPerson(f, "telegram", "t1", "Maria")
	d := linkPerson(f, "discord", "d1", "Maria")
	code := linkCode(f, "telegram", "t1")
	f.clock.Advance(core.LinkTTL)
	_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", code)
	linkWant(t, err, core.EINVALID)
	if a := linkAccount(f, "discord", "d1"); a.ClientID != d.Client.ID {
		t.Fatal("an expired code linked")
	}
	// Typed loosely, a fresh code still works just before it expires.
	code = linkCode(f, "telegram", "t1")
	f.clock.Advance(core.LinkTTL - time.Second)
	loose := " " + code[:2] + " " + code[2:] + " "
	_, err = f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", loose)
	f.must(err)
}

func testLinkNewerReplaces(t *testing.T, f *fixture) {
	linkPerson(f, "telegram", "t1", "Maria")
	linkPerson(f, "discord", "d1", "Maria")
	first := linkCode(f, "telegram", "t1")
	second := linkCode(f, "telegram", "t1")
	_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", first)
	linkWant(t, err, core.EINVALID)
	_, err = f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", second)
	f.must(err)
}

func testLinkSamePlatform(t *testing.T, f *fixture) {
	linkPerson(f, "telegram", "t1", "Maria")
	linkPerson(f, "telegram", "t2", "Maria again")
	linkPerson(f, "discord", "d1", "Maria")
	code := linkCode(f, "telegram", "t1")
	for _, who := range []string{"t1", "t2"} {
		_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "telegram", who, code)
		linkWant(t, err, core.EINVALID)
	}
	_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", code)
	f.must(err)
}

func testLinkBothHistory(t *testing.T, f *fixture) {
	tg := linkPerson(f, "telegram", "t1", "Maria")
	dc := linkPerson(f, "discord", "d1", "Maria")
	_, err := f.svc.Passes.GrantPass(f.ctx, tg.Client.ID, f.pack.ID, "manual")
	f.must(err)
	sess := f.session(f.free, 48*time.Hour, 1)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: dc.Client.ID, SessionID: sess.ID})
	f.must(err)
	code := linkCode(f, "discord", "d1")
	_, err = f.svc.Accounts.RedeemLinkCode(f.ctx, "telegram", "t1", code)
	linkWant(t, err, core.ECONFLICT)
	if a := linkAccount(f, "discord", "d1"); a.ClientID != dc.Client.ID {
		t.Fatal("a refused link moved the account")
	}
	if a := linkAccount(f, "telegram", "t1"); a.ClientID != tg.Client.ID {
		t.Fatal("a refused link moved the account")
	}
}

func testLinkOlderStays(t *testing.T, f *fixture) {
	old := linkPerson(f, "telegram", "t1", "Maria")
	newer := linkPerson(f, "discord", "d1", "maria_d")
	c := *newer.Client
	c.Email, c.Zone = "maria@example.com", "Asia/Tokyo"
	f.must(f.svc.Accounts.UpdateProfile(f.ctx, &c))
	c = *old.Client
	c.Zone = "Europe/Paris"
	f.must(f.svc.Accounts.UpdateProfile(f.ctx, &c))
	code := linkCode(f, "telegram", "t1")
	res, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", code)
	f.must(err)
	got := res.Client
	if got.ID != old.Client.ID || got.Name != "Maria" || got.Email != "maria@example.com" || got.Zone != "Europe/Paris" {
		t.Fatalf("kept client = %+v, want the older one, its own name and zone, the newer one's email", got)
	}
}

func testLinkAlready(t *testing.T, f *fixture) {
	linkPerson(f, "telegram", "t1", "Maria")
	linkPerson(f, "discord", "d1", "Maria")
	_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", linkCode(f, "telegram", "t1"))
	f.must(err)
	res, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "telegram", "t1", linkCode(f, "discord", "d1"))
	f.must(err)
	if !res.Already || len(res.Accounts) != 2 {
		t.Fatalf("result = %+v, want already linked", res)
	}
}

func testLinkPlatformClash(t *testing.T, f *fixture) {
	linkPerson(f, "telegram", "t1", "Maria")
	linkPerson(f, "discord", "d1", "Maria")
	_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", linkCode(f, "telegram", "t1"))
	f.must(err)
	d2 := linkPerson(f, "discord", "d2", "Maria's other Discord")
	_, err = f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d2", linkCode(f, "telegram", "t1"))
	linkWant(t, err, core.ECONFLICT)
	if a := linkAccount(f, "discord", "d2"); a.ClientID != d2.Client.ID {
		t.Fatal("a second Discord account joined the client")
	}
}

func testLinkBadShapes(t *testing.T, f *fixture) {
	linkPerson(f, "discord", "d1", "Maria")
	for _, typed := range []string{"", "ABC", "ABCD-EFGH-J", "ÀBCD-EFGH", "ABCD?EFG", "UUUUUUUU"} {
		_, err := f.svc.Accounts.RedeemLinkCode(f.ctx, "discord", "d1", typed)
		linkWant(t, err, core.EINVALID)
	}
	if _, _, err := f.svc.Accounts.NewLinkCode(f.ctx, "discord", "nobody"); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("code for an unknown account: %v", err)
	}
}
