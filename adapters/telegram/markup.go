package telegram

import (
	"unicode/utf8"

	"github.com/slotbot/slotbot/bot"
)

// A menu's reply_markup goes with nearly every reply and edit. It is
// written here straight into the form, byte for byte what json.Marshal
// writes of replyMarkup (TestAppendMarkupIsJSONMarshal), without building
// tgbotapi's buttons, each holding pointers to its strings, and without
// encoding/json's reflection.

// addMarkup writes reply_markup=rows' keyboard; nothing for no buttons.
func (f *form) addMarkup(rows [][]bot.Button) {
	var scratch [1024]byte
	j, ok := appendMarkup(scratch[:0], rows)
	if !ok {
		return
	}
	if len(f.b) > 0 {
		f.b = append(f.b, '&')
	}
	f.b = append(f.b, "reply_markup="...)
	f.b = appendQueryEscape(f.b, j)
}

// appendMarkup appends rows as an inline keyboard's JSON: a button that
// opens a Mini App when any does, else one with a link, else one with
// data; rows left empty are dropped. false when no button is left.
func appendMarkup(b []byte, rows [][]bot.Button) ([]byte, bool) {
	webApp := hasWebApp(rows)
	start := len(b)
	b = append(b, `{"inline_keyboard":[`...)
	any := false
	for _, row := range rows {
		open := false
		for _, btn := range row {
			var key, val string
			switch {
			case webApp && btn.WebApp != "":
				key, val = "web_app", btn.WebApp
			case btn.URL != "":
				key, val = "url", btn.URL
			case btn.Data != "":
				key, val = "callback_data", btn.Data
			default:
				continue
			}
			switch {
			case open:
				b = append(b, ',')
			case any:
				b = append(b, ",["...)
			default:
				b = append(b, '[')
			}
			open, any = true, true
			b = append(b, `{"text":`...)
			b = appendJSONString(b, btn.Label)
			b = append(b, `,"`...)
			b = append(b, key...)
			b = append(b, `":`...)
			if key == "web_app" {
				b = append(b, `{"url":`...)
				b = appendJSONString(b, val)
				b = append(b, '}')
			} else {
				b = appendJSONString(b, val)
			}
			b = append(b, '}')
		}
		if open {
			b = append(b, ']')
		}
	}
	if !any {
		return b[:start], false
	}
	return append(b, "]}"...), true
}

// appendJSONString appends s as encoding/json writes a string: quoted,
// with <, > and & escaped as well, bad UTF-8 as U+FFFD and the line and
// paragraph separators escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
