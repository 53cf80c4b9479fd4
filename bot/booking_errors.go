package bot

import (
	"errors"
	"slices"
	"time"

	"github.com/slotbot/slotbot/core"
)

// errText words an error for the reader: a domain error from the catalog
// by its key and arguments, anything else as an apology.
func (b *Bot) errText(t *turn, err error) string {
	var e *core.Error
	if !errors.As(err, &e) || e.Key == "" || core.ErrorCode(err) == core.EINTERNAL {
		return b.t(t, "error.internal")
	}
	return b.t(t, e.Key, b.errArgs(t, e.Args)...)
}

// errArgs turns a domain error's raw arguments into name/value pairs
// worded for the reader: durations, statuses, measurements and decimals
// in their language.
func (b *Bot) errArgs(t *turn, args map[string]any) []any {
	names := make([]string, 0, len(args))
	for name := range args {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make([]any, 0, 2*len(args))
	for _, name := range names {
		var v any = args[name]
		switch x := v.(type) {
		case time.Duration:
			v = durationText(t.lang, x)
		case core.BookingStatus:
			if x == "" {
				x = "new"
			}
			v = b.t(t, "status.booking."+string(x))
		case core.SessionStatus:
			v = b.t(t, "cs.status."+string(x))
		case core.PaymentStatus:
			v = b.t(t, "status.payment."+string(x))
		case core.MeasurementKind:
			v = b.t(t, "my.kindname."+string(x))
		case float64:
			v = formatDecimal(t.lang, x)
		case string:
			if name == "Unit" {
				v = unitText(t.lang, x)
			}
		}
		out = append(out, name, v)
	}
	return out
}

// refusal is the bot's own domain error: key and arguments for the
// person, the English text for logs.
func (b *Bot) refusal(code, key string, args ...any) *core.Error {
	return core.NewError(code, key, b.cat.t("en", key, args...), args...)
}
