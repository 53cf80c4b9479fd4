package bot

// registerAccount registers the client's own pages: bookings, passes,
// packages, payments, history, stats, profile, progress.
func (b *Bot) registerAccount() {}

// accountTexts are the texts of the account pages.
func accountTexts() map[string][2]string { return map[string][2]string{} }
