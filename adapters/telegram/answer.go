package telegram

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// A Bot API answer is {"ok":…,"result":…} or {"ok":false,"error_code":…,
// "description":…,"parameters":{…}}. Of a message sent or edited, whose
// result is the whole message (keyboard included), the adapter needs only
// its id: apiAnswer is read in one pass that skips the rest without
// copying it, where encoding/json copied the result and read it again for
// the id. It reads what encoding/json reads into tgbotapi.APIResponse
// (keys in any case, duplicates the last one wins, escapes, null), and
// fails where it fails (FuzzReadAnswer holds them to it).

// apiAnswer is what the adapter reads of a Bot API answer.
type apiAnswer struct {
	ok          bool
	errorCode   int
	description string
	retryAfter  int   // parameters.retry_after
	migrateTo   int64 // parameters.migrate_to_chat_id
	// messageID is the result's message_id, 0 when the result is no
	// object or has none (or one that is not an int).
	messageID int
}

// refusal is the error of an answer that is not ok, as tgbotapi's.
func (a apiAnswer) refusal() error {
	return &tgbotapi.Error{Code: a.errorCode, Message: a.description,
		ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: a.retryAfter, MigrateToChatID: a.migrateTo}}
}

// errBadJSON is the error of an answer that is not JSON, or not an
// answer's shape.
var errBadJSON = errors.New("telegram: the Bot API's answer is not the JSON of an answer")

// readAnswer reads a Bot API answer.
func readAnswer(data []byte) (apiAnswer, error) {
	a, _, err := readAnswerOf(data, false)
	return a, err
}

// readList reads a Bot API answer whose result is a list (getUpdates'),
// with the list's elements as sent: slices of data, not copies. A result
// that is no list is read as an empty one.
func readList(data []byte) (apiAnswer, []json.RawMessage, error) { return readAnswerOf(data, true) }

func readAnswerOf(data []byte, wantList bool) (a apiAnswer, list []json.RawMessage, err error) {
	s := scanner{b: data}
	if s.null() { // no answer: not ok
		return a, nil, s.end()
	}
	idBad := false
	err = s.object(func(key []byte) error {
		switch {
		case keyIs(key, "ok"):
			v, null, err := s.boolean()
			if err == nil && !null {
				a.ok = v
			}
			return err
		case keyIs(key, "error_code"):
			return s.intInto(func(v int64) { a.errorCode = int(v) })
		case keyIs(key, "description"):
			v, null, err := s.str()
			if err == nil && !null {
				a.description = v
			}
			return err
		case keyIs(key, "parameters"):
			if s.null() {
				a.retryAfter, a.migrateTo = 0, 0
				return nil
			}
			return s.object(func(key []byte) error {
				switch {
				case keyIs(key, "retry_after"):
					return s.intInto(func(v int64) { a.retryAfter = int(v) })
				case keyIs(key, "migrate_to_chat_id"):
					return s.intInto(func(v int64) { a.migrateTo = v })
				}
				return s.skip()
			})
		case keyIs(key, "result"):
			// The last result is the one read, as the last of a key wins.
			a.messageID, idBad, list = 0, false, nil
			if wantList && s.peek() == '[' {
				idBad = true
				return s.list(func(raw []byte) { list = append(list, raw) })
			}
			if s.peek() != '{' {
				if !s.null() {
					idBad = true // true, a list, a string: no message
					return s.skip()
				}
				return nil
			}
			return s.object(func(key []byte) error {
				if !keyIs(key, "message_id") {
					return s.skip()
				}
				if s.null() {
					return nil
				}
				start := s.i
				if err := s.skip(); err != nil {
					return err
				}
				v, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
				if err != nil {
					idBad = true
				} else {
					a.messageID = int(v)
				}
				return nil
			})
		}
		return s.skip()
	})
	if err == nil {
		err = s.end()
	}
	if err != nil {
		return apiAnswer{}, nil, err
	}
	if idBad {
		a.messageID = 0
	}
	return a, list, nil
}

// keyIs tells whether an object's key names field, as encoding/json
// matches them: any case.
func keyIs(key []byte, field string) bool { return bytes.EqualFold(key, []byte(field)) }

// scanner reads JSON values from b at i: each method reads one value or
// token, and fails on anything that is not JSON.
type scanner struct {
	b     []byte
	i     int
	depth int // objects and lists open
}

// maxDepth is how deep objects and lists may nest, as in encoding/json.
const maxDepth = 10000

// ws skips white space.
func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek is the next value's first byte, 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// end checks that nothing but white space is left.
func (s *scanner) end() error {
	s.ws()
	if s.i != len(s.b) {
		return errBadJSON
	}
	return nil
}

