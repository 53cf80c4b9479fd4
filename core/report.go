package core

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// The coach's business at a glance (the Mini App's report page and
// /report in chat): the numbers are computed here from the rows the store
// reads for the period, so every picture of them, chart or CSV, says the
// same.

// ReportWeeks are the periods a report may cover, in weeks.
var ReportWeeks = []int{4, 12, 52}

// expiringWindow is how far ahead "credits expiring" looks.
const expiringWindow = 28 * 24 * time.Hour

// ReportStatuses are the booking statuses a report counts, in the order
// charts stack them.
var ReportStatuses = []BookingStatus{BookingConfirmed, BookingCompleted, BookingNoShow,
	BookingPendingPayment, BookingWaitlisted, BookingCancelled, BookingLateCancelled}

// BookingRow is one booking with what a report or an export shows about
// it, read in one query with its session, type and client.
type BookingRow struct {
	BookingID    int64
	SessionID    int64
	ClientID     int64
	ClientName   string
	TypeName     string
	Capacity     int // the session's seats: 1 for a 1:1
	Status       BookingStatus
	SessionStart time.Time
	Credits      int
	PaymentID    int64
	Created      time.Time
}

// BookingFact is what a report counts of a booking: its status, when it
// was made and when its session starts, and nothing else, so that a
// year of a busy studio is read quickly.
type BookingFact struct {
	Status       BookingStatus
	Created      time.Time
	SessionStart time.Time
}

// PaymentFact is what a report adds up of a payment.
type PaymentFact struct {
	Method string
	Status PaymentStatus
	Amount Money
	PaidAt time.Time
}

// CreditFact is what a report adds up of a pass's ledger entry.
type CreditFact struct {
	Kind  string // EntryGrant, EntryDeduct …
	Delta int
	At    time.Time
}

// ReportTx is the part of Tx that reports and exports read: a coach's
// rows in bulk, one query each.
type ReportTx interface {
	// ReportBookings lists the coach's bookings made in [from, to) or
	// whose session starts in [from, to); zero from and to: all of them.
	// Ordered by booking id.
	ReportBookings(coachID int64, from, to time.Time) ([]*BookingRow, error)
	// ReportBookingFacts is ReportBookings for counting: every booking
	// made in [from, to) or whose session starts in [from, to), in no
	// order, with only what a report counts.
	ReportBookingFacts(coachID int64, from, to time.Time) ([]BookingFact, error)
	// ReportCreditFacts lists the ledger entries, at in [from, to), of
	// the passes with the coach, in no order.
	ReportCreditFacts(coachID int64, from, to time.Time) ([]CreditFact, error)
	// ReportPasses lists the coach's passes that expire in [from, to).
	ReportPasses(coachID int64, from, to time.Time) ([]*Pass, error)
	// ReportPayments lists every payment to the coach. Ordered by id.
	ReportPayments(coachID int64) ([]*Payment, error)
	// ReportPaymentFacts lists the coach's payments paid in [from, to)
	// (the refunded ones among them too), in no order.
	ReportPaymentFacts(coachID int64, from, to time.Time) ([]PaymentFact, error)
}

// ReportWeek is one week (Monday to Sunday in the coach's zone) of a
// report.
type ReportWeek struct {
	Start time.Time // Monday 00:00 in the coach's zone
	// Bookings made this week, by their status today.
	Bookings map[BookingStatus]int
	// Attended and NoShow count the seats of sessions held this week
	// that the coach marked completed or no-show.
	Attended, NoShow int
	// Revenue is the money paid this week, by method, in Report.Currency.
	Revenue map[string]int64
	// Credits sold (granted on passes), used (taken by bookings, net of
	// returns) and expired unused this week.
	CreditsSold, CreditsUsed, CreditsExpired int
}

// MethodRevenue is the money one payment method brought in a period.
type MethodRevenue struct {
	Method string
	Amount Money
}

