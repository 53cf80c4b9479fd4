package core

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"
)

// A coach connects their own calendars (Google's "secret address in iCal
// format", Outlook's published ICS link, an iCloud public calendar) by
// pasting the address. Slotbot reads each one every few minutes and keeps
// its busy times, expanded over the coach's booking horizon, in the store,
// so open slots leave them out (with the coach's buffers) as they leave
// out the coach's own sessions. Only start and end are kept: the events'
// titles, places and guests never enter the database.
//
// Reading an address is the job of a CalendarSource (an adapter: the
// fetch over the network and the iCalendar parsing); the rules of what is
// kept, when the coach is told a calendar fails or overlaps a booking,
// live here (calendar_sync.go, calendar_clash.go).

// maxCalendars bounds the calendars of one coach.
const maxCalendars = 10

// maxCalendarName bounds a calendar's name, in characters.
const maxCalendarName = 60

// maxCalendarURL bounds an address, in bytes.
const maxCalendarURL = 2048

// CoachCalendar is one outside calendar a coach connected.
type CoachCalendar struct {
	ID      int64
	CoachID int64
	Name    string // what the coach calls it: "Personal", "Work"
	URL     string // as fetched: webcal:// already turned into https://
	// ETag and LastModified are the validators of the last copy read,
	// sent back so an unchanged calendar costs a 304 and no parsing.
	ETag, LastModified string
	// BusyUntil is how far ahead the stored busy times were expanded: a
	// calendar unchanged for long is read again in full once the horizon
	// has moved past it.
	BusyUntil time.Time
	Busy      int       // busy times stored, as of the last good copy
	LastOK    time.Time // the last good read (a copy or a 304); zero: never
	// FailingSince is the first failed read since the last good one;
	// zero while the calendar reads fine.
	FailingSince time.Time
	Problem      CalendarProblem // the last failure's, while failing
	FailNotified bool            // the coach was told it fails
	Created      time.Time
}

// CalendarProblem says why a calendar could not be read, so the bot can
// word it for the coach in their language.
type CalendarProblem string

// The problems a CalendarSource reports.
const (
	CalendarBadURL      CalendarProblem = "bad_url"     // not an address
	CalendarScheme      CalendarProblem = "scheme"      // not http, https or webcal (file:, ftp:)
	CalendarPrivate     CalendarProblem = "private"     // a loopback, private or link-local address
	CalendarRedirects   CalendarProblem = "redirects"   // more than 3 redirects
	CalendarTooBig      CalendarProblem = "too_big"     // over 10 MiB
	CalendarTimeout     CalendarProblem = "timeout"     // no whole answer within 10 s
	CalendarUnreachable CalendarProblem = "unreachable" // no such host, refused, TLS failed
	CalendarNotFound    CalendarProblem = "not_found"   // 404 or 410: the address was revoked
	CalendarDenied      CalendarProblem = "denied"      // 401 or 403
	CalendarHTTP        CalendarProblem = "http"        // any other unsuccessful answer
	CalendarNotICal     CalendarProblem = "not_ical"    // the answer is not an iCalendar
)

// calendarProblemText words each problem in English, for logs and for
// callers that do not translate.
var calendarProblemText = map[CalendarProblem]string{
	CalendarBadURL:      "That is not a calendar address.",
	CalendarScheme:      "A calendar address starts with https://, http:// or webcal://.",
	CalendarPrivate:     "That address points inside a private network, which Slotbot does not read.",
	CalendarRedirects:   "That address redirects too many times.",
	CalendarTooBig:      "That calendar is larger than 10 MiB.",
	CalendarTimeout:     "That calendar did not answer within 10 seconds.",
	CalendarUnreachable: "That calendar's server could not be reached.",
	CalendarNotFound:    "That calendar address no longer exists (it may have been reset).",
	CalendarDenied:      "That calendar is not shared publicly.",
	CalendarHTTP:        "That calendar's server refused the request.",
	CalendarNotICal:     "That address does not give an iCalendar file.",
}

// CalendarError is a failure to read a calendar: its problem for people,
// the HTTP status when one came, and the cause for logs. ErrorCode sees
// EINVALID.
type CalendarError struct {
	Problem CalendarProblem
	Status  int   // the HTTP status, when the server answered
	Cause   error // what went wrong underneath; may be nil
}

// NewCalendarError builds a CalendarError.
func NewCalendarError(p CalendarProblem, status int, cause error) *CalendarError {
	return &CalendarError{Problem: p, Status: status, Cause: cause}
}

