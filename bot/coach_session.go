package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/slotbot/slotbot/core"
)

// Acting on one session from its card: edit it (Save, or Save and
// notify), move it (clients may cancel free), share a link with its
// clients, book a client in by hand, cancel it.

// maxFound bounds the clients offered after a search.
const maxFound = 8

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actSessionEdit       = "cse"  // cse:<session>
	actSessionMove       = "csm"  // csm:<session>
	actSessionShare      = "csl"  // csl:<session>[:<client>]
	actSessionBookIn     = "csb"  // csb:<session>
	actSessionBookClient = "csbk" // csbk:<session>:<client>
	actSessionCancel     = "csx"  // csx:<session>
)

// registerCoachSession registers the session actions.
func (b *Bot) registerCoachSession() {
	b.answer("move", b.typedMove)
	b.answer("movecmd", b.typedMoveCommand)
	b.answer("share", b.typedShare)
	b.answer("bookin", b.typedBookIn)
	b.answer("reason", b.typedCancelReason)
	b.action(actSessionEdit, b.asCoach(b.editSession))
	b.action(actSessionMove, b.asCoach(b.moveSession))
	b.action(actSessionShare, b.asCoach(b.shareSession))
	b.action(actSessionBookIn, b.asCoach(b.bookInSession))
	b.action(actSessionBookClient, b.asCoach(b.bookClientIn))
	b.action(actSessionCancel, b.asCoach(b.cancelSession))
	b.command("move", b.asCoach(b.moveCommand))   // /move <session> <new time>
	b.command("share", b.asCoach(b.shareCommand)) // /share <session> <link>
}

// sessionDraft is a session's editable fields in the form's text forms.
func sessionDraft(s *core.Session) map[string]string {
	return map[string]string{"start": s.Start.Format(time.RFC3339), "place": s.Place, "link": s.Link,
		"price": s.Price.String(), "notes": s.Notes, "status": string(s.Status), "capacity": strconv.Itoa(s.Capacity)}
}

// editSession opens the edit form of a session, filled with its values.
func (b *Bot) editSession(ctx context.Context, t *turn, coach *core.Coach) error {
	id, r, err := b.buttonRoster(ctx, t, coach)
	if err != nil {
		return err
	}
	return b.startForm(ctx, t, coach, "se", strconv.FormatInt(id, 10), sessionDraft(r.Session))
}

// buttonRoster reads the coach's session named by the button's first
// argument, the start of the edit, move and cancel buttons.
func (b *Bot) buttonRoster(ctx context.Context, t *turn, coach *core.Coach) (int64, *core.Roster, error) {
	id, err := t.cb.argID(0)
	if err != nil {
		return 0, nil, err
	}
	r, err := b.svc.Coaching.Roster(ctx, coach.ID, id)
	return id, r, err
}

// draftID reads the id of the object a form or prompt is about.
func draftID(d map[string]string, key string) (int64, error) {
	id, err := strconv.ParseInt(d[key], 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrStaleButton
	}
	return id, nil
}

// textField is a free-text field ("-" empties it).
func textField(max int) func(string) (string, error) {
	return func(typed string) (string, error) {
		if typed == "-" || typed == "—" {
			return "", nil
		}
		if len([]rune(typed)) > max {
			return "", core.NewError(core.EINVALID, "err.parse.too_long", "Keep it under {Max} characters.", "Max", max)
		}
		return typed, nil
	}
}

// linkField is a video or document link ("-" empties it).
func linkField(typed string) (string, error) {
	if typed == "-" || typed == "—" {
		return "", nil
	}
	return core.CheckLink(typed)
}

// showMoney renders a stored Money.String() for the reader.
func (t *turn) showMoney(v string) string {
	if m, ok := parseMoney(v); ok {
		if m.IsZero() {
			return "0"
		}
		return t.money(m)
	}
	return v
}

