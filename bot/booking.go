package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The booking flows: the /book wizard (booking_wizard.go,
// booking_confirm.go), the class schedule (booking_classes.go), rescheduling
// (booking_reschedule.go) and the "book" deep link.
//
// Deep links: "/start book_<id>" opens the session with decimal id <id>
// (a class's detail page, with Book or Join waitlist); "/start
// book_t<id>" opens the wizard at the 1:1 session type with decimal id
// <id>; "/start book_go" opens the wizard from the start. Decimal, because
// coaches read and type these links; every part fits Telegram's
// [A-Za-z0-9_-]. BookLink and BookTypeLink make them.

// The wizard's flow name and the order in which it asks.
const bookFlow = "book"

// wizardKeys are the wizard's choices, in the order it asks for them; a
// later choice is cleared whenever an earlier one changes.
var wizardKeys = [...]string{"coach", "type", "mode", "day", "at"}

// BookLink is the "/start" argument that opens session id's booking page.
func BookLink(sessionID int64) string { return "book_" + strconv.FormatInt(sessionID, 10) }

// BookTypeLink is the "/start" argument that opens the wizard at a 1:1
// session type.
func BookTypeLink(typeID int64) string { return "book_t" + strconv.FormatInt(typeID, 10) }

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actBookStep = "bk" // bk:<step>:<op>[:<value>]
)

// registerBooking registers the booking flows: /book, /classes,
// /reschedule and the "book_<id>" deep link.
func (b *Bot) registerBooking() {
	b.command("book", b.withCalendar(func(ctx context.Context, t *turn) error { return b.bookEntry(ctx, t, 0) }))
	b.action(actBookStep, b.bookButton)
	b.deepLink("book", b.bookDeepLink)
	b.registerClasses()
	b.registerReschedule()
}

// bookDeepLink follows "/start book_…" (see the file comment).
func (b *Bot) bookDeepLink(ctx context.Context, t *turn) error {
	kind, id, ok := parseBookLink(t.req.Args)
	switch {
	case !ok:
		return b.badLink(t)
	case kind == "go":
		return b.bookEntry(ctx, t, 0)
	case kind == "type":
		return b.bookEntry(ctx, t, id)
	}
	return b.classDetail(ctx, t, id)
}

// parseBookLink reads what follows "book_": "go" (the wizard), "t<id>"
// (a session type) or "<id>" (a session), ids in decimal.
func parseBookLink(arg string) (kind string, id int64, ok bool) {
	arg = strings.TrimSpace(arg)
	if arg == "go" {
		return "go", 0, true
	}
	kind = "session"
	if strings.HasPrefix(arg, "t") {
		kind, arg = "type", arg[1:]
	}
	if arg == "" || len(arg) > 18 || strings.TrimLeft(arg, "0123456789") != "" {
		return "", 0, false
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return "", 0, false
	}
	return kind, id, true
}

// badLink answers a deep link that names nothing we know.
func (b *Bot) badLink(t *turn) error {
	t.replies = append(t.replies, b.mainMenu(t, b.t(t, "book.bad_link")))
	return nil
}

