package bot

// registerChannels registers linking group chats and channels and announcing sessions there.
func (b *Bot) registerChannels() {}

// channelTexts are the texts of linking group chats and channels and announcing sessions there.
func channelTexts() map[string][2]string { return map[string][2]string{} }
