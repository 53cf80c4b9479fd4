package core

import (
	"errors"
	"fmt"
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

// Error is the one error type of the domain: a code for programs and a
// message fit to show the person who asked.
type Error struct {
	Code    string
	Message string
}

// Error makes *Error an error.
func (e *Error) Error() string {
	return fmt.Sprintf("slotbot error: code=%s message=%s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted user-facing message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
