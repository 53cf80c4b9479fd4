package storetest

// Contract cases for clients, their chat accounts and coaches; listed in
// crudCases.

import (
	"fmt"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func crudClients(t *testing.T, open Opener) {
	s := open(t)
	ana := &core.Client{Name: "Ana Sousa", Zone: "Europe/Lisbon", Language: "pt",
		Email: "ana@example.com", Phone: "+351 912 345 678", Created: crudAt(0)}
	zoe := &core.Client{Name: "Zoë Ölund", Email: "zoe_100%@example.org", Created: crudAt(0.5)}
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreateClient(ana); err != nil {
			return err
		}
		return tx.CreateClient(zoe)
	})
	if ana.ID == 0 || zoe.ID == ana.ID {
		t.Fatalf("ids not set: %d, %d", ana.ID, zoe.ID)
	}

	crudView(t, s, func(tx core.Tx) error {
		want := *ana
		want.Created = crudStored(ana.Created)
		crudEqual(t, "client", crudMust[*core.Client](t)(tx.Client(ana.ID)), &want)
		return nil
	})

	ana.Name, ana.Zone, ana.Phone = "Ana S. Costa", "America/Sao_Paulo", ""
	crudUpdate(t, s, func(tx core.Tx) error { return tx.UpdateClient(ana) })

	crudView(t, s, func(tx core.Tx) error {
		got := crudMust[*core.Client](t)(tx.Client(ana.ID))
		crudEqual(t, "updated client", got.Name+"|"+got.Zone+"|"+got.Phone, "Ana S. Costa|America/Sao_Paulo|")
		for _, c := range []struct {
			query string
			limit int
			want  []int64
		}{
			{"costa", 0, []int64{ana.ID}},       // name, any case
			{"ANA@EXAMPLE", 0, []int64{ana.ID}}, // email
			{"ÖLUND", 0, []int64{zoe.ID}},       // non-ASCII case folding
			{"912", 0, nil},                     // the old phone is gone
			{"_100%", 0, []int64{zoe.ID}},       // LIKE wildcards match themselves
			{"%", 0, []int64{zoe.ID}},           // and only themselves
			{"n_", 0, nil},
			{"example", 0, []int64{ana.ID, zoe.ID}},
			{"example", 1, []int64{ana.ID}},
			{"", 0, []int64{ana.ID, zoe.ID}},
		} {
			var ids []int64
			for _, c := range crudMust[[]*core.Client](t)(tx.SearchClients(c.query, c.limit)) {
				ids = append(ids, c.ID)
			}
			crudEqual(t, fmt.Sprintf("search %q limit %d", c.query, c.limit), ids, c.want)
		}
		return nil
	})
}

func crudAccounts(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	other := crudNewClient(t, s, "Other")
	tg := &core.Account{Platform: "telegram", UserID: "42", ClientID: w.client.ID, ChatID: "42"}
	dc := &core.Account{Platform: "discord", UserID: "42", ClientID: w.client.ID, ChatID: "dm-9"}
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, a := range []*core.Account{tg, dc, {Platform: "telegram", UserID: "7", ClientID: other.ID}} {
			if err := tx.PutAccount(a); err != nil {
				return err
			}
		}
		return nil
	})
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "account", crudMust[*core.Account](t)(tx.Account("telegram", "42")), tg)
		crudEqual(t, "accounts", crudMust[[]*core.Account](t)(tx.Accounts(w.client.ID)), []*core.Account{dc, tg})
		return nil
	})

	// The same chat identity put again updates in place.
	tg2 := &core.Account{Platform: "telegram", UserID: "42", ClientID: other.ID, ChatID: "43", Unreachable: true}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.PutAccount(tg2) })
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "account", crudMust[*core.Account](t)(tx.Account("telegram", "42")), tg2)
		crudEqual(t, "accounts", crudMust[[]*core.Account](t)(tx.Accounts(w.client.ID)), []*core.Account{dc})
		crudEqual(t, "other's accounts", len(crudMust[[]*core.Account](t)(tx.Accounts(other.ID))), 2)
		return nil
	})
}

func crudCoaches(t *testing.T, open Opener) {
	s := open(t)
	person := crudNewClient(t, s, "Bruno")
	plain := &core.Coach{Name: "Carla", Zone: "Europe/Paris", Policy: core.DefaultPolicy(), Created: crudAt(0)}
	strict := &core.Coach{ClientID: person.ID, Name: "Bruno", Zone: "America/New_York", Created: crudAt(1),
		Policy: core.Policy{
			CancelWindow:     48 * time.Hour,
			LateOutcome:      core.LateFee,
			LateFee:          core.Money{Amount: 1500, Currency: "USD"},
			RescheduleNotice: 90 * time.Minute,
			UnpaidHold:       15 * time.Minute,
			ReminderOffsets:  []time.Duration{72 * time.Hour, 30 * time.Minute},
			Unpaid:           core.UnpaidHold,
		}}
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreateCoach(plain); err != nil {
			return err
		}
		return tx.CreateCoach(strict)
	})
	crudView(t, s, func(tx core.Tx) error {
		want := *strict
		want.Created = crudStored(strict.Created)
		crudEqual(t, "coach", crudMust[*core.Coach](t)(tx.Coach(strict.ID)), &want)
		got := crudMust[*core.Coach](t)(tx.Coach(plain.ID))
		crudEqual(t, "coach without a person", got.ClientID, int64(0))
		crudEqual(t, "default policy", got.Policy, core.DefaultPolicy())
		return nil
	})

	strict.Policy.ReminderOffsets = nil
	strict.Policy.LateOutcome, strict.Policy.LateFee = core.LateNone, core.Money{}
	strict.ClientID = 0
	crudUpdate(t, s, func(tx core.Tx) error { return tx.UpdateCoach(strict) })
	crudView(t, s, func(tx core.Tx) error {
		want := *strict
		want.Created = crudStored(strict.Created)
		crudEqual(t, "updated coach", crudMust[*core.Coach](t)(tx.Coach(strict.ID)), &want)
		var ids []int64
		for _, c := range crudMust[[]*core.Coach](t)(tx.Coaches()) {
			ids = append(ids, c.ID)
		}
		crudEqual(t, "coaches", ids, []int64{plain.ID, strict.ID})
		return nil
	})
}
