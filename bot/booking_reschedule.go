package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// /reschedule and the "rs" button other flows put on a booking
// (encode("rs", id36(bookingID))): a 1:1 moves to another open time of
// its coach (Slots.MoveSlot), a class booking to another class of the
// same kind (Bookings.Reschedule). The choice lives in the "move" flow, so
// a double tap of Move it acts once.

// moveFlow is the conversation flow of a reschedule.
const moveFlow = "move"

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actReschedule     = "rs"  // rs:<booking36>
	actRescheduleStep = "rsm" // rsm:<step>:<op>[:<value>]
)

// registerReschedule registers /reschedule and its buttons.
func (b *Bot) registerReschedule() {
	b.command("reschedule", b.rescheduleList)
	b.action(actReschedule, b.rescheduleStart)
	b.action(actRescheduleStep, b.moveButton)
}

// rsData makes a reschedule button's data at the conversation's step.
func rsData(c *core.Conversation, op string, val ...string) string {
	return encode(actRescheduleStep, append([]string{step(c), op}, val...)...)
}

// rescheduleList lists the client's bookings that can be moved.
func (b *Bot) rescheduleList(ctx context.Context, t *turn) error {
	bs, err := b.svc.Bookings.MovableBookings(ctx, t.client().ID)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "rs.none")))
		return nil
	}
	var rows [][]Button
	for _, bk := range bs {
		rows = append(rows, row(btn(t.when(bk.Session.Start)+" · "+bk.Type.Name, actReschedule, id36(bk.Booking.ID))))
	}
	rows = append(rows, row(b.menuBack(t)))
	t.say(b.t(t, "rs.pick", "Zone", t.loc.String()), rows...)
	return nil
}

// rescheduleStart opens the move of one booking, after checking it is the
// caller's, live, and not too close to its start.
func (b *Bot) rescheduleStart(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	bk, err := b.svc.Bookings.ClientBookedSession(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	s := bk.Session
	switch {
	case !bk.Booking.Status.Active() || s.Status != core.SessionScheduled || !t.now.Before(s.Start):
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "rs.not_active")))
		return nil
	case bk.Booking.Status == core.BookingWaitlisted:
		return b.cancelInstead(ctx, t, id, b.t(t, "rs.waitlisted"))
	case !core.CanReschedule(bk.Coach.Policy, t.now, s.Start):
		return b.cancelInstead(ctx, t, id, b.t(t, "rs.too_late", "Notice", durationText(t.lang, bk.Coach.Policy.RescheduleNotice)))
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{"bk": id36(id)}
	if err := b.advance(ctx, t, c, moveFlow); err != nil {
		return err
	}
	return b.moveScreen(ctx, t, &move{c: c, bk: bk}, 0)
}

// cancelInstead answers a booking that cannot be moved but can still be
// cancelled: why, what cancelling it now costs, the Cancel button and a
// way back to the booking.
func (b *Bot) cancelInstead(ctx context.Context, t *turn, id int64, why string) error {
	v, out, err := b.svc.Bookings.CancelScreen(ctx, t.client().ID, id)
	if err != nil {
		t.replies = append(t.replies, b.mainMenu(t, why))
		return nil
	}
	lines := append([]string{why}, b.cancelConsequence(t, v, out)...)
	t.say(strings.Join(lines, "\n"),
		row(btn(b.t(t, "my.btn.cancel"), actCancel, id36(id))),
		row(btn(b.t(t, "my.cancel.keep"), actBookingCard, id36(id))))
	return nil
}

// move is a reschedule's state as one press sees it.
type move struct {
	c   *core.Conversation
	bk  *core.BookedSession
	day string
	at  time.Time
	to  *core.ClassInfo
}

