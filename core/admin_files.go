package core

import (
	"context"
	"strings"
	"unicode/utf8"
)

// docPrefix marks a Session.Links entry that is a file, not a web link:
// "doc:<name>|<ref>", so a file lives beside the links it is listed with.
const docPrefix = "doc:"

// ShareFileRequest is a coach sharing a file (a PDF plan, a photo) with
// the people of a session, or with one client of a 1:1. Ref is how the
// chat platform the file came from sends it again: "tg:<file_id>" for
// Telegram, an https URL for Discord, "file:<path>" for the console.
type ShareFileRequest struct {
	CoachID   int64
	SessionID int64
	ClientID  int64 // 0: everyone booked; else only this client (1:1 sessions only)
	Name      string
	Ref       string
	Caption   string // what the coach wrote with the file; may be empty
}

// DocLink is the Session.Links entry of a file shared under a session.
func DocLink(name, ref string) string { return docPrefix + name + "|" + ref }

// ParseDocLink reads a Session.Links entry written by DocLink, words sent
// with it (WithNote) left out; ok is false for a plain web link.
func ParseDocLink(entry string) (name, ref string, ok bool) {
	entry, _ = SplitNote(entry)
	rest, ok := strings.CutPrefix(entry, docPrefix)
	if !ok {
		return "", "", false
	}
	name, ref, ok = strings.Cut(rest, "|")
	if !ok || ref == "" {
		return "", "", false
	}
	return name, ref, true
}

// checkFile cleans a shared file's name and checks its reference: a
// known kind, no spaces or control characters, bounded. Errors: EINVALID.
func checkFile(name, ref string) (string, string, error) {
	name = strings.Map(func(r rune) rune {
		if r == '|' || r < ' ' || r == 0x7f {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = "document"
	}
	if utf8.RuneCountInString(name) > 120 {
		name = string([]rune(name)[:120])
	}
	known := strings.HasPrefix(ref, "tg:") || strings.HasPrefix(ref, "file:") || strings.HasPrefix(ref, "https://")
	if !known || len(ref) <= len("tg:") || len(ref) > 1000 || strings.ContainsAny(ref, " \t\r\n|") {
		return "", "", NewError(EINVALID, "err.docs.file_elsewhere", "That file cannot be shared from here; send a link instead.")
	}
	return name, ref, nil
}

// ShareFile adds a file to a session's documents, where its clients find
// it again under their booking, and sends it to each client booked (or
// to the one client named): one NoticeDocument each, with Data "name"
// and "ref". It returns how many were told. Errors: EINVALID (a bad
// reference, a cancelled session, a client not booked in it, a group
// session for one client, too many documents), ENOTFOUND, EUNAUTHORIZED
// (another coach's session).
func (s *Coaching) ShareFile(ctx context.Context, req ShareFileRequest) (int, error) {
	name, ref, err := checkFile(req.Name, req.Ref)
	if err != nil {
		return 0, err
	}
	note := cleanNote(req.Caption)
	return s.share(ctx, req.CoachID, req.SessionID, req.ClientID, WithNote(DocLink(name, ref), note),
		withNote(map[string]string{"name": name, "ref": ref}, note))
}