// sessionForm is a coach's edit screen of one session: time, place, link, price,
// notes, status; Save tells nobody, Save and notify tells each client.
func (b *Bot) sessionForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) (*coachForm, error) {
	id, err := draftID(c.Data, "id")
	if err != nil {
		return nil, err
	}
	loc := coachLoc(coach)
	cur, _ := time.Parse(time.RFC3339, c.Data["f.start"])
	currency := "EUR"
	if m, ok := parseMoney(c.Data["f.price"]); ok && m.Currency != "" {
		currency = m.Currency
	}
	statuses := []formChoice{}
	for _, s := range []core.SessionStatus{core.SessionScheduled, core.SessionCompleted, core.SessionCancelled} {
		statuses = append(statuses, formChoice{string(s), b.t(t, "cs.status."+string(s))})
	}
	save := func(notify bool) func(context.Context, *turn, *core.Coach, *core.Conversation) error {
		return func(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error {
			return b.saveSession(ctx, t, coach, id, c.Data, notify)
		}
	}
	var seats []formField
	if n, _ := strconv.Atoi(c.Data["f.capacity"]); n > 1 {
		// A group session's seats; a 1:1 keeps its one.
		seats = append(seats, formField{key: "capacity", label: b.t(t, "ty.capacity"), hint: b.t(t, "se.capacity_hint"), parse: countField(2, 1000)})
	}
	return &coachForm{
		title: b.t(t, "se.title", "ID", id),
		fields: append([]formField{
			{key: "start", label: b.t(t, "se.time"), hint: b.t(t, "se.time_hint"),
				parse: func(s string) (string, error) {
					at, err := parseWhen(s, t.now, loc, cur)
					return at.UTC().Format(time.RFC3339), err
				},
				show: func(v string) string {
					at, err := time.Parse(time.RFC3339, v)
					if err != nil {
						return v
					}
					return t.coachWhen(coach, at)
				}},
			{key: "place", label: b.t(t, "se.place"), hint: b.t(t, "se.text_hint"), parse: textField(200)},
			{key: "link", label: b.t(t, "se.link"), hint: b.t(t, "se.link_hint"), parse: linkField},
			{key: "price", label: b.t(t, "se.price"), hint: b.t(t, "se.price_hint"), show: t.showMoney,
				parse: func(s string) (string, error) {
					m, err := parseAmount(s, currency)
					return m.String(), err
				}},
			{key: "notes", label: b.t(t, "se.notes"), hint: b.t(t, "se.text_hint"), parse: textField(1000)},
			{key: "status", label: b.t(t, "se.status"), choices: statuses,
				show: func(v string) string { return b.t(t, "cs.status."+v) }},
		}, seats...),
		actions: []formAction{{b.t(t, "se.save"), save(false)}, {b.t(t, "se.save_notify"), save(true)}},
		back:    btn(b.t(t, "se.back"), actSessionCard, id36(id)),
	}, nil
}

// saveSession sends what the draft changed to EditSession.
func (b *Bot) saveSession(ctx context.Context, t *turn, coach *core.Coach, id int64, d map[string]string, notify bool) error {
	r, err := b.svc.Coaching.Roster(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	old := sessionDraft(r.Session)
	var edit core.SessionEdit
	changed := false
	str := func(key string) *string {
		v := d["f."+key]
		if v == old[key] {
			return nil
		}
		changed = true
		return &v
	}
	if v := d["f.start"]; v != old["start"] {
		at, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return ErrStaleButton
		}
		edit.Start, changed = &at, true
	}
	edit.Place, edit.Link, edit.Notes = str("place"), str("link"), str("notes")
	if v := d["f.price"]; v != old["price"] {
		m, ok := parseMoney(v)
		if !ok {
			return ErrStaleButton
		}
		edit.Price, changed = &m, true
	}
	if v := d["f.capacity"]; v != "" && v != old["capacity"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			return ErrStaleButton
		}
		edit.Capacity, changed = &n, true
	}
	if v := d["f.status"]; v != old["status"] {
		st := core.SessionStatus(v)
		edit.Status, changed = &st, true
	}
	if !changed {
		return b.showSession(ctx, t, coach, id, b.t(t, "se.unchanged"))
	}
	told := len(r.Seated) + len(r.Waitlist)
	cancelled := b.cancelledText(t, coach, r)
	if _, err := b.svc.Catalog.EditSession(ctx, coach.ID, id, edit, notify); err != nil {
		return err
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	lead := b.t(t, "se.saved")
	switch {
	case edit.Status != nil && *edit.Status == core.SessionCancelled:
		lead = cancelled
	case edit.Status != nil:
		lead = b.t(t, "se.completed")
	case notify:
		lead = b.t(t, "se.saved_notified", "Count", told)
	}
	return b.showSession(ctx, t, coach, id, lead)
}

// moveSession asks for a session's new time.
func (b *Bot) moveSession(ctx context.Context, t *turn, coach *core.Coach) error {
	id, r, err := b.buttonRoster(ctx, t, coach)
	if err != nil {
		return err
	}
	return b.prompt(ctx, t, "move", map[string]string{"session": strconv.FormatInt(id, 10)},
		b.t(t, "move.ask", "Type", r.Type.Name, "Start", t.coachWhen(coach, r.Session.Start)), backRows(btn(b.t(t, "se.back"), actSessionCard, id36(id))))
}

// typedMove moves the session to the typed time.
func (b *Bot) typedMove(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	id, err := draftID(c.Data, "session")
	if err != nil {
		return err
	}
	return b.moveTo(ctx, t, coach, id, typed, b.t(t, "move.hint"))
}

// moveTo reads a new time (a time alone stays on the session's day) and
// moves the session there.
func (b *Bot) moveTo(ctx context.Context, t *turn, coach *core.Coach, id int64, typed, hint string) error {
	r, err := b.svc.Coaching.Roster(ctx, coach.ID, id)
	if err != nil {
		return b.reprompt(t, err, hint)
	}
	at, err := parseWhen(typed, t.now, coachLoc(coach), r.Session.Start)
	if err != nil {
		return b.reprompt(t, err, hint)
	}
	sess, told, err := b.svc.Admin.MoveSession(ctx, coach.ID, id, at)
	if err != nil {
		return b.reprompt(t, err, hint)
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	return b.showSession(ctx, t, coach, id, b.t(t, "move.done", "Count", told, "Start", t.coachWhen(coach, sess.Start)))
}

// moveCommand is "/move <session> <new time>", or asks for both.
func (b *Bot) moveCommand(ctx context.Context, t *turn, coach *core.Coach) error {
	if strings.TrimSpace(t.req.Args) == "" {
		return b.prompt(ctx, t, "movecmd", nil, b.t(t, "move.ask_both"), backRows(b.backToMenu(t)))
	}
	return b.typedMoveCommand(ctx, t, coach, nil, t.req.Args)
}

// typedMoveCommand reads "<session> <new time>".
func (b *Bot) typedMoveCommand(ctx context.Context, t *turn, coach *core.Coach, _ *core.Conversation, typed string) error {
	first, rest, _ := strings.Cut(strings.TrimSpace(typed), " ")
	id, err := strconv.ParseInt(strings.TrimPrefix(first, "#"), 10, 64)
	if err != nil || id <= 0 || strings.TrimSpace(rest) == "" {
		return b.prompt(ctx, t, "movecmd", nil, b.t(t, "move.ask_both"), backRows(b.backToMenu(t)))
	}
	if _, err := b.svc.Coaching.Roster(ctx, coach.ID, id); err != nil {
		// No such session of this coach: both are asked again, as a
		// retry of the time alone could never succeed.
		if _, aerr := b.await(ctx, t, "movecmd", nil); aerr != nil {
			return aerr
		}
		return b.reprompt(t, err, b.t(t, "move.ask_both"))
	}
	// From here a retry needs only the time.
	if _, err := b.await(ctx, t, "move", map[string]string{"session": strconv.FormatInt(id, 10)}); err != nil {
		return err
	}
	return b.moveTo(ctx, t, coach, id, rest, b.t(t, "move.hint"))
}

// shareSession asks for a link to share with a session's clients, or
// with one client of a 1:1.
func (b *Bot) shareSession(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	data := map[string]string{"session": strconv.FormatInt(id, 10)}
	if len(t.cb.Args) > 1 {
		client, err := t.cb.argID(1)
		if err != nil {
			return err
		}
		data["client"] = strconv.FormatInt(client, 10)
	}
	r, err := b.svc.Coaching.Roster(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	return b.prompt(ctx, t, "share", data, b.t(t, "share.ask", "Type", r.Type.Name, "Start", t.coachWhen(coach, r.Session.Start)),
		backRows(btn(b.t(t, "se.back"), actSessionCard, id36(id))))
}

// typedShare shares the typed link.
func (b *Bot) typedShare(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	id, err := draftID(c.Data, "session")
	if err != nil {
		return err
	}
	client, _ := draftID(c.Data, "client")
	return b.share(ctx, t, coach, id, client, typed)
}

// share sends a link, with the title typed after it, or the attached file
// with what was typed as its caption, and shows where it went.
func (b *Bot) share(ctx context.Context, t *turn, coach *core.Coach, id, client int64, typed string) error {
	if t.req.Attachment != nil {
		return b.shareFile(ctx, t, coach, id, client, typed) // booking_attachment.go
	}
	link, title := strings.TrimSpace(typed), ""
	if i := strings.IndexFunc(link, unicode.IsSpace); i >= 0 { // a title after a space or on the next line
		link, title = link[:i], link[i+1:]
	}
	n, err := b.svc.Coaching.ShareLink(ctx, core.ShareRequest{CoachID: coach.ID, SessionID: id, ClientID: client, URL: link, Title: title})
	if err != nil {
		return b.reprompt(t, err, b.t(t, "share.hint"))
	}
	return b.shared(ctx, t, coach, id, client, n)
}

// shared ends a share: the flow is over, and the coach sees where the
// link or file went (the client's card, else the session's) and to how
// many people.
func (b *Bot) shared(ctx context.Context, t *turn, coach *core.Coach, id, client int64, n int) error {
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	lead := b.t(t, "share.done", "Count", n)
	if client != 0 {
		return b.showClient(ctx, t, coach, client, lead)
	}
	return b.showSession(ctx, t, coach, id, lead)
}

// shareCommand is "/share <session> <link>".
func (b *Bot) shareCommand(ctx context.Context, t *turn, coach *core.Coach) error {
	first, rest, _ := strings.Cut(strings.TrimSpace(t.req.Args), " ")
	id, err := strconv.ParseInt(strings.TrimPrefix(first, "#"), 10, 64)
	if err != nil || id <= 0 || (strings.TrimSpace(rest) == "" && t.req.Attachment == nil) {
		t.say(b.t(t, "share.usage"), row(b.backToMenu(t)))
		return nil
	}
	if _, err := b.await(ctx, t, "share", map[string]string{"session": strconv.FormatInt(id, 10)}); err != nil {
		return err
	}
	return b.share(ctx, t, coach, id, 0, rest)
}

// bookInSession asks whom to book into a session.
func (b *Bot) bookInSession(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	if _, err := b.svc.Coaching.Roster(ctx, coach.ID, id); err != nil {
		return err
	}
	return b.prompt(ctx, t, "bookin", map[string]string{"session": strconv.FormatInt(id, 10)}, b.t(t, "bookin.ask"),
		backRows(btn(b.t(t, "se.back"), actSessionCard, id36(id))))
}

// typedBookIn offers the clients matching the typed name.
func (b *Bot) typedBookIn(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	id, err := draftID(c.Data, "session")
	if err != nil {
		return err
	}
	found, err := b.svc.Coaching.FindClients(ctx, coach.ID, typed, maxFound)
	if err != nil {
		return err
	}
	back := btn(b.t(t, "se.back"), actSessionCard, id36(id))
	if len(found) == 0 {
		return b.reprompt(t, b.refusal(core.ENOTFOUND, "clients.none", "Query", typed), b.t(t, "bookin.ask"), row(back))
	}
	var rows [][]Button
	for _, cl := range found {
		rows = append(rows, row(btn(cl.Name, actSessionBookClient, id36(id), id36(cl.ID))))
	}
	rows = append(rows, row(back))
	t.say(b.t(t, "bookin.pick"), rows...)
	t.replies[len(t.replies)-1].ExpectText = true
	return nil
}

// bookClientIn books a client into the session by the coach's hand (the
// booking deadline is waived); the core checks the session is theirs.
func (b *Bot) bookClientIn(ctx context.Context, t *turn, coach *core.Coach) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	client, err := t.cb.argID(1)
	if err != nil {
		return err
	}
	res, err := b.svc.Bookings.Book(ctx, core.BookRequest{ClientID: client, SessionID: id, CoachID: coach.ID})
	if core.ErrorCode(err) == core.ECONFLICT {
		return b.showSession(ctx, t, coach, id, b.t(t, "bookin.already"))
	}
	if err != nil {
		return err
	}
	if err := b.reset(ctx, t); err != nil {
		return err
	}
	var lead string
	switch res.Booking.Status {
	case core.BookingWaitlisted:
		lead = b.t(t, "bookin.waitlisted", "Position", res.Position)
	default:
		switch {
		case res.Pass != nil:
			lead = b.t(t, "bookin.confirmed_pass", "Pass", res.Pass.Name)
		case res.Payment != nil && res.Payment.Status == core.PaymentPending:
			lead = b.t(t, "bookin.due", "Amount", t.money(res.Payment.Amount))
		default:
			lead = b.t(t, "bookin.confirmed")
		}
	}
	return b.showSession(ctx, t, coach, id, lead)
}

// cancelSession asks why, before cancelling a session for everyone.
func (b *Bot) cancelSession(ctx context.Context, t *turn, coach *core.Coach) error {
	id, r, err := b.buttonRoster(ctx, t, coach)
	if err != nil {
		return err
	}
	data := map[string]string{"session": strconv.FormatInt(id, 10), "confirm": "cancelsession"}
	return b.prompt(ctx, t, "reason", data, b.t(t, "cx.ask", "Type", r.Type.Name, "Start", t.coachWhen(coach, r.Session.Start)),
		func(s string) [][]Button {
			return [][]Button{row(btn(b.t(t, "cx.no_reason"), actConfirmYes, s)), row(btn(b.t(t, "cx.keep"), actSessionCard, id36(id)))}
		})
}

// typedCancelReason shows what cancelling does, with the reason, and asks
// to confirm.
func (b *Bot) typedCancelReason(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error {
	id, err := draftID(c.Data, "session")
	if err != nil {
		return err
	}
	r, err := b.svc.Coaching.Roster(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	c.Data["reason"] = typed
	text := b.t(t, "cx.confirm", "Count", len(r.Seated)+len(r.Waitlist), "Type", r.Type.Name, "Start", t.coachWhen(coach, r.Session.Start), "Reason", typed)
	return b.askConfirm(ctx, t, c, "cancelsession", text, b.t(t, "cx.yes"), btn(b.t(t, "cx.keep"), actSessionCard, id36(id)))
}

// confirmCancelSession cancels: everyone told, credits returned, payments
// marked for refund.
func (b *Bot) confirmCancelSession(ctx context.Context, t *turn, coach *core.Coach, d map[string]string) error {
	id, err := draftID(d, "session")
	if err != nil {
		return err
	}
	r, err := b.svc.Coaching.Roster(ctx, coach.ID, id)
	if err != nil {
		return err
	}
	text := b.cancelledText(t, coach, r)
	if _, err := b.svc.Bookings.CancelSession(ctx, coach.ID, id, d["reason"]); err != nil {
		return err
	}
	return b.showSession(ctx, t, coach, id, text)
}

// cancelCounts are the credits that go back and the payments to refund
// when the coach cancels the roster's session.
func cancelCounts(t *turn, coach *core.Coach, r *core.Roster) (credits, refunds int) {
	for _, l := range slices.Concat(r.Seated, r.Waitlist) {
		out := core.CancelConsequence(coach.Policy, t.now, r.Session, l.Booking, l.Payment, true)
		credits += out.CreditsReturned
		if !out.Refund.IsZero() {
			refunds++
		}
	}
	return credits, refunds
}

// cancelledText says what cancelling the roster's session does, read
// before it is done: who is told, and only when there are any, the
// credits that go back and the payments to refund.
func (b *Bot) cancelledText(t *turn, coach *core.Coach, r *core.Roster) string {
	told := len(r.Seated) + len(r.Waitlist)
	if told == 0 {
		return b.t(t, "cs.cancelled_nobody")
	}
	credits, refunds := cancelCounts(t, coach, r)
	text := b.t(t, "cs.cancelled_told", "Count", told)
	if credits > 0 {
		text += " " + b.t(t, "cs.cancelled_credits", "Count", credits)
	}
	if refunds > 0 {
		text += " " + b.t(t, "cs.cancelled_refunds", "Count", refunds)
	}
	return text
}
