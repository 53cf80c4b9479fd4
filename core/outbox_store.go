package core

import "time"

// OutboxTx is the part of Tx the scheduler needs: leasing due notices to
// one dispatcher at a time, settling them, writing a notice once per key,
// and the queries of its jobs (expiring passes, late-window offers).
type OutboxTx interface {
	// ClaimNotices leases to owner, until until, up to limit pending
	// notices due at or before now whose lease is free or has expired
	// (a crashed replica's), oldest due first, and counts one attempt on
	// each. Rows another transaction is claiming are skipped, not waited
	// for (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer).
	ClaimNotices(owner string, now, until time.Time, limit int) ([]*Notice, error)
	// RenewNotices extends owner's leases of the pending notices ids to
	// until (notices still being delivered) and returns how many it still
	// held.
	RenewNotices(owner string, ids []int64, until time.Time) (int, error)
	// NoticeByID reads one notice. Errors: ENOTFOUND.
	NoticeByID(id int64) (*Notice, error)
	// SettleNotice stores n's Status, Due, Attempts, LastError and Sent and
	// frees its lease — only while owner still holds the lease and n is
	// still pending. It reports false, changing nothing, when another
	// dispatcher re-claimed it or it was withdrawn meanwhile.
	SettleNotice(n *Notice, owner string) (bool, error)
	// AddNoticeOnce writes n (setting its ID) unless a notice with the
	// same key was ever written, and reports whether it wrote it: jobs
	// that several replicas run write their notices once.
	AddNoticeOnce(n *Notice, key string) (bool, error)
	// DeadNotices lists, newest first, the dead-lettered notices that
	// concern coachID: to the coach, about their sessions, or to a client
	// holding one of their passes or payments.
	DeadNotices(coachID int64, limit int) ([]*Notice, error)
	// ExpiringPasses lists the passes with credits left expiring in
	// (from, to], by expiry.
	ExpiringPasses(from, to time.Time) ([]*Pass, error)

	// ClaimJob leases the periodic job name to owner until until, if no
	// other owner holds an unexpired lease on it, and reports whether it
	// did: each tick of a job runs on one replica.
	ClaimJob(name, owner string, now, until time.Time) (bool, error)

	// CreateOffer stores a new offer and sets its ID; one open offer per
	// booking.
	CreateOffer(o *Offer) error
	// OpenOffer returns the open offer of a booking. Errors: ENOTFOUND.
	OpenOffer(bookingID int64) (*Offer, error)
	// UpdateOffer stores an offer's status and decision time.
	UpdateOffer(o *Offer) error
	// DueOffers lists the open offers whose time ran out at or before now.
	DueOffers(now time.Time) ([]*Offer, error)
}
