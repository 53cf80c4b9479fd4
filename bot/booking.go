package bot

// registerBooking registers the booking flows: /book, /classes,
// /reschedule and the "book_<id>" deep link.
func (b *Bot) registerBooking() {}

// bookingTexts are the texts of the booking flows.
func bookingTexts() map[string][2]string { return map[string][2]string{} }
