package cluster

import (
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are one replica's Prometheus metrics, on a registry of its own (no
// global state, so tests can run several replicas in one process).
type Metrics struct {
	Registry *prometheus.Registry

	txsApplied     prometheus.Counter
	batchesApplied prometheus.Counter
	applyRejected  prometheus.Counter
	fsmApply       prometheus.Histogram
	proposeLatency prometheus.Histogram
	leaderChanges  prometheus.Counter
	txsAdmitted    *prometheus.CounterVec
	txsRejected    *prometheus.CounterVec
	forwarded      prometheus.Counter
	forwardRetries *prometheus.CounterVec
	// backlogRefusals counts API transactions refused at the unproven
	// backlog's bound.
	backlogRefusals prometheus.Counter
	// batchesProven counts batches this replica saw reach proven: a
	// proof recorded, or finalized on L1 without one (a backup prover's).
	batchesProven prometheus.Counter
	// The same two counts, readable without Prometheus (the overview,
	// the drain rate).
	refusalCount, provenCount atomic.Uint64
	batchSize                 prometheus.Histogram
	sigCacheHits              prometheus.Counter
	sigCacheMisses            prometheus.Counter
	// reads counts reads of the chain (tx, account, batch) by
	// consistency and outcome (ok, not_caught_up, error).
	reads *prometheus.CounterVec
	// readIndex times the read index: the leader's quorum check, or a
	// follower's call to the leader for it.
	readIndex prometheus.Histogram
	// readNotCaughtUp counts reads answered 503 not_caught_up.
	readNotCaughtUp prometheus.Counter
}

func newMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		txsApplied: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_fsm_txs_applied_total", Help: "Operations applied in committed batches."}),
		batchesApplied: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_fsm_batches_applied_total", Help: "Batches applied."}),
		applyRejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_fsm_entries_rejected_total", Help: "Committed entries the fsm rejected (they changed nothing)."}),
		fsmApply: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_fsm_apply_seconds", Help: "Time to apply one entry to the state machine.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16)}),
		proposeLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_raft_apply_seconds", Help: "Leader: time from proposing a batch to its apply result.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		leaderChanges: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_raft_leader_changes_total", Help: "Leader changes observed by this replica."}),
		txsAdmitted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_api_txs_admitted_total", Help: "Transactions admitted at this replica's API."}, []string{"kind"}),
		txsRejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_txs_rejected_total", Help: "Transactions rejected, by reason."}, []string{"reason"}),
		forwarded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_api_txs_forwarded_total", Help: "Transactions a follower forwarded to the leader."}),
		forwardRetries: newForwardRetries(),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_batch_txs", Help: "Operations per proposed batch.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 15)}),
		backlogRefusals: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_backlog_refusals_total", Help: "API transactions refused because the unproven backlog was at its bound."}),
		batchesProven: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_batches_proven_total", Help: "Batches that reached proven (a recorded proof, or finalized without one) as this replica applied its log; the drain rate is its rate()."}),
		sigCacheHits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_sig_cache_hits_total", Help: "Applied signatures already verified by this replica's API."}),
		sigCacheMisses: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_sig_cache_misses_total", Help: "Applied signatures verified on Apply."}),
		reads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_reads_total", Help: "Reads of the chain (tx, account, batch) by consistency and outcome."}, []string{"consistency", "outcome"}),
		readIndex: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_read_index_seconds", Help: "Time to obtain a linearizable read's index (leader: barrier and quorum check; follower: the call to the leader).",
			Buckets: prometheus.ExponentialBuckets(0.0002, 2, 14)}),
		readNotCaughtUp: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_read_not_caught_up_total", Help: "Reads answered 503 not_caught_up (restoring, catching up, or no read index within the read timeout)."}),
	}
	for _, c := range []string{"linearizable", "stale"} {
		for _, o := range []string{"ok", "not_caught_up", "error"} {
			m.reads.WithLabelValues(c, o)
		}
	}
	reg.MustRegister(m.reads, m.readIndex, m.readNotCaughtUp, m.sigCacheHits, m.sigCacheMisses, m.txsApplied, m.batchesApplied, m.applyRejected, m.fsmApply, m.proposeLatency,
		m.leaderChanges, m.txsAdmitted, m.txsRejected, m.forwarded, m.forwardRetries, m.batchSize, m.backlogRefusals, m.batchesProven,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// refusedAtBound counts an API transaction refused at the backlog bound.
func (m *Metrics) refusedAtBound() {
	m.backlogRefusals.Inc()
	m.refusalCount.Add(1)
}

// proven counts batches reaching proven.
func (m *Metrics) proven(batches uint64) {
	if batches == 0 {
		return
	}
	m.batchesProven.Add(float64(batches))
	m.provenCount.Add(batches)
}

// registerRaft exports Raft's own health, read from the live node at scrape
// time so the figures are never stale.
func (m *Metrics) registerRaft(r *raft.Raft, n *Node) {
	gauge := func(name, help string, f func() float64) {
		m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	gauge("baton_raft_term", "Current Raft term.", func() float64 { return float64(r.CurrentTerm()) })
	gauge("baton_raft_commit_index", "Raft commit index.", func() float64 { return float64(r.CommitIndex()) })
	gauge("baton_raft_applied_index", "Raft applied index.", func() float64 { return float64(r.AppliedIndex()) })
	gauge("baton_raft_last_index", "Last Raft log index.", func() float64 { return float64(r.LastIndex()) })
	gauge("baton_raft_is_leader", "1 if this replica leads.", func() float64 {
		if r.State() == raft.Leader {
			return 1
		}
		return 0
	})
	gauge("baton_raft_last_contact_seconds", "Seconds since contact with the leader (0 on the leader).", func() float64 {
		if r.State() == raft.Leader {
			return 0
		}
		t := r.LastContact()
		if t.IsZero() {
			return -1
		}
		return time.Since(t).Seconds()
	})
	gauge("baton_mempool_txs", "Pending transactions.", func() float64 { c, _, _ := n.mempool.Stats(); return float64(c) })
	gauge("baton_mempool_bytes", "Pending bytes.", func() float64 { _, b, _ := n.mempool.Stats(); return float64(b) })
	gauge("baton_batch_height", "Last applied batch number.", func() float64 { return float64(n.Height()) })
	// baton_unproven_batches and the other backlog figures: backlogTracker.
	gauge("baton_unproven_bound", "Unproven batches at which ingress refuses API transactions (0: no bound); derived from the farm's pace unless fixed.", func() float64 {
		return float64(n.backlog.bound())
	})
	gauge("baton_farm_pace_batches_per_second", "Batches proven per second while the farm had work, as this replica's log shows (0: not yet measured).", func() float64 {
		return n.backlog.pace()
	})
	gauge("baton_batch_last_timestamp_seconds", "Leader timestamp of the last applied batch (commit-stall alerts compare it with time()).", func() float64 {
		var ms int64
		n.rep.read(func(m *fsm.Machine) {
			if rec, ok := m.Batch(m.Head().Number); ok {
				ms = rec.Header.Timestamp
			}
		})
		return float64(ms) / 1000
	})
}