// loadMove reads the booking again (it must still be the caller's) and
// the choices so far.
func (b *Bot) loadMove(ctx context.Context, t *turn, c *core.Conversation) (*move, error) {
	id, err := strconv.ParseInt(c.Data["bk"], 36, 64)
	if err != nil {
		return nil, ErrStaleButton
	}
	bk, err := b.svc.Bookings.ClientBookedSession(ctx, t.client().ID, id)
	if err != nil {
		return nil, err
	}
	m := &move{c: c, bk: bk, day: c.Data["day"]}
	if s := c.Data["at"]; s != "" {
		if m.at, err = parseUnix36(s); err != nil {
			return nil, err
		}
	}
	if s := c.Data["to"]; s != "" {
		to, err := strconv.ParseInt(s, 36, 64)
		if err != nil {
			return nil, ErrStaleButton
		}
		if m.to, err = b.svc.Catalog.SessionDetail(ctx, to, t.client().ID); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// moveButton handles the reschedule buttons.
func (b *Bot) moveButton(ctx context.Context, t *turn) error {
	c, err := b.current(ctx, t, moveFlow, 0)
	if err != nil {
		return err
	}
	op, err := t.cb.arg(1)
	if err != nil {
		return err
	}
	val, _ := t.cb.arg(2)
	switch op {
	case "d", "h", "s":
		key := map[string]string{"d": "day", "h": "at", "s": "to"}[op]
		if val == "" {
			return ErrStaleButton
		}
		c.Data[key] = val
		if op == "h" {
			at, err := parseUnix36(val)
			if err != nil {
				return err
			}
			c.Data["day"] = at.In(t.loc).Format(time.DateOnly)
		}
	case "back":
		switch val {
		case "day":
			delete(c.Data, "day")
			delete(c.Data, "at")
		case "at":
			delete(c.Data, "at")
		case "to":
			delete(c.Data, "to")
		default:
			return ErrStaleButton
		}
	case "dp", "hp":
		m, err := b.loadMove(ctx, t, c)
		if err != nil {
			return err
		}
		return b.moveScreen(ctx, t, m, pageOf(val))
	case "x":
		if err := b.reset(ctx, t); err != nil {
			return err
		}
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "rs.kept")))
		return nil
	case "ok":
		return b.moveConfirm(ctx, t, c)
	default:
		return ErrStaleButton
	}
	m, err := b.loadMove(ctx, t, c)
	if err != nil {
		return err
	}
	if err := b.advance(ctx, t, c, moveFlow); err != nil {
		return err
	}
	return b.moveScreen(ctx, t, m, 0)
}

// moveScreen shows the reschedule's next question: a day, a time or a
// class, then the confirmation.
func (b *Bot) moveScreen(ctx context.Context, t *turn, m *move, page int) error {
	c, bk := m.c, m.bk
	keep := row(Button{Label: b.t(t, "rs.keep"), Data: rsData(c, "x")})
	s := bk.Session
	if s.Capacity > 1 {
		if m.to != nil {
			return b.moveConfirmScreen(t, m, m.to.Session.Start)
		}
		return b.moveClassScreen(ctx, t, m, keep)
	}
	switch {
	case m.day == "":
		days, err := b.svc.Slots.OpenDays(ctx, s.CoachID, s.TypeID, t.now, t.now.Add(bookAhead), t.loc)
		if err != nil {
			return err
		}
		if len(days) == 0 {
			t.say(b.t(t, "rs.no_days", "Type", bk.Type.Name), keep)
			return nil
		}
		rows := b.dayRows(t, days, page,
			func(day string) string { return rsData(c, "d", day) },
			func(p int) string { return rsData(c, "dp", pageArg(p)) })
		t.say(b.t(t, "rs.day", "Type", bk.Type.Name, "Start", t.when(s.Start), "Zone", t.loc.String()), append(rows, keep)...)
	case m.at.IsZero():
		from, to, err := parseDay(m.day, t.loc)
		if err != nil {
			return err
		}
		slots, err := b.svc.Slots.OpenSlots(ctx, s.CoachID, s.TypeID, from, to)
		if err != nil {
			return err
		}
		back := row(Button{Label: b.t(t, "book.pick_back"), Data: rsData(c, "back", "day")})
		if len(slots) == 0 {
			t.say(b.t(t, "book.day_full", "Day", dayLabel(t, m.day)), back)
			return nil
		}
		rows := b.timeRows(t, slots, page,
			func(at time.Time) string { return rsData(c, "h", unix36(at)) },
			func(p int) string { return rsData(c, "hp", pageArg(p)) })
		t.say(b.t(t, "book.time", "Day", dayLabel(t, m.day), "Zone", t.loc.String()), append(rows, back)...)
	default:
		return b.moveConfirmScreen(t, m, m.at)
	}
	return nil
}

