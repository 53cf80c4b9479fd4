package bot

import (
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// callbackVersion prefixes every button's data; a button from another
// version of the bot is stale.
const callbackVersion = "1"

// maxCallbackBytes is Telegram's limit on callback data (Discord allows 100).
const maxCallbackBytes = 64

// Callback is decoded button data: an action and its arguments, e.g.
// {Action: "cx", Args: ["k3"]} for "cancel booking 737". Each action is an
// act… constant declared next to its handler; its value is on the wire,
// in buttons already posted, so it never changes (actions_test.go).
type Callback struct {
	Action string
	Args   []string
}

// ErrStaleButton is returned for data that is bad, forged or from an old
// bot; the caller answers "This button has expired" and changes nothing.
var ErrStaleButton = core.NewError(core.EINVALID, "error.stale", "This button has expired — here is a fresh menu.")

// encode builds button data "1:action:arg:arg". It panics if the result
// is over 64 bytes or a part contains ':' — a programming error caught by
// tests, never by users, since all parts are ours.
func encode(action string, args ...string) string {
	var b strings.Builder
	b.WriteString(callbackVersion)
	b.WriteByte(':')
	b.WriteString(action)
	for _, a := range args {
		if strings.ContainsRune(a, ':') {
			panic("bot: ':' in callback argument " + a)
		}
		b.WriteByte(':')
		b.WriteString(a)
	}
	if b.Len() > maxCallbackBytes {
		panic("bot: callback data over 64 bytes: " + b.String())
	}
	return b.String()
}

// decode parses button data, refusing anything that encode could not
// have made.
func decode(data string) (Callback, error) {
	if data == "" || len(data) > maxCallbackBytes {
		return Callback{}, ErrStaleButton
	}
	parts := strings.Split(data, ":")
	if len(parts) < 2 || parts[0] != callbackVersion || parts[1] == "" {
		return Callback{}, ErrStaleButton
	}
	for _, p := range parts[1:] {
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r >= 'A' && r <= 'Z') {
				return Callback{}, ErrStaleButton
			}
		}
	}
	return Callback{Action: parts[1], Args: parts[2:]}, nil
}

// id36 renders an id compactly for button data.
func id36(id int64) string { return strconv.FormatInt(id, 36) }

// argID reads the i-th argument as an id; a missing or bad one is stale.
func (c Callback) argID(i int) (int64, error) {
	if i >= len(c.Args) {
		return 0, ErrStaleButton
	}
	id, err := strconv.ParseInt(c.Args[i], 36, 64)
	if err != nil || id <= 0 {
		return 0, ErrStaleButton
	}
	return id, nil
}

// arg reads the i-th argument as text; a missing one is stale.
func (c Callback) arg(i int) (string, error) {
	if i >= len(c.Args) {
		return "", ErrStaleButton
	}
	return c.Args[i], nil
}
