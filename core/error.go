package core

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Error codes, shared by every layer so a chat adapter can map them to a
// reply and a store can map driver errors onto them.
const (
	ECONFLICT     = "conflict"     // the action collides with the current state
	EINTERNAL     = "internal"     // a fault of ours; logged, never shown in detail
	EINVALID      = "invalid"      // the request itself is wrong
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	EUNAUTHORIZED = "unauthorized" // the caller may not do this
	EUNAVAILABLE  = "unavailable"  // a dependency is down; try again shortly
)

// Error is the one error type of the domain: a code for programs, a
// message key and named arguments the chat renders in the person's
// language, and the English message for logs.
type Error struct {
	Code string
	// Key names the message in the bot's catalog (bot/locales), e.g.
	// "err.pass.empty".
	Key string
	// Args are the message's named arguments, raw: durations, statuses
	// and amounts are worded by whoever renders the message.
	Args map[string]any
	// Message is the English text, for logs and tests.
	Message string
}

// Error makes *Error an error.
func (e *Error) Error() string {
	return fmt.Sprintf("slotbot error: code=%s message=%s", e.Code, e.Message)
}

// NewError builds an *Error. message is the English text with {Name}
// where an argument goes, the same text as the key's in the catalog;
// args are name/value pairs, as in log/slog:
//
//	NewError(EINVALID, "err.pass.empty", "Your pass “{Pass}” has no credits left.", "Pass", p.Name)
func NewError(code, key, message string, args ...any) *Error {
	e := &Error{Code: code, Key: key}
	if len(args) > 0 {
		e.Args = make(map[string]any, len(args)/2)
	}
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		e.Args[name] = args[i+1]
		message = strings.ReplaceAll(message, "{"+name+"}", englishArg(args[i+1]))
	}
	e.Message = message
	return e
}

// englishArg words an argument for the English message.
func englishArg(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case time.Duration:
		return humanDuration(v)
	case BookingStatus:
		return humanStatus(v)
	case MeasurementKind:
		return humanKind(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal faults get
// a generic apology so no detail leaks to a chat.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again."
}
