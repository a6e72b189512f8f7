package prover

import "github.com/prometheus/client_golang/prometheus"

// Metrics of a prover worker.
type Metrics struct {
	proveSeconds prometheus.Histogram
	queueSeconds prometheus.Histogram
	jobs         *prometheus.CounterVec
}

// NewMetrics registers a worker's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		proveSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_prover_prove_seconds", Help: "Time to prove one batch.",
			Buckets: prometheus.ExponentialBuckets(0.25, 2, 12)}),
		queueSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_prover_queue_wait_seconds", Help: "From a job's publication to its fetch by this prover.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 16)}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_prover_jobs_total", Help: "Jobs by outcome: done, failed (retried), redelivered (fetched again), dead, returned (shutdown), refused (other keys), superseded (voided or proven: dropped), held (another prover has it), passed_on (failed here before: handed to a waiting prover)."},
			[]string{"outcome"}),
	}
	reg.MustRegister(m.proveSeconds, m.queueSeconds, m.jobs)
	// Series exist before their first event, so rates see the first one.
	for _, o := range []string{"done", "failed", "redelivered", "dead", "returned", "refused", "superseded", "held", "passed_on"} {
		m.jobs.WithLabelValues(o)
	}
	return m
}
