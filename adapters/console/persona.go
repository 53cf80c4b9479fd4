package console

import (
	"strings"
	"unicode"
)

// maxName bounds a persona's name, in runes.
const maxName = 40

// persona reads the name after /as — "coach", "client Maria", "Maria" —
// into the console user id (the name in lower case, so "/as maria" is
// Maria again) and the name to show. Every coach word means the one
// coach persona, id "coach". ok is false when no usable name is given.
func persona(typed string) (id, name string, ok bool) {
	words := strings.Fields(typed)
	if len(words) > 0 && strings.EqualFold(words[0], "client") {
		words = words[1:]
	}
	if len(words) == 0 {
		return "", "", false
	}
	if strings.EqualFold(words[0], "coach") {
		return "coach", "coach", true
	}
	name = strings.Join(words, " ")
	if strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) || r == '/' }) >= 0 {
		return "", "", false
	}
	if r := []rune(name); len(r) > maxName {
		name = strings.TrimSpace(string(r[:maxName]))
	}
	return strings.ToLower(name), name, true
}
