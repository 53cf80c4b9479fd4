package bot

import (
	"github.com/slotbot/slotbot/core"
)

// DescribeCheckout words what a payment page sells in the client's
// language: the product's name (a package's or session type's, or the
// late fee of one) and its detail (what the package holds, or when and
// with whom the session is). The payment adapter shows them on its page.
func DescribeCheckout(plan *core.CheckoutPlan) (product, detail string) {
	lang := Language(plan.Language)
	switch {
	case plan.Package != "":
		return plan.Package, Text(lang, "checkout.package_detail", "Count", plan.Credits, "Days", plan.ValidityDays)
	case plan.Type != "":
		product = plan.Type
		if plan.Payment != nil && plan.Payment.Purpose == core.PurposeFee {
			product = Text(lang, "checkout.fee", "Type", plan.Type)
		}
		when := plan.Start
		if loc, err := core.LoadZone(plan.Zone); err == nil {
			when = when.In(loc)
		}
		return product, Text(lang, "checkout.session_detail", "When", formatWhen(lang, when.Location(), when), "Zone", plan.Zone,
			"Coach", plan.Coach)
	}
	return Text(lang, "checkout.payment"), ""
}
