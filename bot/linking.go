package bot

// registerLinking registers linking one person's Telegram and Discord accounts with /link.
func (b *Bot) registerLinking() {}

// linkTexts are the texts of linking one person's Telegram and Discord accounts with /link.
func linkTexts() map[string][2]string { return map[string][2]string{} }