// Report is a coach's business over the last Weeks weeks, this one
// included.
type Report struct {
	CoachID  int64
	Coach    string
	Zone     string
	Weeks    []ReportWeek
	From, To time.Time // [From, To): Monday of the first week to Monday after this one
	Now      time.Time
	// Currency is the currency of the weeks' Revenue: the one most money
	// came in; other currencies are in Revenue only.
	Currency string
	Revenue  []MethodRevenue // by method and currency, largest first
	Refunded []MethodRevenue // refunded among the money paid in the period
	// Attended and NoShow over the period; NoShowRate is NoShow over
	// their sum (0 when no session was marked).
	Attended, NoShow int
	NoShowRate       float64
	// CreditsExpiring is the credits left on passes that expire in the
	// next four weeks.
	CreditsExpiring int
	// Hours counts seats of the period's sessions by weekday (0 Monday)
	// and hour of their start, in the coach's zone: the busiest hours.
	Hours [7][24]int
	// Total bookings made in the period, any status.
	Total int
}

// Empty reports that nothing happened in the period: no booking, no
// money, no credits moved, no seat marked. A coach's first weeks look
// like this, and are told so rather than shown blank charts.
func (r *Report) Empty() bool {
	if r.Total != 0 || len(r.Revenue) != 0 || len(r.Refunded) != 0 || r.Attended+r.NoShow != 0 {
		return false
	}
	for _, w := range r.Weeks {
		if w.CreditsSold+w.CreditsUsed+w.CreditsExpired != 0 {
			return false
		}
	}
	return true
}

// AttendanceRate is the share of marked seats that were attended.
func (r *Report) AttendanceRate() float64 {
	if r.Attended+r.NoShow == 0 {
		return 0
	}
	return float64(r.Attended) / float64(r.Attended+r.NoShow)
}

// CoachReport computes the coach's report for the last weeks weeks (one
// of ReportWeeks). Errors: ENOTFOUND (no such coach), EINVALID (another
// number of weeks).
func (s *Admin) CoachReport(ctx context.Context, coachID int64, weeks int) (*Report, error) {
	if !slices.Contains(ReportWeeks, weeks) {
		return nil, NewError(EINVALID, "err.report.weeks", "A report covers 4, 12 or 52 weeks.")
	}
	var r *Report
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		coach, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		loc, err := LoadZone(coach.Zone)
		if err != nil {
			return err
		}
		r = newReport(coach, loc, now, weeks)
		bookings, err := tx.ReportBookingFacts(coachID, r.From, r.To)
		if err != nil {
			return err
		}
		entries, err := tx.ReportCreditFacts(coachID, r.From, r.To)
		if err != nil {
			return err
		}
		payments, err := tx.ReportPaymentFacts(coachID, r.From, r.To)
		if err != nil {
			return err
		}
		expiring, err := tx.ReportPasses(coachID, now, now.Add(expiringWindow))
		if err != nil {
			return err
		}
		r.addBookings(bookings, loc)
		r.addCredits(entries, loc)
		r.addPayments(payments, loc)
		for _, p := range expiring {
			r.CreditsExpiring += p.CreditsLeft
		}
		return nil
	})
	return r, err
}

// newReport lays out the empty weeks ending with now's week.
func newReport(coach *Coach, loc *time.Location, now time.Time, weeks int) *Report {
	local := now.In(loc)
	monday := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	first := monday.AddDate(0, 0, -7*(weeks-1))
	r := &Report{CoachID: coach.ID, Coach: coach.Name, Zone: coach.Zone, Now: now,
		From: DBTime(first), To: DBTime(monday.AddDate(0, 0, 7))}
	for i := range weeks {
		r.Weeks = append(r.Weeks, ReportWeek{Start: first.AddDate(0, 0, 7*i),
			Bookings: map[BookingStatus]int{}, Revenue: map[string]int64{}})
	}
	return r
}

// week is the index of the week t falls in, or -1 outside the report.
func (r *Report) week(t time.Time, loc *time.Location) int {
	if t.Before(r.From) || !t.Before(r.To) {
		return -1
	}
	local := t.In(loc)
	// Calendar days, not hours, so a DST change does not shift a week.
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	first := r.Weeks[0].Start
	start := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	i := int(day.Sub(start).Hours()/24) / 7
	if i < 0 || i >= len(r.Weeks) {
		return -1
	}
	return i
}