// moveClassScreen lists the other classes of the same kind with a free
// spot, the only ones a class booking may move to.
func (b *Bot) moveClassScreen(ctx context.Context, t *turn, m *move, keep []Button) error {
	s := m.bk.Session
	classes, err := b.svc.Catalog.UpcomingClasses(ctx, core.ClassFilter{CoachID: s.CoachID, TypeID: s.TypeID, ClientID: t.client().ID})
	if err != nil {
		return err
	}
	var rows [][]Button
	for _, ci := range classes {
		o := ci.Session
		if o.ID == s.ID || ci.Mine != nil || ci.SeatsLeft() == 0 || o.Price != s.Price || o.CreditCost != s.CreditCost ||
			!t.now.Before(o.BookingDeadline()) {
			continue
		}
		label := t.when(o.Start) + " · " + b.t(t, "classes.left_short", "Left", ci.SeatsLeft())
		rows = append(rows, row(Button{Label: label, Data: rsData(m.c, "s", id36(o.ID))}))
	}
	if len(rows) == 0 {
		t.say(b.t(t, "rs.no_classes", "Type", m.bk.Type.Name), keep)
		return nil
	}
	t.say(b.t(t, "rs.class", "Type", m.bk.Type.Name, "Start", t.when(s.Start), "Zone", t.loc.String()), append(rows, keep)...)
	return nil
}

// moveConfirmScreen asks before moving.
func (b *Bot) moveConfirmScreen(t *turn, m *move, to time.Time) error {
	backTo := "at"
	if m.to != nil {
		backTo = "to"
	}
	t.say(b.t(t, "rs.confirm", "Type", m.bk.Type.Name, "Start", t.when(m.bk.Session.Start), "To", t.when(to)),
		row(Button{Label: b.t(t, "rs.do"), Data: rsData(m.c, "ok")}),
		row(Button{Label: b.t(t, "book.pick_back"), Data: rsData(m.c, "back", backTo)}))
	return nil
}

// moveConfirm moves the booking. The step moves first, so a second tap
// is refused as expired.
func (b *Bot) moveConfirm(ctx context.Context, t *turn, c *core.Conversation) error {
	m, err := b.loadMove(ctx, t, c)
	if err != nil {
		return err
	}
	if m.to == nil && m.at.IsZero() {
		return ErrStaleButton
	}
	if err := b.advance(ctx, t, c, moveFlow); err != nil {
		return err
	}
	from := m.bk.Session.Start
	var to time.Time
	if m.to != nil {
		_, err = b.svc.Bookings.Reschedule(ctx, core.RescheduleRequest{ClientID: t.client().ID, BookingID: m.bk.Booking.ID, NewSessionID: m.to.Session.ID})
		to = m.to.Session.Start
	} else {
		var sess *core.Session
		sess, err = b.svc.Slots.MoveSlot(ctx, core.MoveSlotRequest{ClientID: t.client().ID, BookingID: m.bk.Booking.ID, NewStart: m.at})
		if err == nil {
			to = sess.Start
		}
	}
	var taken *core.SlotTakenError
	if errors.As(err, &taken) {
		var rows [][]Button
		for _, a := range taken.Alternatives {
			rows = append(rows, row(Button{Label: t.when(a), Data: rsData(c, "h", unix36(a))}))
		}
		rows = append(rows, row(Button{Label: b.t(t, "book.other_day"), Data: rsData(c, "back", "day")}))
		text := b.errText(t, err) + "\n" + b.t(t, "book.alternatives", "Zone", t.loc.String())
		if len(taken.Alternatives) == 0 {
			text = b.errText(t, err) + "\n" + b.t(t, "book.no_alternatives")
		}
		t.say(text, rows...)
		return nil
	}
	if err != nil {
		if rerr := b.reset(ctx, t); rerr != nil {
			return rerr
		}
		return err
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	r := b.mainMenu(t, b.t(t, "rs.done", "Type", m.bk.Type.Name, "To", t.when(to), "From", t.when(from), "Coach", m.bk.Coach.Name))
	r.Edit = t.req.Data != "" && t.req.MessageID != ""
	t.replies = append(t.replies, r)
	return nil
}
