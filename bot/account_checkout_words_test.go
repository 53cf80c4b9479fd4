package bot

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The payment page names what is sold in the client's language, with its
// date as they write dates.
func TestDescribeCheckoutInEveryLanguage(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 4, 8, 0, 0, 0, time.UTC) // 10:00 in Paris
	session := func(lang string, purpose string) *core.CheckoutPlan {
		return &core.CheckoutPlan{Language: lang, Payment: &core.Payment{Purpose: purpose}, Type: "Yoga", Start: start,
			Zone: "Europe/Paris", Coach: "Ana Martin"}
	}
	pack := func(lang string, credits int) *core.CheckoutPlan {
		return &core.CheckoutPlan{Language: lang, Payment: &core.Payment{Purpose: core.PurposePackage}, Package: "Пакет",
			Credits: credits, ValidityDays: 90}
	}
	for _, c := range []struct {
		plan            *core.CheckoutPlan
		product, detail string
	}{
		{session("en", core.PurposeBooking), "Yoga", "Thu 4 Jun, 10:00 (Europe/Paris) with Ana Martin"},
		{session("fr", core.PurposeFee), "Frais d'annulation tardive : Yoga", "jeu. 4 juin, 10:00 (Europe/Paris) avec Ana Martin"},
		{session("ru", core.PurposeBooking), "Yoga", "чт, 4 июня, 10:00 (Europe/Paris), тренер Ana Martin"},
		{session("ru", core.PurposeFee), "Штраф за позднюю отмену: Yoga", "чт, 4 июня, 10:00 (Europe/Paris), тренер Ana Martin"},
		{pack("ru", 5), "Пакет", "5 кредитов, срок — 90 дн."},
		{pack("ru", 22), "Пакет", "22 кредита, срок — 90 дн."},
		{pack("en", 1), "Пакет", "1 credit, valid 90 days"},
		{&core.CheckoutPlan{Language: "ru", Payment: &core.Payment{}}, "Оплата", ""},
	} {
		product, detail := DescribeCheckout(c.plan)
		if product != c.product || detail != c.detail {
			t.Errorf("%s: %q / %q, want %q / %q", c.plan.Language, product, detail, c.product, c.detail)
		}
	}
}
