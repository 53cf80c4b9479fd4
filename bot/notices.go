package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Outbox notices (reminders, promotions, offers, cancellations, receipts,
// coach alerts) are written by core in the transaction that caused them
// and sent later by the scheduler, which asks RenderNotice for the words
// and buttons — one Delivery per chat account of the recipient, in their
// language and zone. Texts are in notices_texts.go, one renderer per kind
// in notices_render.go, the Accept/Pass buttons of offers in
// notices_offer.go.

// Delivery is a rendered notice for one chat account of its recipient.
type Delivery struct {
	Account core.Account
	Reply   Reply
}

// ErrUnreachable is what senders wrap when the platform says the person
// blocked the bot or closed their DMs (Telegram 403, Discord 50007): a
// permanent error for that account, which is then marked unreachable.
var ErrUnreachable = errors.New("bot: recipient unreachable")

// RetryAfterError is what a sender returns when the platform asks it to
// slow down (Telegram's 429 with retry_after, Discord's 429): the
// scheduler holds every send to that platform for After and tries the
// notice again then, without counting a failed attempt. Return it as a
// value or a pointer, wrapped or not.
type RetryAfterError struct {
	After time.Duration
}

// Error says how long the platform asked to wait.
func (e RetryAfterError) Error() string {
	return "bot: rate limited by the platform; retry after " + e.After.String()
}

// RetryAfter reports the wait a RetryAfterError in err's chain asks for.
func RetryAfter(err error) (time.Duration, bool) {
	var v RetryAfterError
	if errors.As(err, &v) {
		return v.After, true
	}
	var p *RetryAfterError
	if errors.As(err, &p) && p != nil {
		return p.After, true
	}
	return 0, false
}

// ErrObsolete is returned by RenderNotice for a notice that is no longer
// true when its time comes — a reminder of a booking cancelled meanwhile,
// an offer already answered, a pass since used up — so the scheduler
// withdraws it instead of sending it.
var ErrObsolete = errors.New("bot: notice no longer applies")

// noticeCtx is everything one notice's words need, read in one
// transaction: the recipient and where to reach them, and the rows the
// notice is about.
type noticeCtx struct {
	n        *core.Notice
	cat      *catalog
	to       *core.Client // the recipient's person record
	accounts []*core.Account
	lang     string
	loc      *time.Location
	now      time.Time
	coach    *core.Coach // the session's, or the recipient coach
	sess     *core.Session
	typ      *core.SessionType
	booking  *core.Booking
	subject  *core.Client // the client a coach notice is about
	payment  *core.Payment
	due      *core.Payment // the amount the booking still owes at its session, if any
	payable  []payableItem // bookings a new pass can pay (pass_granted's "payable")
	pass     *core.Pass
	agenda   []agendaItem // the day's sessions, for the morning digest
}

// agendaItem is one session of a coach's day with its attendance.
type agendaItem struct {
	sess    *core.Session
	typ     *core.SessionType
	taken   int
	waiting int
	names   []string // who holds the seats, for 1:1s
}

// RenderNotice turns an outbox notice into one Delivery per reachable
// account of the recipient (the client, or the coach's person record via
// Coach.ClientID); none if unreachable everywhere. It returns ErrObsolete
// for a notice that should no longer be sent, and any store error as is.
// Channel notices (core.ToChannel) are not rendered here: see
// DeliverChannelNotice.
func (b *Bot) RenderNotice(ctx context.Context, n *core.Notice) ([]Delivery, error) {
	var nc *noticeCtx
	// A notice's text needs no snapshot: Browse spares View's BEGIN and
	// COMMIT, two round trips of each notice sent.
	err := b.svc.Outbox.NoticeReads(ctx, func(tx core.NoticeReadTx) (err error) {
		nc, err = b.loadNotice(tx, n)
		return err
	})
	if core.ErrorCode(err) == core.ENOTFOUND {
		return nil, ErrObsolete // what it speaks of is gone
	}
	if err != nil || nc == nil {
		return nil, err
	}
	text, rows, err := b.renderNotice(nc)
	if err != nil {
		return nil, err
	}
	var out []Delivery
	for _, a := range nc.accounts {
		out = append(out, Delivery{Account: *a, Reply: Reply{Text: text, Buttons: rows, ChatID: a.ChatID,
			Document: fileDocument(a.Platform, n.Data["name"], n.Data["ref"])}}) // a shared file (booking_attachment.go)
	}
	return out, nil
}

// loadNotice reads the recipient and subject of n; nil when the recipient
// has no chat at all.
func (b *Bot) loadNotice(tx core.NoticeReadTx, n *core.Notice) (*noticeCtx, error) {
	nc := &noticeCtx{n: n, cat: b.cat, now: b.clock.Now(), loc: time.UTC}
	var err error
	switch n.ToKind {
	case core.ToClient:
		if err := tx.ReadAhead(noticeReadAhead(n, n.ToID)); err != nil {
			return nil, err
		}
		if nc.to, err = tx.Client(n.ToID); err != nil {
			return nil, err
		}
	case core.ToCoach:
		if nc.coach, err = tx.Coach(n.ToID); err != nil { // the catalog: kept in memory
			return nil, err
		}
		if nc.coach.ClientID == 0 {
			return nil, nil // a coach with no chat account yet
		}
		if err := tx.ReadAhead(noticeReadAhead(n, nc.coach.ClientID)); err != nil {
			return nil, err
		}
		if nc.to, err = tx.Client(nc.coach.ClientID); err != nil {
			return nil, err
		}
	default:
		return nil, core.NewError(core.EINVALID, "error.internal", fmt.Sprintf("notice %d: recipient kind %q is not rendered here", n.ID, n.ToKind))
	}
	accs, err := tx.Accounts(nc.to.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range accs {
		if !a.Unreachable && a.ChatID != "" {
			nc.accounts = append(nc.accounts, a)
		}
	}
	if len(nc.accounts) == 0 {
		return nil, nil
	}
	if err := nc.loadSubject(tx); err != nil {
		return nil, err
	}
	nc.lang = Language(nc.to.Language)
	zone := nc.to.Zone
	if zone == "" && nc.coach != nil {
		zone = nc.coach.Zone
	}
	if loc, err := b.zones.Load(zone); err == nil {
		nc.loc = loc
	}
	if n.Kind == core.NoticeCoachAgenda {
		return nc, nc.loadAgenda(tx)
	}
	return nc, nil
}

// noticeReadAhead names the rows loadNotice reads for n whose ids it
// knows before reading any (to is the recipient's client id): the
// recipient and their accounts, the session, booking, payment, pass and
// client n names. A store reads them in one round trip where each read
// is one.
func noticeReadAhead(n *core.Notice, to int64) core.ReadAhead {
	r := core.ReadAhead{Clients: []int64{to}, AccountsOf: []int64{to}}
	if n.SessionID != 0 {
		r.Sessions = []int64{n.SessionID}
	}
	if n.BookingID != 0 {
		r.Bookings = []int64{n.BookingID}
	}
	if id := dataID(n, "payment_id"); id != 0 {
		r.Payments = []int64{id}
	}
	if id := dataID(n, "pass_id"); id != 0 {
		r.Passes = []int64{id}
	}
	if id := dataID(n, "client_id"); id != 0 && id != to {
		r.Clients = append(r.Clients, id)
	}
	return r
}

// loadSubject reads the session, booking, payment, pass and client the
// notice names.
func (nc *noticeCtx) loadSubject(tx core.NoticeReadTx) error {
	n := nc.n
	var err error
	if n.SessionID != 0 {
		if nc.sess, err = tx.Session(n.SessionID); err != nil {
			return err
		}
		if nc.typ, err = tx.SessionType(nc.sess.TypeID); err != nil {
			return err
		}
		if nc.coach == nil || nc.coach.ID != nc.sess.CoachID {
			if nc.coach, err = tx.Coach(nc.sess.CoachID); err != nil {
				return err
			}
		}
	}
	if n.BookingID != 0 {
		if nc.booking, err = tx.Booking(n.BookingID); err != nil {
			return err
		}
	}
	if id := dataID(n, "payment_id"); id != 0 {
		if nc.payment, err = tx.Payment(id); err != nil {
			return err
		}
	}
	if bk := nc.booking; bk != nil && bk.PaymentID != 0 && (bk.Status == core.BookingConfirmed || bk.Status == core.BookingCompleted) {
		p := nc.payment
		if p == nil || p.ID != bk.PaymentID {
			if p, err = tx.Payment(bk.PaymentID); err != nil {
				return err
			}
		}
		if p.Status == core.PaymentPending {
			nc.due = p
		}
	}
	if err := nc.loadPayable(tx); err != nil {
		return err
	}
	if id := dataID(n, "pass_id"); id != 0 {
		if nc.pass, err = tx.Pass(id); err != nil {
			return err
		}
	}
	passID := int64(0) // the pass the notice is about: bought, or paying the booking
	switch {
	case nc.pass != nil:
	case nc.payment != nil && nc.payment.PassID != 0:
		passID = nc.payment.PassID
	case nc.booking != nil:
		passID = nc.booking.PassID
	}
	if passID != 0 {
		if nc.pass, err = tx.Pass(passID); err != nil {
			return err
		}
	}
	if id := dataID(n, "client_id"); id != 0 {
		if nc.subject, err = tx.Client(id); err != nil {
			return err
		}
	} else if nc.payment != nil && n.ToKind == core.ToCoach {
		if nc.subject, err = tx.Client(nc.payment.ClientID); err != nil {
			return err
		}
	}
	if nc.coach == nil {
		id := int64(0)
		switch {
		case nc.payment != nil:
			id = nc.payment.CoachID
		case nc.pass != nil:
			id = nc.pass.CoachID
		default:
			id = dataID(n, "coach_id") // a notice of no booking, payment or pass
		}
		if id != 0 {
			if nc.coach, err = tx.Coach(id); err != nil {
				return err
			}
		}
	}
	return nil
}

// payableItem is a booking waiting for money that a new pass can pay,
// with what names it on a button.
type payableItem struct {
	booking *core.Booking
	sess    *core.Session
	typ     *core.SessionType
}

// maxPayable bounds the one-tap buttons a pass notice offers.
const maxPayable = 3

// loadPayable reads the bookings a pass notice names as payable with the
// pass, keeping those still waiting for their money now.
func (nc *noticeCtx) loadPayable(tx core.NoticeReadTx) error {
	list := nc.n.Data["payable"]
	if list == "" {
		return nil
	}
	for _, f := range strings.Split(list, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || len(nc.payable) == maxPayable {
			continue
		}
		bk, err := tx.Booking(id)
		if core.ErrorCode(err) == core.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if bk.PaymentID == 0 || (bk.Status != core.BookingConfirmed && bk.Status != core.BookingPendingPayment) {
			continue
		}
		p, err := tx.Payment(bk.PaymentID)
		if err != nil {
			return err
		}
		sess, err := tx.Session(bk.SessionID)
		if err != nil {
			return err
		}
		if p.Status != core.PaymentPending || !nc.now.Before(sess.Start) {
			continue
		}
		typ, err := tx.SessionType(sess.TypeID)
		if err != nil {
			return err
		}
		nc.payable = append(nc.payable, payableItem{booking: bk, sess: sess, typ: typ})
	}
	return nil
}

// loadAgenda reads the coach's sessions of the digest's day.
func (nc *noticeCtx) loadAgenda(tx core.NoticeReadTx) error {
	loc, err := core.LoadZone(nc.coach.Zone)
	if err != nil {
		loc = time.UTC
	}
	day, err := time.ParseInLocation(time.DateOnly, nc.n.Data["day"], loc)
	if err != nil {
		return core.NewError(core.ENOTFOUND, "error.internal", fmt.Sprintf("agenda day %q: %v", nc.n.Data["day"], err))
	}
	nc.loc = loc // the coach's day, in the coach's zone
	ss, err := tx.Sessions(core.SessionFilter{CoachID: nc.coach.ID, From: day.UTC(), To: day.AddDate(0, 0, 1).UTC(),
		Status: core.SessionScheduled})
	if err != nil {
		return err
	}
	types := map[int64]*core.SessionType{}
	for _, s := range ss {
		it := agendaItem{sess: s}
		if it.typ = types[s.TypeID]; it.typ == nil {
			if it.typ, err = tx.SessionType(s.TypeID); err != nil {
				return err
			}
			types[s.TypeID] = it.typ
		}
		bs, err := tx.Bookings(core.BookingFilter{SessionID: s.ID, Statuses: core.ActiveStatuses})
		if err != nil {
			return err
		}
		for _, bk := range bs {
			if bk.Status == core.BookingWaitlisted {
				it.waiting++
				continue
			}
			it.taken++
			if s.Capacity == 1 {
				c, err := tx.Client(bk.ClientID)
				if err != nil {
					return err
				}
				it.names = append(it.names, c.Name)
			}
		}
		nc.agenda = append(nc.agenda, it)
	}
	return nil
}

// dataID reads an id from a notice's data; 0 when absent or bad.
func dataID(n *core.Notice, key string) int64 {
	id, err := strconv.ParseInt(n.Data[key], 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}
