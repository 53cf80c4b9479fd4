package console

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slotbot/slotbot/bot"
)

// show prints the replies to user's line. They replace user's numbered
// buttons; a reply addressed to another chat is printed as a notice to
// that person.
func (c *Console) show(user string, replies []bot.Reply) {
	var board []pressable
	for _, r := range replies {
		if r.ChatID != "" && r.ChatID != user {
			c.notice(r.ChatID, r)
			continue
		}
		board = append(board, c.messageFrom(user, r, false, len(board)+1)...)
	}
	c.boards[user] = board
	c.noticed[user] = false
}

// notice prints r to the chat of to, headed with their name. Its buttons
// are numbered after those to can press already when to is typing (their
// last reply is just above) or has had only notices since; otherwise
// they start again at 1.
func (c *Console) notice(to string, r bot.Reply) {
	if to != c.user && !c.noticed[to] {
		c.boards[to], c.noticed[to] = nil, true
	}
	c.boards[to] = append(c.boards[to], c.messageFrom(to, r, true, len(c.boards[to])+1)...)
}

// messageFrom prints r, numbering its buttons from first; headed says who
// receives it, as notices do.
func (c *Console) messageFrom(to string, r bot.Reply, headed bool, first int) []pressable {
	if r.Text == "" && len(r.Buttons) == 0 && r.Document == nil && r.Toast == "" {
		return nil // a redelivered update: nothing to say
	}
	c.msgSeq++
	id := "c" + strconv.Itoa(c.msgSeq)
	var b strings.Builder
	if headed {
		b.WriteString(c.say("console.to", "Name", c.name(to)) + "\n")
	}
	if r.Toast != "" && !strings.Contains(r.Text, r.Toast) {
		b.WriteString("» " + r.Toast + "\n")
	}
	if r.Text != "" {
		b.WriteString(strings.TrimRight(r.Text, "\n") + "\n")
	}
	var board []pressable
	for _, row := range r.Buttons {
		for _, btn := range row {
			n := first + len(board)
			b.WriteString("[" + strconv.Itoa(n) + "] " + btn.Label)
			if btn.URL != "" {
				b.WriteString(" — " + btn.URL)
			}
			b.WriteByte('\n')
			board = append(board, pressable{button: btn, messageID: id})
		}
	}
	if d := r.Document; d != nil && d.Ref != "" {
		b.WriteString(refLine(d)) // a file held by reference (attachment.go)
	} else if d != nil {
		path, err := c.saveDocument(d)
		if err != nil {
			c.log.Error("console: save document", "name", d.Name, "err", err)
			b.WriteString(c.say("console.not_saved", "File", d.Name, "Error", err.Error()) + "\n")
		} else {
			b.WriteString(c.say("console.saved", "File", d.Name, "Path", path) + "\n")
		}
	}
	b.WriteByte('\n')
	c.write(b.String())
	return board
}

// name is how a console user is called in headings: as first typed in
// this run, else their id capitalised ("maria" → "Maria").
func (c *Console) name(id string) string {
	if n, ok := c.names[id]; ok {
		return n
	}
	if r, size := utf8.DecodeRuneInString(id); id != "coach" && r != utf8.RuneError {
		return string(unicode.ToUpper(r)) + id[size:]
	}
	return id
}

// saveDocument writes d into the document directory under its own base
// name, adding "-2", "-3"… rather than overwrite an earlier file.
func (c *Console) saveDocument(d *bot.Document) (string, error) {
	name := filepath.Base(filepath.Clean("/" + d.Name))
	if name == "/" || name == "." || strings.HasPrefix(name, ".") {
		name = "document" + name
	}
	dir := c.opts.DocDir
	if dir == "" {
		dir = "."
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	path := filepath.Join(dir, name)
	for i := 2; i < 1000; i++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", stem, i, ext))
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(d.Content); err != nil {
			_ = f.Close()
			return "", fmt.Errorf("console: write %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("console: write %s: %w", path, err)
		}
		return path, nil
	}
	return "", fmt.Errorf("console: too many files named %s in %s", name, dir)
}

// write prints s, keeping the first failure for writeErr.
func (c *Console) write(s string) {
	if _, err := io.WriteString(c.opts.Out, s); err != nil && c.werr == nil {
		c.werr = fmt.Errorf("console: write: %w", err)
	}
}

// writeErr reports a failed write since the last call, and forgets it.
func (c *Console) writeErr() error {
	err := c.werr
	c.werr = nil
	return err
}