// bookEntry starts the wizard afresh, at a session type when typeID is
// set (from a link).
func (b *Bot) bookEntry(ctx context.Context, t *turn, typeID int64) error {
	if t.client().Zone == "" {
		// Times are shown in the client's zone: ask it first, then come back.
		c, err := b.conversation(ctx, t)
		if err != nil {
			return err
		}
		link := "book_go"
		if typeID != 0 {
			link = BookTypeLink(typeID)
		}
		c.Data = map[string]string{"after_zone": link}
		if err := b.advance(ctx, t, c, zoneFlow); err != nil {
			return err
		}
		return b.askZone(ctx, t)
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{}
	if typeID != 0 {
		typ, err := b.svc.Catalog.OfferedType(ctx, typeID)
		if core.ErrorCode(err) == core.ENOTFOUND {
			return b.badLink(t)
		} else if err != nil {
			return err
		}
		if typ.Capacity > 1 {
			return b.classList(ctx, t, classView{list: true, span: "up", typeID: typ.ID})
		}
		c.Data["coach"], c.Data["type"] = id36(typ.CoachID), id36(typ.ID)
	}
	return b.bookNext(ctx, t, c)
}

// bookButton handles every wizard button: the step in the data must be
// the conversation's current one, so a double tap or an old menu is
// refused as expired.
func (b *Bot) bookButton(ctx context.Context, t *turn) error {
	c, err := b.current(ctx, t, bookFlow, 0)
	if err != nil {
		return err
	}
	op, err := t.cb.arg(1)
	if err != nil {
		return err
	}
	val, _ := t.cb.arg(2)
	switch op {
	case "c", "t", "m", "d":
		key := map[string]string{"c": "coach", "t": "type", "m": "mode", "d": "day"}[op]
		if val == "" {
			return ErrStaleButton
		}
		clearFrom(c, key)
		c.Data[key] = val
		return b.bookNext(ctx, t, c)
	case "h":
		return b.pickTime(ctx, t, c, val)
	case "back":
		if !isWizardKey(val) {
			return ErrStaleButton
		}
		clearFrom(c, val)
		return b.bookNext(ctx, t, c)
	case "dp", "hp":
		w, err := b.loadWizard(ctx, t, c)
		if err != nil {
			return err
		}
		if w.coach == nil || w.typ == nil || w.mode == "" || (op == "hp" && w.day == "") {
			// A choice no longer holds (the type was retired meanwhile):
			// ask it again instead of paging through nothing.
			return b.bookNext(ctx, t, c)
		}
		if op == "dp" {
			return b.dayScreen(ctx, t, w, pageOf(val))
		}
		return b.timeScreen(ctx, t, w, pageOf(val))
	case "pay":
		if val != "money" && val != "pass" {
			return ErrStaleButton
		}
		c.Data["pay"] = val
		return b.bookNext(ctx, t, c)
	case "rep":
		w, err := b.loadWizard(ctx, t, c)
		if err != nil {
			return err
		}
		return b.repeatScreen(t, w)
	case "w":
		n, err := strconv.Atoi(val)
		if err != nil || (n != 4 && n != 8 && n != 12) {
			return ErrStaleButton
		}
		c.Data["weeks"] = val
		return b.bookNext(ctx, t, c)
	case "once":
		delete(c.Data, "weeks")
		return b.bookNext(ctx, t, c)
	case "ok":
		return b.bookConfirm(ctx, t, c)
	}
	return ErrStaleButton
}

// isWizardKey reports whether k is one of the wizard's choices.
func isWizardKey(k string) bool {
	for _, w := range wizardKeys {
		if w == k {
			return true
		}
	}
	return false
}

// clearFrom forgets the choice key and every later one (a changed coach
// makes the chosen type meaningless, and so on), with how it is paid.
func clearFrom(c *core.Conversation, key string) {
	if c.Data == nil {
		c.Data = map[string]string{}
	}
	on := false
	auto := autoKeys(c)
	for _, k := range wizardKeys {
		on = on || k == key
		if on {
			delete(c.Data, k)
			delete(auto, k)
		}
	}
	setAuto(c, auto)
	delete(c.Data, "pay")
	delete(c.Data, "weeks")
}

// autoKeys are the choices the wizard made itself (one coach, one mode),
// which Back buttons skip.
func autoKeys(c *core.Conversation) map[string]bool {
	out := map[string]bool{}
	for _, k := range strings.Split(c.Data["auto"], ",") {
		if k != "" {
			out[k] = true
		}
	}
	return out
}

// setAuto stores the choices the wizard made itself.
func setAuto(c *core.Conversation, auto map[string]bool) {
	var ks []string
	for _, k := range wizardKeys {
		if auto[k] {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		delete(c.Data, "auto")
		return
	}
	c.Data["auto"] = strings.Join(ks, ",")
}

// bkData makes a wizard button's data at the conversation's step.
func bkData(c *core.Conversation, op string, val ...string) string {
	return encode(actBookStep, append([]string{step(c), op}, val...)...)
}

// backButton returns to the choice asked before screen key (a wizard key,
// or "summary" for the screens after the last), skipping the ones the
// wizard made itself; ok is false when there is none.
func (b *Bot) backButton(t *turn, c *core.Conversation, key string) (Button, bool) {
	auto := autoKeys(c)
	prev := ""
	for _, k := range wizardKeys {
		if k == key {
			break
		}
		if !auto[k] {
			prev = k
		}
	}
	if prev == "" {
		return Button{}, false
	}
	return Button{Label: b.t(t, "book.pick_back"), Data: bkData(c, "back", prev)}, true
}

// withBack appends the Back button of screen key, if it has one.
func (b *Bot) withBack(t *turn, c *core.Conversation, key string, rows [][]Button) [][]Button {
	if bb, ok := b.backButton(t, c, key); ok {
		rows = append(rows, row(bb))
	}
	return rows
}

// wizard is the booking wizard's choices, read and checked again on every
// press (button data and stored ids are never trusted).
type wizard struct {
	c     *core.Conversation
	coach *core.Coach
	typ   *core.SessionType
	mode  core.Mode
	day   string
	at    time.Time
}

// loadOffer reads the stored coach and 1:1 type: both in one read once a
// type is chosen, else the coach from the list. A choice that no longer
// holds is forgotten with the ones after it, and ok is false.
func (b *Bot) loadOffer(ctx context.Context, w *wizard) (ok bool, err error) {
	c := w.c
	cs, ts := c.Data["coach"], c.Data["type"]
	if cs == "" {
		return true, nil
	}
	coachID, _ := strconv.ParseInt(cs, 36, 64)
	if ts != "" {
		typeID, _ := strconv.ParseInt(ts, 36, 64)
		co, ty, err := b.svc.Catalog.OfferedBy(ctx, coachID, typeID)
		if err == nil && ty.Capacity == 1 {
			w.coach, w.typ = co, ty
			return true, nil
		}
		if err != nil && core.ErrorCode(err) != core.ENOTFOUND {
			return false, err
		}
	}
	coaches, err := b.svc.Catalog.Coaches(ctx)
	if err != nil {
		return false, err
	}
	for _, co := range coaches {
		if co.ID == coachID {
			w.coach = co
		}
	}
	switch {
	case w.coach == nil:
		clearFrom(c, "coach")
		return false, nil
	case ts != "":
		clearFrom(c, "type")
		return false, nil
	}
	return true, nil
}

// loadWizard reads the stored choices; one that no longer holds (a type
// retired since) is forgotten with the ones after it.
func (b *Bot) loadWizard(ctx context.Context, t *turn, c *core.Conversation) (*wizard, error) {
	w := &wizard{c: c}
	if ok, err := b.loadOffer(ctx, w); err != nil {
		return nil, err
	} else if !ok {
		return w, nil
	}
	if m := core.Mode(c.Data["mode"]); m != "" && w.typ != nil {
		if (m == core.ModeOnline && w.typ.Online) || (m == core.ModeInPerson && w.typ.InPerson) {
			w.mode = m
		} else {
			clearFrom(c, "mode")
			return w, nil
		}
	}
	if d := c.Data["day"]; d != "" {
		if _, _, err := parseDay(d, t.loc); err != nil {
			clearFrom(c, "day")
			return w, nil
		}
		w.day = d
	}
	if s := c.Data["at"]; s != "" {
		at, err := parseUnix36(s)
		if err != nil {
			clearFrom(c, "at")
			return w, nil
		}
		w.at = at
	}
	return w, nil
}
