package bot

// registerPayments registers paying online and the payment pages.
func (b *Bot) registerPayments() {}

// paymentTexts are the texts of paying online and the payment pages.
func paymentTexts() map[string][2]string { return map[string][2]string{} }
