package bot

// registerCoach registers the coach admin flows: /coach and its commands.
func (b *Bot) registerCoach() {}

// coachTexts are the texts of the coach admin flows: /coach and its commands.
func coachTexts() map[string][2]string { return map[string][2]string{} }
