package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// Files people send: a coach shares one (a PDF plan, a photo) with a
// session or a client, who gets it in a notice and again under the
// booking. The file is never downloaded: the platform keeps it and the
// bot keeps its reference (core.ShareFile), which only some platforms can
// send again; an https reference any platform can show as a link.

// Attachment is a file that came with a request, as the platform that
// holds it names it.
type Attachment struct {
	Name     string // file name, e.g. "plan.pdf"
	MIMEType string
	// Ref is how the same platform sends the file again: "tg:<file_id>"
	// on Telegram, the attachment's https URL on Discord, "file:<path>"
	// on the console.
	Ref string
}

// refUsable tells whether a reply on platform can carry the file ref:
// a platform's own file only there, an https link everywhere.
func refUsable(platform, ref string) bool {
	switch {
	case strings.HasPrefix(ref, "https://"):
		return true
	case strings.HasPrefix(ref, "tg:"):
		return platform == "telegram"
	case strings.HasPrefix(ref, "file:"):
		return platform == "console"
	}
	return false
}

// fileDocument is the document a reply on platform carries for a shared
// file; nil when that platform cannot send it.
func fileDocument(platform, name, ref string) *Document {
	if ref == "" || !refUsable(platform, ref) {
		return nil
	}
	return &Document{Name: name, Ref: ref}
}

// linkLabel is how a Session.Links entry reads in a list: the file's
// name for a shared file, the link itself otherwise, then the words the
// coach sent with it.
func linkLabel(entry string) string {
	item, note := core.SplitNote(entry)
	if name, _, ok := core.ParseDocLink(item); ok {
		item = "📄 " + name
	}
	return withNote(item, note)
}

// withNote shows a shared link or file with the coach's words after it.
func withNote(item, note string) string {
	if note == "" {
		return item
	}
	return item + " — " + note
}

// refuseAttachment answers a file nobody asked for; it returns false
// when the conversation is waiting for one (a coach sharing a document).
func (b *Bot) refuseAttachment(t *turn, c *core.Conversation) bool {
	if t.req.Attachment == nil || (c.Flow == coachFlow && c.Data["await"] == "p.share") {
		return false
	}
	t.say(b.t(t, "file.refused"), row(b.backToMenu(t)))
	return true
}

// shareFile shares the request's attachment, captioned, and shows where
// it went.
func (b *Bot) shareFile(ctx context.Context, t *turn, coach *core.Coach, id, client int64, caption string) error {
	a := t.req.Attachment
	n, err := b.svc.Coaching.ShareFile(ctx, core.ShareFileRequest{CoachID: coach.ID, SessionID: id, ClientID: client, Name: a.Name, Ref: a.Ref,
		Caption: caption})
	if err != nil {
		return b.reprompt(t, err, b.t(t, "share.hint"))
	}
	return b.shared(ctx, t, coach, id, client, n)
}

// fileButtons are the buttons under a booking that send its shared
// files again, one per file.
func (b *Bot) fileButtons(v *core.BookingView) [][]Button {
	var rows [][]Button
	for i, l := range v.Session.Links {
		if name, _, ok := core.ParseDocLink(l); ok {
			rows = append(rows, row(btn("📄 "+name, actSharedFile, id36(v.Booking.ID), strconv.Itoa(i))))
		}
	}
	return rows
}

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actSharedFile = "dg" // dg:<booking>:<index>: a shared file again
)

// sendSharedFile is "dg:<booking>:<index>": the client asks for a file
// shared under their booking again.
func (b *Bot) sendSharedFile(ctx context.Context, t *turn) error {
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	arg, err := t.cb.arg(1)
	if err != nil {
		return err
	}
	i, err := strconv.Atoi(arg)
	if err != nil {
		return ErrStaleButton
	}
	v, err := b.svc.Bookings.MyBooking(ctx, t.client().ID, id)
	if err != nil {
		return err
	}
	if i < 0 || i >= len(v.Session.Links) {
		return ErrStaleButton
	}
	name, ref, ok := core.ParseDocLink(v.Session.Links[i])
	if !ok {
		return ErrStaleButton
	}
	doc := fileDocument(t.req.Platform, name, ref)
	if doc == nil {
		t.say(b.t(t, "file.elsewhere", "File", name), row(btn(b.t(t, "my.btn.back"), actBookingCard, id36(id))))
		return nil
	}
	t.replies = append(t.replies, Reply{Text: "📄 " + name, Document: doc})
	return nil
}