// lit reads the literal word.
func (s *scanner) lit(word string) bool {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

// null reads a null, if that is the next value.
func (s *scanner) null() bool {
	s.ws()
	return s.lit("null")
}

// object reads an object, calling field for each key with the scanner
// before the key's value, which field must read.
func (s *scanner) object(field func(key []byte) error) error {
	if s.peek() != '{' {
		if s.peek() == 0 {
			return errBadJSON
		}
		if err := s.skip(); err != nil {
			return err
		}
		return errBadJSON // not an object: encoding/json's type error
	}
	s.i++
	if s.depth++; s.depth > maxDepth {
		return errBadJSON
	}
	defer func() { s.depth-- }()
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		if s.peek() != '"' {
			return errBadJSON
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if s.peek() != ':' {
			return errBadJSON
		}
		s.i++
		if err := field(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return errBadJSON
		}
	}
}

// key reads an object's key: its bytes as written when it has no escape
// (most keys), else unescaped.
func (s *scanner) key() ([]byte, error) {
	start := s.i
	escaped, err := s.skipString()
	if err != nil {
		return nil, err
	}
	raw := s.b[start:s.i]
	if !escaped {
		return raw[1 : len(raw)-1], nil
	}
	var k string
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, errBadJSON
	}
	return []byte(k), nil
}

// str reads a string, or a null.
func (s *scanner) str() (v string, null bool, err error) {
	if s.null() {
		return "", true, nil
	}
	if s.peek() != '"' {
		if err := s.skip(); err != nil {
			return "", false, err
		}
		return "", false, errBadJSON
	}
	start := s.i
	escaped, err := s.skipString()
	if err != nil {
		return "", false, err
	}
	raw := s.b[start:s.i]
	if !escaped {
		return string(raw[1 : len(raw)-1]), false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil { // escapes, and bad UTF-8 as encoding/json mends it
		return "", false, errBadJSON
	}
	return v, false, nil
}

// boolean reads true, false or null.
func (s *scanner) boolean() (v, null bool, err error) {
	switch s.peek() {
	case 't':
		if s.lit("true") {
			return true, false, nil
		}
	case 'f':
		if s.lit("false") {
			return false, false, nil
		}
	case 'n':
		if s.lit("null") {
			return false, true, nil
		}
	default:
		if err := s.skip(); err != nil {
			return false, false, err
		}
	}
	return false, false, errBadJSON
}

// intInto reads an integer into set, or a null (set is not called).
func (s *scanner) intInto(set func(int64)) error {
	if s.null() {
		return nil
	}
	start := s.i
	if err := s.skip(); err != nil {
		return err
	}
	v, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
	if err != nil {
		return errBadJSON // a fraction, an exponent, too big, or no number
	}
	set(v)
	return nil
}

// list reads a list at s.i (its opening bracket), giving each element
// as written to each.
func (s *scanner) list(each func(raw []byte)) error {
	s.i++
	if s.depth++; s.depth > maxDepth {
		return errBadJSON
	}
	defer func() { s.depth-- }()
	if s.peek() == ']' {
		s.i++
		return nil
	}
	for {
		s.ws()
		start := s.i
		if err := s.skip(); err != nil {
			return err
		}
		if each != nil {
			each(s.b[start:s.i])
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return errBadJSON
		}
	}
}

// skip reads any value.
func (s *scanner) skip() error {
	switch c := s.peek(); {
	case c == '{':
		return s.object(func([]byte) error { return s.skip() })
	case c == '[':
		return s.list(nil)
	case c == '"':
		_, err := s.skipString()
		return err
	case c == 't':
		return s.want(s.lit("true"))
	case c == 'f':
		return s.want(s.lit("false"))
	case c == 'n':
		return s.want(s.lit("null"))
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	}
	return errBadJSON
}

func (s *scanner) want(ok bool) error {
	if !ok {
		return errBadJSON
	}
	return nil
}

// skipString reads a string at s.i (its opening quote), telling whether
// it holds an escape or a byte past ASCII (whose text encoding/json may
// change).
func (s *scanner) skipString() (escaped bool, err error) {
	s.i++ // the opening quote
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return escaped, nil
		case c == '\\':
			escaped = true
			if s.i+1 >= len(s.b) {
				return false, errBadJSON
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) {
					return false, errBadJSON
				}
				for _, h := range s.b[s.i+2 : s.i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false, errBadJSON
					}
				}
				s.i += 6
			default:
				return false, errBadJSON
			}
		case c < 0x20:
			return false, errBadJSON
		default:
			if c >= 0x80 {
				escaped = true
			}
			s.i++
		}
	}
	return false, errBadJSON
}

// number reads a number as JSON writes them.
func (s *scanner) number() error {
	digits := func() int {
		n := 0
		for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case digits() == 0:
		return errBadJSON
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return errBadJSON
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return errBadJSON
		}
	}
	return nil
}