func (r *Report) addBookings(rows []BookingFact, loc *time.Location) {
	for _, b := range rows {
		if i := r.week(b.Created, loc); i >= 0 {
			r.Weeks[i].Bookings[b.Status]++
			r.Total++
		}
		i := r.week(b.SessionStart, loc)
		if i < 0 {
			continue
		}
		switch b.Status {
		case BookingCompleted:
			r.Weeks[i].Attended++
			r.Attended++
		case BookingNoShow:
			r.Weeks[i].NoShow++
			r.NoShow++
		}
		if b.Status.HoldsSeat() {
			local := b.SessionStart.In(loc)
			r.Hours[(int(local.Weekday())+6)%7][local.Hour()]++
		}
	}
	if r.Attended+r.NoShow > 0 {
		r.NoShowRate = float64(r.NoShow) / float64(r.Attended+r.NoShow)
	}
}

func (r *Report) addCredits(entries []CreditFact, loc *time.Location) {
	for _, e := range entries {
		i := r.week(e.At, loc)
		if i < 0 {
			continue
		}
		w := &r.Weeks[i]
		switch e.Kind {
		case EntryGrant:
			w.CreditsSold += e.Delta
		case EntryDeduct, EntryReturn:
			w.CreditsUsed -= e.Delta
		case EntryExpire:
			w.CreditsExpired -= e.Delta
		}
	}
}

func (r *Report) addPayments(ps []PaymentFact, loc *time.Location) {
	totals := map[MethodRevenue]int64{}
	refunds := map[MethodRevenue]int64{}
	byCurrency := map[string]int64{}
	for _, p := range ps {
		if p.Status != PaymentPaid && p.Status != PaymentRefunded {
			continue
		}
		key := MethodRevenue{Method: p.Method, Amount: Money{Currency: p.Amount.Currency}}
		totals[key] += p.Amount.Amount
		byCurrency[p.Amount.Currency] += p.Amount.Amount
		if p.Status == PaymentRefunded {
			refunds[key] += p.Amount.Amount
		}
	}
	for c, n := range byCurrency {
		if n > byCurrency[r.Currency] || (n == byCurrency[r.Currency] && c < r.Currency) {
			r.Currency = c
		}
	}
	for _, p := range ps {
		if (p.Status == PaymentPaid || p.Status == PaymentRefunded) && p.Amount.Currency == r.Currency {
			if i := r.week(p.PaidAt, loc); i >= 0 {
				r.Weeks[i].Revenue[p.Method] += p.Amount.Amount
			}
		}
	}
	r.Revenue, r.Refunded = sortedRevenue(totals), sortedRevenue(refunds)
}

func sortedRevenue(m map[MethodRevenue]int64) []MethodRevenue {
	out := make([]MethodRevenue, 0, len(m))
	for k, n := range m {
		k.Amount.Amount = n
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b MethodRevenue) int {
		return cmp.Or(cmp.Compare(b.Amount.Amount, a.Amount.Amount), cmp.Compare(a.Method, b.Method),
			cmp.Compare(a.Amount.Currency, b.Amount.Currency))
	})
	return out
}

// Export is a coach's rows for a spreadsheet: every booking of their
// sessions, every payment to them, and every client they have.
type Export struct {
	Bookings []*BookingRow
	Payments []*Payment
	Clients  []*Client
}

// CoachExport reads the coach's bookings, payments and clients for a CSV
// export. Errors: ENOTFOUND (no such coach).
func (s *Admin) CoachExport(ctx context.Context, coachID int64) (*Export, error) {
	var x Export
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		var err error
		if x.Bookings, err = tx.ReportBookings(coachID, time.Time{}, time.Time{}); err != nil {
			return err
		}
		if x.Payments, err = tx.ReportPayments(coachID); err != nil {
			return err
		}
		x.Clients, err = tx.CoachClients(coachID, "", 0)
		return err
	})
	return &x, err
}
