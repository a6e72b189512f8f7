package settlement

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	sent      *prometheus.CounterVec
	reverted  *prometheus.CounterVec
	gas       *prometheus.CounterVec
	recorded  *prometheus.CounterVec
	mismatch  prometheus.Counter
	head      prometheus.Gauge
	committed prometheus.Gauge
	finalized prometheus.Gauge
	lag       prometheus.Gauge
	queueAge  prometheus.Gauge
	deadline  prometheus.Gauge
	balance   prometheus.Gauge
	toFinal   prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_txs_sent_total", Help: "L1 transactions sent by the leader (first versions), by call."}, []string{"call"}),
		reverted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_txs_reverted_total", Help: "L1 transactions final with a revert, by call."}, []string{"call"}),
		gas: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_gas_used_total", Help: "Gas of final L1 transactions, by call."}, []string{"call"}),
		recorded: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_events_recorded_total", Help: "Confirmed L1 events recorded through Raft or fed to the mempool, by kind."}, []string{"kind"}),
		mismatch: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_l1_commit_mismatch_total", Help: "Committed batches on L1 whose root or data differ from the log (never recorded)."}),
		head: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_head_block", Help: "Latest L1 block the leader saw."}),
		committed: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_last_committed_batch", Help: "The rollup contract's last committed batch (latest block)."}),
		finalized: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_last_finalized_batch", Help: "The rollup contract's last finalized batch (latest block)."}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_posting_lag_batches", Help: "Batches in the log not yet committed on L1."}),
		queueAge: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_priority_oldest_age_blocks", Help: "Age of the oldest priority entry no commit consumed yet (0: none)."}),
		deadline: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_inclusion_deadline_blocks", Help: "The contract's force-inclusion deadline for priority entries."}),
		balance: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_sequencer_balance_wei", Help: "The sequencer account's L1 balance."}),
		toFinal: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_batch_sequenced_to_finalized_seconds", Help: "From a batch's leader timestamp to its L1 finality being recorded.",
			Buckets: prometheus.ExponentialBuckets(0.5, 2, 14)}),
	}
	if reg != nil {
		reg.MustRegister(m.sent, m.reverted, m.gas, m.recorded, m.mismatch, m.head, m.committed, m.finalized,
			m.lag, m.queueAge, m.deadline, m.balance, m.toFinal)
	}
	// Every call's series exists from the start: a rate() over a series
	// that appears only with its first revert misses that revert.
	for _, call := range []string{"commit", "prove", "filler"} {
		m.sent.WithLabelValues(call)
		m.reverted.WithLabelValues(call)
		m.gas.WithLabelValues(call)
	}
	return m
}