// Error makes *CalendarError an error.
func (e *CalendarError) Error() string {
	msg := "calendar: " + string(e.Problem)
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

// Unwrap lets errors.As find the *Error (EINVALID, its text under the
// key "calendar.problem.<problem>") and the cause.
func (e *CalendarError) Unwrap() []error {
	p := e.Problem
	text, ok := calendarProblemText[p]
	if !ok {
		p = CalendarHTTP
		text = calendarProblemText[p]
	}
	key := "calendar.problem." + string(p)
	return []error{NewError(EINVALID, key, text), e.Cause}
}

// CalendarProblemOf is the problem of a *CalendarError in err's chain.
func CalendarProblemOf(err error) (CalendarProblem, bool) {
	var ce *CalendarError
	if errors.As(err, &ce) {
		return ce.Problem, true
	}
	return "", false
}

// CalendarFetch is one read of a calendar address.
type CalendarFetch struct {
	URL string
	// ETag and LastModified make the read conditional; both "": a full read.
	ETag, LastModified string
	// Zone is the coach's: floating times and all-day dates are read in it.
	Zone *time.Location
	// From and To bound the expansion: busy times that overlap [From, To).
	From, To time.Time
}

// CalendarCopy is what a read brought.
type CalendarCopy struct {
	NotModified        bool // a 304: the stored busy times still hold
	ETag, LastModified string
	Name               string     // the calendar's own name (X-WR-CALNAME), if any
	Busy               []Interval // busy times overlapping [From, To), UTC, by start
}

// CalendarSource reads a calendar address: an adapter that fetches it
// safely and parses iCalendar. Errors: *CalendarError.
type CalendarSource interface {
	Fetch(ctx context.Context, f CalendarFetch) (*CalendarCopy, error)
}

// CalendarTx is the part of Tx that keeps coaches' calendars and their
// busy times.
type CalendarTx interface {
	// CreateCalendar stores a new calendar and sets its ID.
	CreateCalendar(c *CoachCalendar) error
	// Calendar reads one calendar; ENOTFOUND "Calendar not found.".
	Calendar(id int64) (*CoachCalendar, error)
	// Calendars lists a coach's calendars by ID; coachID 0 lists every
	// coach's, by coach then ID.
	Calendars(coachID int64) ([]*CoachCalendar, error)
	// UpdateCalendar stores every field but CoachID and Created;
	// ENOTFOUND when the calendar is gone.
	UpdateCalendar(c *CoachCalendar) error
	// DeleteCalendar removes a calendar and its busy times; ENOTFOUND
	// when it is gone.
	DeleteCalendar(id int64) error
	// PutCalendarBusy replaces a calendar's busy times.
	PutCalendarBusy(calendarID, coachID int64, busy []Interval) error
	// CalendarBusy lists a calendar's busy times by start, then end.
	CalendarBusy(calendarID int64) ([]Interval, error)
	// BusyTimes lists what keeps a coach from a new session in [from,
	// to), by start, in one query: the coach's scheduled sessions (but
	// the session except; 0: none) and the busy times of the coach's
	// calendars, each overlapping the window. Sessions last at most a
	// day, calendar busy times any length.
	BusyTimes(coachID int64, from, to time.Time, except int64) ([]Interval, error)
	// CalendarBusyBetween lists the busy times of a coach's calendars
	// that overlap [from, to), by start: what planning a session meets.
	CalendarBusyBetween(coachID int64, from, to time.Time) ([]Interval, error)
	// PutCoachFeedToken replaces the coach's agenda feed token (its hash).
	PutCoachFeedToken(coachID int64, hash string, at time.Time) error
	// FeedCoach finds the coach of an agenda feed token by its hash;
	// ENOTFOUND when none.
	FeedCoach(hash string) (int64, error)
	// HasCoachFeedToken reports whether the coach has an agenda feed.
	HasCoachFeedToken(coachID int64) (bool, error)
}

// NormalizeCalendarURL checks what a coach pasted and returns the address
// to fetch: trimmed, webcal:// read as https:// (what calendar apps do),
// with a host. Errors: *CalendarError (CalendarBadURL, CalendarScheme).
func NormalizeCalendarURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	raw = strings.Trim(raw, "<>") // some chats wrap links in angle brackets
	if raw == "" || len(raw) > maxCalendarURL || strings.ContainsAny(raw, " \t\r\n") {
		return "", NewCalendarError(CalendarBadURL, 0, nil)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", NewCalendarError(CalendarBadURL, 0, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		u.Scheme = strings.ToLower(u.Scheme)
	case "webcal", "webcals":
		u.Scheme = "https"
	case "":
		return "", NewCalendarError(CalendarBadURL, 0, nil)
	default:
		return "", NewCalendarError(CalendarScheme, 0, nil)
	}
	if u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return "", NewCalendarError(CalendarBadURL, 0, nil)
	}
	if u.User != nil {
		return "", NewCalendarError(CalendarBadURL, 0, nil) // credentials in a link leak into logs
	}
	u.Fragment = ""
	return u.String(), nil
}

// CalendarNotices are the kinds a coach's calendars send the coach.
const (
	// NoticeCoachCalendarFailing tells a coach one of their calendars
	// could not be read for an hour; the last good copy is still used.
	// Data: "calendar_id", "name", "problem", "since".
	NoticeCoachCalendarFailing NoticeKind = "coach_calendar_failing"
	// NoticeCoachCalendarBack tells a coach a failing calendar reads
	// again. Data: "calendar_id", "name".
	NoticeCoachCalendarBack NoticeKind = "coach_calendar_back"
	// NoticeCoachCalendarClash tells a coach that a new busy time in one
	// of their calendars overlaps a session with bookings, to move or
	// cancel it; nothing is changed on its own. SessionID and, for a 1:1,
	// BookingID are set. Data: "calendar_id", "name", "busy_start",
	// "busy_end" (RFC 3339), "client_id" for a 1:1.
	NoticeCoachCalendarClash NoticeKind = "coach_calendar_clash"
)
