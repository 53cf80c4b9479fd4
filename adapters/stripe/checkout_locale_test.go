package stripe

import (
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Checkout opens in the client's language when Stripe speaks it: Russian
// too, not only English and French.
func TestCheckoutLocale(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]string{"en": "en", "fr": "fr", "ru": "ru", "de": "de", "xx": "auto", "": "auto"} {
		if got := locale(lang); got != want {
			t.Errorf("locale(%q) = %q, want %q", lang, got, want)
		}
	}
}

// The page names what is sold in the words Describe gives (the bot's, in
// the client's language), and opens in the client's language.
func TestCheckoutIsWordedByDescribe(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	var asked *core.CheckoutPlan
	e.c.cfg.Describe = func(plan *core.CheckoutPlan) (string, string) {
		asked = plan
		return "Стандартное занятие", "чт, 4 июня, 10:00 (Europe/Paris), тренер " + plan.Coach
	}
	_, res := e.hold("Maria", e.paidSession())
	_, err := e.c.CheckoutURL(e.ctx, res.Payment)
	e.must(err)
	f := e.calls.to("/v1/checkout/sessions")[0].Form
	if got := f.Get("line_items[0][price_data][product_data][name]"); got != "Стандартное занятие" {
		t.Errorf("name = %q", got)
	}
	if got := f.Get("line_items[0][price_data][product_data][description]"); got != "чт, 4 июня, 10:00 (Europe/Paris), тренер Ana Martin" {
		t.Errorf("description = %q", got)
	}
	if asked == nil || asked.Type != "Standard session" || asked.Zone != "Europe/Paris" || asked.Start.IsZero() {
		t.Errorf("plan = %+v", asked)
	}
}
