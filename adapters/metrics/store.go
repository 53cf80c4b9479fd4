package metrics

// Statements exports the count of statements a store sent (the SQL
// stores count them) as slotbot_store_statements_total: on PostgreSQL
// each is a round trip, the cost the rush benchmark counts per update.
func (m *Metrics) Statements(count func() int64) {
	m.collect(func(w *textWriter) {
		w.counter(namespace+"_store_statements_total",
			"Statements sent to the database, BEGIN and COMMIT included: on PostgreSQL each is a round trip.",
			float64(count()))
	})
}
