package metrics

import "github.com/prometheus/client_golang/prometheus"

// Statements exports the count of statements a store sent (the SQL
// stores count them) as slotbot_store_statements_total: on PostgreSQL
// each is a round trip, the cost the rush benchmark counts per update.
func (m *Metrics) Statements(count func() int64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace,
		Name: "store_statements_total",
		Help: "Statements sent to the database, BEGIN and COMMIT included: on PostgreSQL each is a round trip."},
		func() float64 { return float64(count()) }))
}
