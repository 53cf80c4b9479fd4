package core

// Notice kinds written by the scheduler's jobs, the late-window seat offer,
// a coach's "Save and notify" and the outbox itself. They join the kinds of
// notice.go; the bot renders every one.
const (
	// NoticeSessionUpdated tells a booked client that the coach changed the
	// session (time, place, link, price, notes) and chose "Save and
	// notify". Data: "changes" (comma-separated field names), "from_start"
	// when the time moved.
	NoticeSessionUpdated NoticeKind = "session_updated"
	// NoticeOffer offers the first in line a seat that freed up inside the
	// coach's late window: Accept or Pass before Data["until"]; the pass is
	// charged only on Accept.
	NoticeOffer NoticeKind = "offer"
	// NoticeOfferExpired tells a client their offer lapsed unanswered and
	// the seat went to the next in line.
	NoticeOfferExpired NoticeKind = "offer_expired"
	// NoticePassExpiring warns a client that a pass with credits left
	// expires soon. Data: "pass_id", "days" (7 or 1), "expires".
	NoticePassExpiring NoticeKind = "pass_expiring"
	// NoticeCoachAgenda is a coach's morning digest of the day's sessions.
	// Data: "day" (YYYY-MM-DD in the coach's zone).
	NoticeCoachAgenda NoticeKind = "coach_agenda"
	// NoticeCoachDeadLetter tells a coach that a notice to one of their
	// clients could not be delivered after every retry. Data: "notice_id",
	// "kind", "client_id", "error", "attempts".
	NoticeCoachDeadLetter NoticeKind = "coach_dead_letter"
	// NoticeCoachUnreachable tells a coach that a client blocked the bot or
	// closed their DMs on a platform. Data: "client_id", "platform".
	NoticeCoachUnreachable NoticeKind = "coach_unreachable"
)
