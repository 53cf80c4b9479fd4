package bot

// noticeTexts are the texts of outbox notices (reminders, promotions,
// cancellations, coach alerts).
func noticeTexts() map[string][2]string { return map[string][2]string{} }
