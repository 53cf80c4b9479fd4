package core

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"
)

// maxSessionLinks bounds the documents and links of one session.
const maxSessionLinks = 20

// ShareRequest is a coach sharing a document or link with the people of a
// session, or with one client of a 1:1.
type ShareRequest struct {
	CoachID   int64
	SessionID int64
	ClientID  int64 // 0: everyone booked; else only this client (1:1 sessions only)
	URL       string
	Title     string // what the coach wrote after the link, e.g. "Week 1 plan"; may be empty
}

// CheckLink reads a link a coach typed: an absolute http or https URL
// without spaces, at most 1,000 characters. Errors: EINVALID.
func CheckLink(typed string) (string, error) {
	s := strings.TrimSpace(typed)
	u, err := url.Parse(s)
	if err != nil || len(s) > 1000 || strings.ContainsAny(s, " \t\n") || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", NewError(EINVALID, "err.docs.link_https", "Send a link starting with https:// (a shared PDF, a video, a document).")
	}
	return s, nil
}

// ShareLink adds a link to a session's documents, where its clients find
// it again under their booking, and sends it to each client booked (or
// to the one client named): one NoticeDocument each. It returns how many
// were told. Errors: EINVALID (not a link, a cancelled session, a client
// not booked in it, a group session for one client, too many links),
// ENOTFOUND, EUNAUTHORIZED (another coach's session).
func (s *Coaching) ShareLink(ctx context.Context, req ShareRequest) (int, error) {
	link, err := CheckLink(req.URL)
	if err != nil {
		return 0, err
	}
	note := cleanNote(req.Title)
	return s.share(ctx, req.CoachID, req.SessionID, req.ClientID, WithNote(link, note), withNote(map[string]string{"url": link}, note))
}

// withNote adds the coach's words to a NoticeDocument's data, if any.
func withNote(data map[string]string, note string) map[string]string {
	if note != "" {
		data["note"] = note
	}
	return data
}

// maxNote bounds the words a coach sends with a shared link or file.
const maxNote = 300

// cleanNote makes the words sent with a shared link or file one line of
// at most maxNote characters.
func cleanNote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxNote {
		s = strings.TrimSpace(string(r[:maxNote-1])) + "…"
	}
	return s
}

// WithNote is the Session.Links entry of a link or file (DocLink) with
// the words the coach sent with it: the entry, a space, the words. Links
// and file references hold no space, so SplitNote finds the words again.
func WithNote(entry, note string) string {
	if note == "" {
		return entry
	}
	return entry + " " + note
}

// SplitNote separates a Session.Links entry into the link or file
// (DocLink) and the words sent with it, "" when none; an entry that is
// neither stays whole.
func SplitNote(entry string) (item, note string) {
	from := 0
	switch {
	case strings.HasPrefix(entry, docPrefix):
		// A file's name may hold spaces; its reference, after "|", never.
		if i := strings.IndexByte(entry, '|'); i >= 0 {
			from = i
		}
	case !strings.HasPrefix(entry, "https://") && !strings.HasPrefix(entry, "http://"):
		return entry, "" // text kept as it was written
	}
	i := strings.IndexByte(entry[from:], ' ')
	if i < 0 {
		return entry, ""
	}
	return entry[:from+i], strings.TrimSpace(entry[from+i+1:])
}

// share adds entry to a session's documents (once) and tells each client
// booked, or the one client named, with a NoticeDocument carrying data:
// what ShareLink and ShareFile have in common. It returns how many were
// told.
func (s *Coaching) share(ctx context.Context, coachID, sessionID, clientID int64, entry string, data map[string]string) (int, error) {
	told := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		sess, err := tx.LockSession(sessionID)
		if err != nil {
			return err
		}
		switch {
		case sess.CoachID != coachID:
			return NewError(EUNAUTHORIZED, "err.session.other_coach", "That session belongs to another coach.")
		case sess.Status == SessionCancelled:
			return NewError(EINVALID, "err.docs.session_cancelled", "That session was cancelled.")
		case clientID != 0 && sess.Capacity > 1:
			return NewError(EINVALID, "err.docs.group_session", "That is a group session: share the link with the whole session instead.")
		}
		statuses := append(slices.Clone(ActiveStatuses), BookingCompleted, BookingNoShow)
		bs, err := tx.Bookings(BookingFilter{SessionID: sess.ID, Statuses: statuses})
		if err != nil {
			return err
		}
		if clientID != 0 {
			bs = slices.DeleteFunc(bs, func(b *Booking) bool { return b.ClientID != clientID })
			if len(bs) == 0 {
				return NewError(EINVALID, "err.docs.client_not_booked", "That client is not booked in this session.")
			}
		}
		item, _ := SplitNote(entry)
		at := slices.IndexFunc(sess.Links, func(l string) bool { l, _ = SplitNote(l); return l == item })
		changed := true
		switch {
		case at >= 0 && sess.Links[at] == entry:
			changed = false
		case at >= 0:
			sess.Links[at] = entry // the same link again, with other words
		case len(sess.Links) >= maxSessionLinks:
			return NewError(EINVALID, "err.docs.too_many_links", "A session holds at most 20 links.")
		default:
			sess.Links = append(sess.Links, entry)
		}
		if changed {
			if err := tx.UpdateSession(sess); err != nil {
				return err
			}
		}
		told = len(bs)
		for _, b := range bs {
			if err := notifyClient(tx, now, NoticeDocument, b, data); err != nil {
				return err
			}
		}
		return nil
	})
	return told, err
}
