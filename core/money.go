package core

import (
	"fmt"
	"strings"
)

// Money is an amount in integer minor units (cents) with an ISO 4217
// currency; floats never touch money.
type Money struct {
	Amount   int64  // minor units
	Currency string // upper-case ISO 4217 code, e.g. "EUR"
}

// IsZero reports whether m is free.
func (m Money) IsZero() bool { return m.Amount == 0 }

// String renders m plainly ("EUR 45.00"); the bot formats per language.
func (m Money) String() string {
	if m.IsZero() {
		return "free"
	}
	sign := ""
	a := m.Amount
	if a < 0 {
		sign, a = "-", -a
	}
	exp := CurrencyExponent(m.Currency)
	if exp == 0 {
		return fmt.Sprintf("%s %s%d", m.Currency, sign, a)
	}
	div := int64(1)
	for i := 0; i < exp; i++ {
		div *= 10
	}
	return fmt.Sprintf("%s %s%d.%0*d", m.Currency, sign, a/div, exp, a%div)
}

// CurrencyExponent is the number of minor-unit digits of a currency.
func CurrencyExponent(currency string) int {
	switch strings.ToUpper(currency) {
	case "JPY", "KRW", "VND", "CLP", "ISK", "XOF", "XAF", "UGX", "PYG", "RWF":
		return 0
	case "BHD", "KWD", "OMR", "JOD", "TND":
		return 3
	}
	return 2
}

// validate checks an amount that may be free.
func (m Money) validate(what string) error {
	if m.Amount < 0 {
		if what == "late-cancel fee" {
			return NewError(EINVALID, "err.money.fee_negative", "The late-cancel fee cannot be negative.")
		}
		return NewError(EINVALID, "err.money.price_negative", "The price cannot be negative.")
	}
	if m.Amount > 0 && (len(m.Currency) != 3 || strings.ToUpper(m.Currency) != m.Currency) {
		if what == "late-cancel fee" {
			return NewError(EINVALID, "err.money.fee_currency", "The late-cancel fee needs a three-letter currency code such as EUR.")
		}
		return NewError(EINVALID, "err.money.price_currency", "The price needs a three-letter currency code such as EUR.")
	}
	return nil
}
