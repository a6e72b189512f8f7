package watchdog

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	active      prometheus.Gauge
	elected     prometheus.Counter
	readErrors  prometheus.Counter
	decisions   *prometheus.CounterVec
	transfers   *prometheus.CounterVec
	voided      *prometheus.CounterVec
	reoffers    *prometheus.CounterVec
	deadline    *prometheus.GaugeVec
	leaderState prometheus.Gauge
	// silentUnconfirmed: claims found silent while etcd showed no missed
	// keep-alive (kept): a prover cut from NATS only, or a dead one in
	// the second before etcd can tell.
	silentUnconfirmed prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		active: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_watchdog_active", Help: "1 while this instance holds the election and acts."}),
		elected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_watchdog_elections_won_total", Help: "Times this instance became the active one."}),
		readErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_watchdog_read_errors_total", Help: "Check rounds skipped because etcd could not be read."}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_watchdog_decisions_total", Help: "Leader-health decisions on an unhealthy reading, by action and reason."},
			[]string{"action", "reason"}),
		transfers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_watchdog_transfers_total", Help: "Leadership transfers asked for, by outcome (ok, error, unknown)."},
			[]string{"outcome"}),
		voided: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_watchdog_attempts_voided_total", Help: "Proof attempts given up, by reason (heartbeats_missed, lease_expired, deadline, superseded)."},
			[]string{"reason"}),
		reoffers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_watchdog_reoffers_total", Help: "Requests to the leader to offer a batch again, by outcome."},
			[]string{"outcome"}),
		deadline: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "baton_watchdog_proof_deadline_seconds", Help: "Current proving deadline per circuit."}, []string{"circuit"}),
		leaderState: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_watchdog_leader_unhealthy_readings", Help: "Consecutive unhealthy readings of the current leader."}),
		silentUnconfirmed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_watchdog_silent_claims_unconfirmed_total", Help: "Claims found silent on NATS while etcd showed no missed keep-alive of their lease (kept, at least for now)."}),
	}
	reg.MustRegister(m.active, m.elected, m.readErrors, m.decisions, m.transfers, m.voided, m.reoffers, m.deadline, m.leaderState, m.silentUnconfirmed)
	// Series exist before their first event, so rates see the first one.
	for _, o := range []string{"ok", "error", "unknown"} {
		m.transfers.WithLabelValues(o)
	}
	for _, r := range []string{"heartbeats_missed", "lease_expired", "deadline", "superseded"} {
		m.voided.WithLabelValues(r)
	}
	for _, o := range []string{"offered", "proven", "error"} {
		m.reoffers.WithLabelValues(o)
	}
	for _, a := range []string{"wait_confirm", "probation", "cooldown", "no_target", "transfer"} {
		for _, r := range []string{"heartbeat_stale", "commit_stalled", "l1_posting_lag"} {
			m.decisions.WithLabelValues(a, r)
		}
	}
	return m
}
