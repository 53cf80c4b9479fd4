// Package console is Slotbot's terminal chat: one person plays the coach
// and any number of clients from a keyboard or a script, with no account
// anywhere. It translates lines typed into bot requests and prints the
// bot's replies, and the notices the scheduler sends, as a chat would show
// them.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/slotbot/slotbot/bot"
)

// Platform is the platform name of console users in the store; a console
// user's id and chat id are the lower-cased name typed after /as.
const Platform = "console"

// DefaultUser is who is typing when the console starts.
const DefaultUser = "Maria"

// maxLine bounds one typed line, so a runaway pipe cannot grow memory.
const maxLine = 64 * 1024

// Options configures a Console.
type Options struct {
	In  io.Reader // lines typed or piped
	Out io.Writer // the chat as it reads
	// Interactive prints a prompt before each line (a terminal). Without
	// it each line read is echoed after the prompt instead, so a piped
	// session's output reads as a transcript.
	Interactive bool
	// DocDir is where documents the bot sends (.ics) are written; ""
	// is the current directory.
	DocDir string
	// User is who types first; "" is DefaultUser.
	User string
	// Language is the language code the "platform" reports, e.g. "fr" or
	// the terminal's "ru_RU.UTF-8"; the console's own words (who is
	// typing, whom a notice is for) are in that language too.
	Language string
	// Drain sends the notices that are due (the scheduler's dispatcher,
	// which prints them through Send); the console calls it after each
	// line so notices appear right after the reply that caused them.
	// nil: notices appear only when something else sends them.
	Drain func(context.Context) (int, error)
	// Logger receives failures to drain or write; nil discards them.
	Logger *slog.Logger
}

// Console is the terminal chat. Run reads and answers lines; Send prints
// a notice and may be called from other goroutines meanwhile.
type Console struct {
	bot  *bot.Bot
	opts Options
	log  *slog.Logger

	mu       sync.Mutex // guards the output and every field below
	user     string     // the id of who is typing
	names    map[string]string
	boards   map[string][]pressable // by user id: the buttons numbers press
	noticed  map[string]bool        // by user id: their board holds only notices since they last typed
	msgSeq   int                    // numbers printed messages, for MessageID
	atPrompt bool                   // a prompt is waiting on the last line
	werr     error                  // the first failed write since writeErr

	// attach holds, by user id, the file /attach gave their next message.
	attach map[string]*bot.Attachment
}

// pressable is a numbered button and the message it belongs to.
type pressable struct {
	button    bot.Button
	messageID string
}

// New makes a console for b.
func New(b *bot.Bot, opts Options) *Console {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Console{bot: b, opts: opts, log: log, names: map[string]string{}, boards: map[string][]pressable{},
		noticed: map[string]bool{}}
	first := opts.User
	if first == "" {
		first = DefaultUser
	}
	id, name, ok := persona(first)
	if !ok {
		id, name, _ = persona(DefaultUser)
	}
	c.user, c.names[id] = id, name
	return c
}

// Platform names the console's users in the store, for the dispatcher.
func (c *Console) Platform() string { return Platform }

// Run reads lines until the input ends, /quit is typed or ctx ends, and
// answers each. A clean end — EOF, /quit, ctx cancelled — returns nil.
func (c *Console) Run(ctx context.Context) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	done := make(chan struct{})
	defer close(done)
	// The reader owns only the blocking read; it ends when the input
	// ends or, once Run has returned, after its next line.
	go func() {
		sc := bufio.NewScanner(c.opts.In)
		sc.Buffer(make([]byte, 4096), maxLine)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-done:
				return
			}
		}
		readErr <- sc.Err()
		close(lines)
	}()
	for {
		c.prompt()
		select {
		case <-ctx.Done():
			c.endLine()
			return nil
		case line, ok := <-lines:
			if !ok {
				c.endLine()
				if err := <-readErr; err != nil {
					return fmt.Errorf("console: read: %w", err)
				}
				return nil
			}
			if quit := c.Line(ctx, line); quit {
				return nil
			}
		}
	}
}

// Line handles one typed line as if it had been read, and reports
// whether it asked to quit. Run calls it; tests may too.
func (c *Console) Line(ctx context.Context, line string) (quit bool) {
	c.mu.Lock()
	c.atPrompt = false
	user := c.user
	if !c.opts.Interactive {
		c.write(user + "> " + strings.TrimSpace(line) + "\n")
	}
	in := parse(line)
	var req *bot.Request
	switch in.kind {
	case inEmpty:
	case inQuit:
		c.write(c.say("console.bye") + "\n")
		c.mu.Unlock()
		return true
	case inAs:
		c.switchUser(in.text)
	case inNumber:
		req = c.press(user, in.n, in.text)
	case inCommand:
		if c.attachNext(user, in.name, in.text) { // attachment.go
			break
		}
		req = c.request(user)
		req.Command, req.Args = in.name, in.text
	default:
		req = c.request(user)
		req.Text = in.text
	}
	if req != nil {
		c.withAttachment(user, req) // attachment.go
		// Handled under the lock: a notice the turn writes, sent at once
		// by a dispatcher running meanwhile, waits to print after the reply.
		c.show(user, c.bot.Handle(ctx, *req))
	}
	c.mu.Unlock()
	c.drain(ctx)
	return false
}

