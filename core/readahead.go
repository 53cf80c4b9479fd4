package core

// ReadAhead names rows a reader is about to read one by one, so a store
// whose statements each cost a network round trip can read them all in
// one (ReadAheadTx): the notice renderer reads four to six rows a notice.
type ReadAhead struct {
	Clients    []int64 // Client(id)
	AccountsOf []int64 // Accounts(clientID)
	Sessions   []int64 // Session(id)
	Bookings   []int64 // Booking(id)
	Payments   []int64 // Payment(id)
	Passes     []int64 // Pass(id)
}

// ReadAheadTx is the part of Tx that reads rows ahead of their readers.
type ReadAheadTx interface {
	// ReadAhead reads the rows r names in as few round trips as the
	// store can (one on PostgreSQL; in process, none ahead at all), in a
	// read-only transaction (Browse, View); the reads of those rows that
	// follow in the same transaction find them without a round trip. A
	// row it does not find is read again by its reader, which then
	// reports it missing. In a read-write transaction it reads nothing.
	ReadAhead(r ReadAhead) error
}
