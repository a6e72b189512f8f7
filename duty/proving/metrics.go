package proving

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	published  prometheus.Counter
	accepted   prometheus.Counter
	rejected   prometheus.Counter
	rejectedBy *prometheus.CounterVec
	duplicates prometheus.Counter
	dead       prometheus.Counter
	reoffered  prometheus.Counter
	depth      prometheus.Gauge
	pending    *prometheus.GaugeVec
	toProven   prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proof_jobs_published_total", Help: "Proof jobs the leader published (repeats JetStream dropped included)."}),
		accepted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proofs_accepted_total", Help: "Proofs verified and recorded through Raft."}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proofs_rejected_total", Help: "Proofs that did not verify."}),
		rejectedBy: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_proofs_rejected_by_prover_total", Help: "Proofs that did not verify, by prover."}, []string{"prover"}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proofs_duplicate_total", Help: "Results for batches already proven (harmless)."}),
		dead: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proof_jobs_dead_total", Help: "Jobs moved to the dead letters after MaxDeliver."}),
		reoffered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proof_jobs_reoffered_total", Help: "Attempts given up on the watchdog's request and offered again."}),
		depth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_proof_job_queue_depth", Help: "Jobs waiting or in progress (sampled by the leader)."}),
		pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "baton_proof_jobs_pending", Help: "Jobs not yet taken by a prover, by circuit (sampled by the leader)."}, []string{"circuit"}),
		toProven: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_batch_sequenced_to_proven_seconds", Help: "From a batch's leader timestamp to its proof's record.",
			Buckets: prometheus.ExponentialBuckets(0.25, 2, 14)}),
	}
	if reg != nil {
		reg.MustRegister(m.published, m.accepted, m.rejected, m.rejectedBy, m.duplicates, m.dead, m.reoffered, m.depth, m.pending, m.toProven)
	}
	return m
}