// Send prints a notice to the console user chatID, headed with who
// receives it; it implements the scheduler's Sender for platform
// "console".
func (c *Console) Send(ctx context.Context, chatID string, r bot.Reply) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	resume := c.atPrompt
	if resume {
		c.write("\n")
		c.atPrompt = false
	}
	c.notice(chatID, r)
	if resume {
		c.promptLocked()
	}
	return c.writeErr()
}

// request is a request from user in their private chat.
func (c *Console) request(user string) *bot.Request {
	return &bot.Request{Platform: Platform, UserID: user, ChatID: user, ChatKind: bot.ChatPrivate,
		Name: c.names[user], Language: c.opts.Language}
}

// press turns a number into the press of that button, or into text when
// no button has that number.
func (c *Console) press(user string, n int, typed string) *bot.Request {
	board := c.boards[user]
	req := c.request(user)
	if n < 1 || n > len(board) {
		req.Text = typed
		return req
	}
	p := board[n-1]
	if p.button.URL != "" {
		c.write(c.say("console.open", "URL", p.button.URL) + "\n\n")
		return nil
	}
	req.Data, req.MessageID = p.button.Data, p.messageID
	return req
}

// switchUser makes name the one typing.
func (c *Console) switchUser(name string) {
	id, display, ok := persona(name)
	if !ok {
		c.write(c.say("console.who", "Name", c.names[c.user]) + "\n\n")
		return
	}
	if _, seen := c.names[id]; !seen {
		c.names[id] = display
	}
	c.user = id
	c.write(c.say("console.now", "Name", c.names[id]) + "\n\n")
}

// say renders one of the console's own texts (console.* in the bot's
// catalog) in the terminal's language.
func (c *Console) say(key string, args ...any) string {
	return bot.Text(bot.Language(c.opts.Language), key, args...)
}

// drain asks the dispatcher to send what is due, a few rounds in case it
// works in batches.
func (c *Console) drain(ctx context.Context) {
	if c.opts.Drain == nil {
		return
	}
	for range 10 {
		n, err := c.opts.Drain(ctx)
		if err != nil {
			c.log.Warn("console: drain notices", "err", err)
			return
		}
		if n == 0 {
			return
		}
	}
}

// prompt shows who is typing, on a terminal.
func (c *Console) prompt() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.promptLocked()
}

func (c *Console) promptLocked() {
	if c.opts.Interactive && !c.atPrompt {
		c.write(c.user + "> ")
		c.atPrompt = true
	}
}

// endLine leaves a waiting prompt's line, so the shell starts afresh.
func (c *Console) endLine() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.atPrompt {
		c.write("\n")
		c.atPrompt = false
	}
}

// inputKind says what a typed line is.
type inputKind int

const (
	inEmpty   inputKind = iota
	inText              // free text
	inCommand           // "/name args"
	inNumber            // a button's number (or text, when no button has it)
	inAs                // "/as name": switch who is typing
	inQuit              // "/quit" or "/exit"
)

// input is a parsed line.
type input struct {
	kind inputKind
	name string // the command, lower-case, without the slash
	text string // the text, the command's arguments, or /as's name
	n    int    // the number typed
}

// startsName reports whether s starts a command's name: not a space of
// any kind (a vertical tab, a no-break space), nor another slash.
func startsName(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != '/' && r != utf8.RuneError && !unicode.IsSpace(r)
}

// parse reads one typed line. It never fails: what is not a command or a
// number is text.
func parse(line string) input {
	line = strings.TrimSpace(line)
	switch {
	case line == "":
		return input{kind: inEmpty}
	case len(line) > 1 && line[0] == '/' && startsName(line[1:]):
		name, args := line[1:], ""
		if i := strings.IndexFunc(name, unicode.IsSpace); i >= 0 {
			name, args = name[:i], strings.TrimSpace(name[i:])
		}
		name = strings.ToLower(name)
		switch name {
		case "as":
			return input{kind: inAs, name: name, text: args}
		case "quit", "exit":
			return input{kind: inQuit, name: name}
		}
		return input{kind: inCommand, name: name, text: args}
	}
	if n, err := strconv.Atoi(line); err == nil && n > 0 && line[0] != '+' && line[0] != '0' {
		return input{kind: inNumber, n: n, text: line}
	}
	return input{kind: inText, text: line}
}
