package core

import (
	"context"
	"time"
)

// Demo is the studio SeedDemo creates, for the terminal chat's first run
// and for conversation tests.
type Demo struct {
	Coach        *Coach
	Consultation *SessionType // free, 30 min, online
	Standard     *SessionType // 60 min, EUR 50 or 1 credit
	Extended     *SessionType // 90 min, EUR 70 or 2 credits
	Class        *SessionType // group class, 8 seats, 1 credit or EUR 15
	Classes      []*Session   // the weekly class for the next 8 weeks
	Packs        []*Package   // 5, 10 and 20 sessions
}

// DemoNames are the words of the demo studio a coach would have typed:
// its session types, packages and class notes, in the language of whoever
// first runs the terminal chat.
type DemoNames struct {
	Consultation, Standard, Extended, Class string
	// Pack names a package of n sessions.
	Pack  func(n int) string
	Notes string // the weekly class's notes
}

// EnglishDemo is the demo studio's words in English, the ones tests read.
func EnglishDemo() DemoNames {
	return DemoNames{Consultation: "Free consultation", Standard: "Standard session", Extended: "Extended session",
		Class: "Yoga flow (group)", Pack: func(n int) string { return itoa(int64(n)) + " sessions" }, Notes: "Bring a mat and water."}
}

// SeedDemo creates a demo studio: coach Ana in Paris with weekly hours, a
// free consultation, a standard and an extended session, a weekly group
// class of 8 seats, and 5/10/20-session packages. coachClientID, if not
// zero, is the person record that becomes the coach.
func (s *Admin) SeedDemo(ctx context.Context, coachClientID int64) (*Demo, error) {
	return s.SeedDemoNamed(ctx, coachClientID, EnglishDemo())
}

// SeedDemoNamed is SeedDemo with the studio's names in another language.
func (s *Admin) SeedDemoNamed(ctx context.Context, coachClientID int64, names DemoNames) (*Demo, error) {
	d := &Demo{Coach: &Coach{Name: "Ana Martin", Zone: "Europe/Paris", ClientID: coachClientID, Policy: DefaultPolicy()}}
	if err := s.accounts.CreateCoach(ctx, d.Coach); err != nil {
		return nil, err
	}
	id := d.Coach.ID
	d.Consultation = &SessionType{CoachID: id, Name: names.Consultation, Duration: 30 * time.Minute, Online: true,
		VideoLink: "https://meet.example.com/ana", Capacity: 1}
	d.Standard = &SessionType{CoachID: id, Name: names.Standard, Duration: time.Hour,
		Price: Money{Amount: 5000, Currency: "EUR"}, CreditCost: 1, Online: true, InPerson: true,
		Location: "12 rue des Lilas, Paris", VideoLink: "https://meet.example.com/ana", Capacity: 1}
	d.Extended = &SessionType{CoachID: id, Name: names.Extended, Duration: 90 * time.Minute,
		Price: Money{Amount: 7000, Currency: "EUR"}, CreditCost: 2, Online: true, InPerson: true,
		Location: "12 rue des Lilas, Paris", VideoLink: "https://meet.example.com/ana", Capacity: 1}
	d.Class = &SessionType{CoachID: id, Name: names.Class, Duration: time.Hour,
		Price: Money{Amount: 1500, Currency: "EUR"}, CreditCost: 1, InPerson: true, Location: "Studio Lilas, Paris", Capacity: 8}
	for _, t := range []*SessionType{d.Consultation, d.Standard, d.Extended, d.Class} {
		if err := s.catalog.CreateSessionType(ctx, t); err != nil {
			return nil, err
		}
	}
	for _, p := range []struct {
		credits, days int
		price         int64
	}{{5, 90, 22500}, {10, 120, 40000}, {20, 180, 70000}} {
		pk := &Package{CoachID: id, Name: names.Pack(p.credits), Credits: p.credits,
			Price: Money{Amount: p.price, Currency: "EUR"}, ValidityDays: p.days, DeductAt: DeductAtBooking}
		if err := s.catalog.CreatePackage(ctx, pk); err != nil {
			return nil, err
		}
		d.Packs = append(d.Packs, pk)
	}
	loc, err := LoadZone(d.Coach.Zone)
	if err != nil {
		return nil, err
	}
	// The class runs Thursdays 18:30 Paris time, from next Thursday.
	now := s.clock.Now().In(loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 18, 30, 0, 0, loc)
	for day.Weekday() != time.Thursday || !day.After(now.Add(24*time.Hour)) {
		day = time.Date(day.Year(), day.Month(), day.Day()+1, 18, 30, 0, 0, loc)
	}
	for w := 0; w < 8; w++ {
		start := time.Date(day.Year(), day.Month(), day.Day()+7*w, 18, 30, 0, 0, loc)
		sess, err := s.catalog.ScheduleSession(ctx, ScheduleRequest{CoachID: id, TypeID: d.Class.ID, Start: start,
			Deadline: start.Add(-2 * time.Hour), Notes: names.Notes})
		if err != nil {
			return nil, err
		}
		d.Classes = append(d.Classes, sess)
	}
	return d, nil
}
