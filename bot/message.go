package bot

import "github.com/slotbot/slotbot/core"

// ChatKind tells where a message was written, which decides what may be
// said there: bookings and payments are only ever shown in private.
type ChatKind string

// Kinds of chat.
const (
	ChatPrivate ChatKind = "private"
	ChatGroup   ChatKind = "group"
	ChatChannel ChatKind = "channel"
)

// Request is one thing a person did in a chat, in platform-neutral words.
// Exactly one of Command, Data or Text is set.
type Request struct {
	Platform  string   // "telegram", "discord", "console"
	UserID    string   // the platform's id of the person
	ChatID    string   // where they wrote
	ChatKind  ChatKind // private, group or channel
	Name      string   // the person's display name on the platform
	Language  string   // the platform's language code, e.g. "fr-FR"
	Command   string   // "book" for /book, without the slash
	Args      string   // what followed the command
	Data      string   // the data of a pressed button
	Text      string   // free text
	MessageID string   // the message whose button was pressed, for edits
	UpdateID  string   // the platform's id of this update, for dedupe

	// Attachment is a file sent with the message (booking_attachment.go).
	Attachment *Attachment
	// Arrival is the sender, read with the update when the inbox claimed
	// it (core.InboxUpdate.Arrival), for a request with no UpdateID to
	// record; nil: Handle reads it (core.Accounts.Arrive).
	Arrival *core.Arrival
	// Newcomer says the inbox's claim looked for the sender and did not
	// find them (core.InboxUpdate.Newcomer): Handle creates them without
	// looking again (core.Accounts.ArriveNew).
	Newcomer bool
}

// Reply is one thing the bot says back.
type Reply struct {
	Text       string
	Buttons    [][]Button // rows of buttons
	Edit       bool       // replace the message whose button was pressed
	Private    bool       // send privately (a DM from a group; ephemeral on Discord)
	Toast      string     // a short answer to the button press itself
	Document   *Document  // a file to send, e.g. an .ics
	ChatID     string     // send here instead of the request's chat (notices)
	ExpectText bool       // the next free text answers this message (modal on Discord)
	// Language is the language of the person the reply answers, as
	// Slotbot speaks with them (their /language, else their platform's);
	// "" when the bot could not tell who it was. Adapters word their own
	// parts with it (Telegram's per-chat menu button).
	Language string
}

// Button is one inline button: it sends Data back, opens URL, or opens
// WebApp as a Telegram Mini App over the chat (the bot gives this kind
// only on Telegram; other platforms get a Data or URL button instead).
type Button struct {
	Label  string
	Data   string
	URL    string
	WebApp string
}

// Document is a file the bot sends.
type Document struct {
	Name     string // file name, e.g. "session.ics"
	MIMEType string
	Content  []byte
	Ref      string // instead of Content: a file the platform holds (Attachment.Ref)
}
