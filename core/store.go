package core

import (
	"context"
	"time"
)

// Store is durable storage for the domain. Each service call runs inside
// one Update or View; SQL lives only in the store adapters.
type Store interface {
	// Update runs fn in one read-write transaction and commits if fn
	// returns nil. Transactions that touch the same session or pass are
	// serialised (row locks on PostgreSQL, BEGIN IMMEDIATE on SQLite);
	// a serialisation failure or deadlock is retried by the store.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	// Single runs fn, which issues one statement, as that statement's own
	// transaction: where each statement is a network round trip
	// (PostgreSQL) it saves BEGIN and COMMIT, two of the three, and
	// refuses a second statement (an error, a bug in the caller); a
	// succeeded statement stays whatever fn returns after it. Elsewhere it
	// is Update.
	Single(ctx context.Context, fn func(Tx) error) error
	// Browse runs fn, which only reads, for a screen a person looks at:
	// each statement sees the newest committed data, with no snapshot
	// common to them, which a screen does not need since every action
	// taken from it is checked again in Update. Where each statement is a
	// network round trip (PostgreSQL) it saves View's BEGIN and COMMIT
	// and refuses a write (an error, a bug in the caller); elsewhere it
	// is View.
	Browse(ctx context.Context, fn func(Tx) error) error
	// SendBudgets keeps the bot's send budgets: in the database for
	// replicas to share (PostgreSQL), or in the one process (SQLite).
	SendBudgets
	// Close releases the store's connections.
	Close() error
}

// Tx is what a service can do inside one transaction. Getters return an
// *Error with ENOTFOUND when the row does not exist, never (nil, nil).
// Create methods set the ID on the value they are given. AddAudit,
// AddNotice and AddPassEntry may write behind (all queued rows in one
// statement, before the next read of their tables or the commit) and do
// not set the ID; callers set
// Created/Updated/At/Due from the service's clock, since stores never read
// the time themselves. Lists are ordered by ID unless said otherwise.
type Tx interface {
	ChatTx
	ChannelTx
	AvailabilityTx
	CalendarTx
	ProgressTx
	LinkTx
	PaymentProviderTx
	OutboxTx
	AdminTx
	OpsTx
	RetentionTx
	InboxTx
	AppLinkTx
	ReportTx
	PeopleTx
	CatalogTx
	BookingTx
	PassTx
	PaymentTx
	NoticeTx
	ReadAheadTx
}

// PeopleTx is the part of Tx that keeps clients, their chat accounts and coaches.
type PeopleTx interface {
	CreateClient(c *Client) error
	Client(id int64) (*Client, error)
	UpdateClient(c *Client) error
	// SearchClients matches name, email or phone, case-insensitively.
	SearchClients(query string, limit int) ([]*Client, error)

	// PutAccount inserts or updates the account of (Platform, UserID).
	PutAccount(a *Account) error
	Account(platform, userID string) (*Account, error)
	Accounts(clientID int64) ([]*Account, error)

	CreateCoach(c *Coach) error
	Coach(id int64) (*Coach, error)
	UpdateCoach(c *Coach) error
	Coaches() ([]*Coach, error)
}

// CatalogTx is the part of Tx that keeps session types, sessions and packages.
type CatalogTx interface {
	CreateSessionType(t *SessionType) error
	SessionType(id int64) (*SessionType, error)
	// SessionTypeDetails reads a session type with its coach, in one
	// query: the booking wizard checks both again on every press.
	SessionTypeDetails(id int64) (*SessionType, *Coach, error)
	UpdateSessionType(t *SessionType) error
	SessionTypes(coachID int64) ([]*SessionType, error)

	CreateSession(s *Session) error
	Session(id int64) (*Session, error)
	// SessionDetails reads a session with its type and coach, in one
	// query where the store can: what every page about a booking shows.
	SessionDetails(id int64) (*Session, *SessionType, *Coach, error)
	// LockSession reads a session and holds it until the transaction
	// ends, so seat counting and waitlist order are decided one at a time.
	LockSession(id int64) (*Session, error)
	// LockSessionToBook is LockSession with everything a booking is
	// decided on, in one query where the database allows: the session's
	// coach, a check that the client exists (ENOTFOUND "Client not
	// found."), the seats taken and whether the client holds a live
	// booking there (Seats), and the client's passes usable with the
	// session's coach at at (UsablePasses, locked).
	LockSessionToBook(sessionID, clientID int64, at time.Time) (*Session, *Coach, *Seating, error)
	// LockSessionOf locks the session a booking is in and reads it with
	// its type and coach, in one query where the store can: cancelling
	// starts with it. Errors: ENOTFOUND "Booking not found.".
	LockSessionOf(bookingID int64) (*Session, *SessionType, *Coach, error)
	UpdateSession(s *Session) error
	// Sessions is ordered by start, then ID.
	Sessions(f SessionFilter) ([]*Session, error)

	CreatePackage(p *Package) error
	Package(id int64) (*Package, error)
	UpdatePackage(p *Package) error
	Packages(coachID int64) ([]*Package, error)
}

// BookingTx is the part of Tx that keeps bookings and their audit trail.
type BookingTx interface {
	CreateBooking(b *Booking) error
	Booking(id int64) (*Booking, error)
	UpdateBooking(b *Booking) error
	Bookings(f BookingFilter) ([]*Booking, error)
	CountBookings(sessionID int64, statuses []BookingStatus) (int, error)
	// Seats counts the session's seat-holding bookings (SeatStatuses) and
	// tells whether the client already has a live one (ActiveStatuses),
	// in one query: booking asks both under the session lock.
	Seats(sessionID, clientID int64) (taken int, booked bool, err error)
	// FirstInLine is the session's first waitlisted booking with the
	// seats taken (SeatStatuses), in one query: promotion asks both after
	// every freed or filled seat. Nobody waiting: nil and 0.
	FirstInLine(sessionID int64) (first *Booking, taken int, err error)

	AddAudit(e *AuditEntry) error
	Audit(bookingID int64) ([]*AuditEntry, error)
}

// PassTx is the part of Tx that keeps passes and their credit entries.
type PassTx interface {
	CreatePass(p *Pass) error
	Pass(id int64) (*Pass, error)
	// LockPass reads a pass and holds it until the transaction ends.
	LockPass(id int64) (*Pass, error)
	UpdatePass(p *Pass) error
	// Passes lists a client's passes, oldest expiry first.
	Passes(clientID int64) ([]*Pass, error)
	// UsablePasses locks and lists, oldest expiry first, the client's
	// passes with coachID that expire after at and hold credits, with
	// Reserved filled in — everything choosing a pass needs, in one query.
	UsablePasses(clientID, coachID int64, at time.Time) ([]*Pass, error)
	AddPassEntry(e *PassEntry) error
	PassEntries(passID int64) ([]*PassEntry, error)
}

// PaymentTx is the part of Tx that keeps payments.
type PaymentTx interface {
	CreatePayment(p *Payment) error
	Payment(id int64) (*Payment, error)
	UpdatePayment(p *Payment) error
	Payments(f PaymentFilter) ([]*Payment, error)
}

// NoticeTx is the part of Tx that writes notices to the outbox and reads them back.
type NoticeTx interface {
	AddNotice(n *Notice) error
	Notices(f NoticeFilter) ([]*Notice, error)
	// WithdrawNotices marks the pending notices of a booking with the
	// given kinds as withdrawn, returning how many.
	WithdrawNotices(bookingID int64, kinds []NoticeKind) (int, error)
}
