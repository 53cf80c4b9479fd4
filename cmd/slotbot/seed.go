package main

import (
	"context"

	"github.com/slotbot/slotbot/adapters/console"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// coachPersona is the console user who plays the demo coach ("/as coach").
const coachPersona = "coach"

// seedDemo creates the demo studio on a store with no coach yet, its
// coach being the console's coach persona, its names in lang (the
// terminal's); nil when there was a coach.
func seedDemo(ctx context.Context, svc *core.Service, lang string) (*core.Demo, error) {
	coaches, err := svc.Catalog.Coaches(ctx)
	if err != nil || len(coaches) > 0 {
		return nil, err
	}
	p, err := svc.Accounts.Identify(ctx, core.Identity{Platform: console.Platform, UserID: coachPersona,
		ChatID: coachPersona, Name: "Ana Martin", Language: lang})
	if err != nil {
		return nil, err
	}
	// The coach reads times in the studio's zone without being asked.
	c := *p.Client
	c.Zone = "Europe/Paris"
	if err := svc.Accounts.UpdateProfile(ctx, &c); err != nil {
		return nil, err
	}
	return svc.Admin.SeedDemoNamed(ctx, p.Client.ID, demoNames(lang))
}

// demoNames are the demo studio's names in lang, from the catalog.
func demoNames(lang string) core.DemoNames {
	return core.DemoNames{Consultation: bot.Text(lang, "demo.consultation"), Standard: bot.Text(lang, "demo.standard"),
		Extended: bot.Text(lang, "demo.extended"), Class: bot.Text(lang, "demo.class"),
		Pack: func(n int) string { return bot.Text(lang, "demo.pack", "Count", n) }, Notes: bot.Text(lang, "demo.notes")}
}
