package console

import (
	"mime"
	"os"
	"path/filepath"
	"strings"

	"github.com/slotbot/slotbot/bot"
)

// filePrefix marks a console file in bot.Attachment.Ref and
// bot.Document.Ref: the file stays where it is and is named by its path.
const filePrefix = "file:"

// attachNext handles "/attach PATH": the file goes with the user's next
// message (a text or a command). It reports whether the line was one.
// Called with c.mu held.
func (c *Console) attachNext(user, name, arg string) bool {
	if name != "attach" {
		return false
	}
	a, err := fileAttachment(arg)
	if err != nil {
		c.write(c.say("console.attach_usage", "Error", err.Error()) + "\n\n")
		return true
	}
	if c.attach == nil {
		c.attach = map[string]*bot.Attachment{}
	}
	c.attach[user] = a
	c.write(c.say("console.attached", "File", a.Name) + "\n\n")
	return true
}

// withAttachment gives req the file the user attached last, once; a
// pressed button takes none. Called with c.mu held.
func (c *Console) withAttachment(user string, req *bot.Request) {
	if a, ok := c.attach[user]; ok && req.Data == "" {
		req.Attachment = a
		delete(c.attach, user)
	}
}

// fileAttachment reads the path after /attach: an existing regular file,
// referenced by its absolute path.
func fileAttachment(path string) (*bot.Attachment, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, os.ErrInvalid
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, os.ErrInvalid
	}
	if strings.ContainsAny(abs, " \t\r\n|") {
		return nil, &os.PathError{Op: "attach", Path: abs, Err: os.ErrInvalid} // a reference may hold no spaces
	}
	name := filepath.Base(abs)
	return &bot.Attachment{Name: name, MIMEType: mime.TypeByExtension(filepath.Ext(name)), Ref: filePrefix + abs}, nil
}

// refLine shows a document held by reference: where the file is.
func refLine(d *bot.Document) string {
	if path, ok := strings.CutPrefix(d.Ref, filePrefix); ok {
		return "📎 " + d.Name + ": " + path + "\n"
	}
	return "📎 " + d.Name + ": " + d.Ref + "\n"
}
