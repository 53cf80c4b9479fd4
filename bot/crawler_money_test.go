package bot

import (
	"slices"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// What the crawler checks against the rows: a text that says credits came
// back, that money is refunded, that the client has a pass, or that a
// session is past, says it only when the store agrees.

// crawlClaims are the texts that claim something of the rows, by what
// they claim.
var crawlClaims = map[string][]string{
	// Credits came back to a pass in this request.
	"returned": {"my.cancel.done_returned", "notice.credits_returned", "cs.cancelled_credits"},
	// Money was paid, so there is something to refund (or not to).
	"refund": {"my.cancel.refund", "my.cancel.done_refund", "my.cancel.late_kept", "my.payments.refund_due",
		"my.paid.refunded", "notice.refund"},
	// The client has a pass that can pay now.
	"usable pass": {"book.pay_pass", "book.pass_instead", "classes.pass_on_promotion"},
	// The client has, or had, a pass.
	"pass": {"book.used_pass", "book.status_with_pass", "my.cancel.returns", "my.paid.credits", "my.passes.line",
		"my.passes.used_up", "my.passes.expired"},
}

// returns counts the credits given back to passes in the studio so far
// (the ledger's return entries), read before and after each request.
func (c *crawler) returns() int {
	var n int
	if err := c.countReturns.QueryRowContext(c.h.ctx).Scan(&n); err != nil {
		c.t.Fatal(err)
	}
	return n
}

// clientID is the client record of a chat user.
func (c *crawler) clientID(tx core.Tx, u user) (int64, error) {
	a, err := tx.Account("test", u.id)
	if err != nil {
		return 0, err
	}
	return a.ClientID, nil
}

// checkClaims fails a reply whose texts claim what the rows deny; before
// is how many credits had come back before the request.
func (c *crawler) checkClaims(path []string, r []Reply, keys []string, before int) {
	claims := map[string]string{}
	for what, ks := range crawlClaims {
		for _, k := range ks {
			if slices.Contains(keys, k) {
				claims[what] = k
				c.cov.claims++
			}
		}
	}
	if k, ok := claims["returned"]; ok && c.returns() <= before {
		c.fail(path, "“credits returned” ("+k+") but no credit came back to a pass", r)
	}
	if c.persona == "client" {
		c.checkClientClaims(path, r, claims)
	}
	c.checkPast(path, r, keys)
}

// checkClientClaims checks what a reply tells the client of their money
// and passes against their rows.
func (c *crawler) checkClientClaims(path []string, r []Reply, claims map[string]string) {
	if len(claims) == 0 {
		return
	}
	var passes []*core.Pass
	var paid bool
	err := c.h.store.View(c.h.ctx, func(tx core.Tx) error {
		id, err := c.clientID(tx, c.u)
		if err != nil {
			return err
		}
		if passes, err = tx.Passes(id); err != nil {
			return err
		}
		ps, err := tx.Payments(core.PaymentFilter{ClientID: id})
		for _, p := range ps {
			paid = paid || p.Status == core.PaymentPaid || p.Status == core.PaymentRefunded
		}
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	now := c.h.clock.Now()
	usable := slices.ContainsFunc(passes, func(p *core.Pass) bool { return p.CreditsLeft > 0 && !p.Expired(now) })
	if k, ok := claims["refund"]; ok && !paid {
		c.fail(path, "a refund is mentioned ("+k+") but the client paid nothing", r)
	}
	if k, ok := claims["usable pass"]; ok && !usable {
		c.fail(path, "a pass that can pay is mentioned ("+k+") but the client has none", r)
	}
	if k, ok := claims["pass"]; ok && len(passes) == 0 {
		c.fail(path, "a pass is mentioned ("+k+") but the client never had one", r)
	}
}

// crawlPastHeaders are the texts that head a list of past sessions.
var crawlPastHeaders = []string{"my.bookings.past", "cc.past"}

// checkPast fails a list of past sessions that shows a session still to
// come: each line under the heading is checked against the start, in
// Paris as the crawl's people read it, of every session not yet begun.
func (c *crawler) checkPast(path []string, r []Reply, keys []string) {
	var heads []string
	for _, k := range crawlPastHeaders {
		if slices.Contains(keys, k) {
			heads = append(heads, Text(c.lang, k))
		}
	}
	if len(heads) == 0 {
		return
	}
	var upcoming []string
	paris, _ := time.LoadLocation("Europe/Paris")
	now := c.h.clock.Now()
	err := c.h.store.View(c.h.ctx, func(tx core.Tx) error {
		ss, err := tx.Sessions(core.SessionFilter{CoachID: c.h.demo.Coach.ID, From: now})
		for _, s := range ss {
			upcoming = append(upcoming, formatWhen(c.lang, paris, s.Start))
		}
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	for _, rep := range r {
		for _, h := range heads {
			_, past, ok := strings.Cut(rep.Text, h)
			if !ok {
				continue
			}
			past, _, _ = strings.Cut(past, "\n\n")
			for _, w := range upcoming {
				if strings.Contains(past, w) {
					c.fail(path, "a session still to come ("+w+") is listed as past", r)
				}
			}
		}
	}
}
