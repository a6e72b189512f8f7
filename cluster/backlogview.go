package cluster

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/wire"
)

// The backlog as one replica's log has it: work sequenced and not yet
// proven, and proven and not yet finalized on L1. Every replica applies
// the same log, so every replica exports the same figures (ages aside,
// which are against its own clock) and a follower's status page draws
// what the leader's would.

const (
	// backlogSampleEvery is the history's step and the drain rate's.
	backlogSampleEvery = 5 * time.Second
	// backlogHistory samples: ten minutes, a fixed ring, whatever the
	// uptime.
	backlogHistory = 120
	// drainWindow is the drain rate's time constant: long enough that a
	// farm returning proofs every 10–30 s reads as a rate, short enough
	// that a farm that stops shows within a few minutes.
	drainWindow = time.Minute
)

// backlogFigures is the backlog at one instant.
type backlogFigures struct {
	head, unproven, witnessBytes uint64
	oldestUnprovenAge            time.Duration
	// l1Lag: proven and not yet finalized; unfinalizedAge since the
	// oldest of them was proven.
	l1Lag          uint64
	unfinalizedAge time.Duration
	unfinalized    uint64
	// finalityLag: since the oldest unfinalized batch was sequenced.
	finalityLag time.Duration
}

// readBacklog reads the figures off m (under the caller's read lock).
// provenMs is when this replica saw batch b proven (0: unknown); the log
// keeps no time but the leader's batch timestamp.
func readBacklog(m *fsm.Machine, now time.Time, provenMs func(b uint64) int64) backlogFigures {
	head, through, fin := m.Head().Number, m.ProvenThrough(), m.LastFinalized()
	// ProvenThrough starts at LastFinalized, so neither difference wraps.
	f := backlogFigures{head: head, unproven: head - through, l1Lag: through - fin, unfinalized: head - fin}
	f.witnessBytes = m.UnprovenWitnessBytes()
	if oldest, ok := m.OldestUnproven(); ok {
		f.oldestUnprovenAge = since(now, oldest.Timestamp)
	}
	if rec, ok := m.Batch(fin + 1); ok {
		f.finalityLag = since(now, rec.Header.Timestamp)
		if f.l1Lag > 0 {
			at := provenMs(fin + 1)
			if at == 0 {
				at = rec.Header.Timestamp // seen proven before this replica started
			}
			f.unfinalizedAge = since(now, at)
		}
	}
	return f
}

// since is now − ms, never negative (a leader's clock ahead of ours).
func since(now time.Time, ms int64) time.Duration {
	if ms <= 0 {
		return 0
	}
	return max(now.Sub(time.UnixMilli(ms)), 0)
}

// backlogTracker keeps what the log alone does not give: the drain rate
// (batches reaching proven per second, an EWMA) and the short history the
// status page draws. It samples every backlogSampleEvery on its clock.
type backlogTracker struct {
	clock clock.Clock
	// bound is the backlog's bound now (0: none); it may follow the farm.
	bound   func() uint64
	metrics *Metrics
	// figures reads the log now.
	figures func(now time.Time) backlogFigures

	mu         sync.Mutex
	lastAt     time.Time
	lastProven uint64
	rate       float64
	hist       ring[wire.BacklogSample]
}

func newBacklogTracker(c clock.Clock, bound func() uint64, met *Metrics, figures func(time.Time) backlogFigures) *backlogTracker {
	return &backlogTracker{clock: c, bound: bound, metrics: met, figures: figures, hist: newRing[wire.BacklogSample](backlogHistory)}
}

// run samples until ctx ends, once at once so the rate has its baseline.
func (t *backlogTracker) run(ctx context.Context) {
	tick := t.clock.NewTicker(backlogSampleEvery)
	defer tick.Stop()
	for {
		t.sample()
		select {
		case <-ctx.Done():
			return
		case <-tick.C():
		}
	}
}

// sample folds the proofs applied since the last sample into the drain
// rate and appends the backlog to the history.
func (t *backlogTracker) sample() {
	now := t.clock.Now()
	f := t.figures(now)
	proven := t.metrics.provenCount.Load()
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.lastAt.IsZero() {
		if dt := now.Sub(t.lastAt).Seconds(); dt > 0 {
			inst := float64(proven-t.lastProven) / dt
			t.rate += (1 - math.Exp(-dt/drainWindow.Seconds())) * (inst - t.rate)
		}
	}
	t.lastAt, t.lastProven = now, proven
	t.hist.add(wire.BacklogSample{
		AtMs: now.UnixMilli(), UnprovenBatches: f.unproven, UnfinalizedBatches: f.unfinalized,
		FinalityLagS: f.finalityLag.Seconds(),
	})
}

// drainRate is the EWMA of batches reaching proven per second.
func (t *backlogTracker) drainRate() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rate
}

// view is the overview's backlog section.
func (t *backlogTracker) view() wire.Backlog {
	f := t.figures(t.clock.Now())
	b := wire.Backlog{
		UnprovenBatches: f.unproven, Bound: t.bound(), WitnessBytes: f.witnessBytes,
		OldestUnprovenAgeS: f.oldestUnprovenAge.Seconds(), L1LagBatches: f.l1Lag,
		L1UnfinalizedAgeS: f.unfinalizedAge.Seconds(), RefusalsTotal: t.metrics.refusalCount.Load(),
		SampleEveryS: backlogSampleEvery.Seconds(),
	}
	t.mu.Lock()
	b.DrainBatchesPerS, b.History = t.rate, t.hist.all()
	t.mu.Unlock()
	return b
}

var backlogDescs = struct {
	unproven, witness, oldest, drain, l1Lag, l1Age *prometheus.Desc
}{
	unproven: prometheus.NewDesc("baton_unproven_batches", "Batches sequenced and not yet proven (head − proven-through), as this replica's log has them.", nil, nil),
	witness:  prometheus.NewDesc("baton_unproven_witness_bytes", "Witness bytes held for the unproven batches.", nil, nil),
	oldest:   prometheus.NewDesc("baton_oldest_unproven_age_seconds", "Seconds since the lowest unproven batch was sequenced (0: none).", nil, nil),
	drain:    prometheus.NewDesc("baton_backlog_drain_batches_per_second", "Batches reaching proven per second, an EWMA over about a minute.", nil, nil),
	l1Lag:    prometheus.NewDesc("baton_l1_lag_batches", "Batches proven and not yet finalized on L1.", nil, nil),
	l1Age:    prometheus.NewDesc("baton_l1_unfinalized_age_seconds", "Seconds since the oldest proven, not yet finalized batch was proven (0: none).", nil, nil),
}

// Describe and Collect make the tracker a Prometheus collector: the
// gauges are read off the log at scrape time, in one read, so they agree
// with one another and their ages are current.
func (t *backlogTracker) Describe(ch chan<- *prometheus.Desc) {
	d := backlogDescs
	for _, x := range []*prometheus.Desc{d.unproven, d.witness, d.oldest, d.drain, d.l1Lag, d.l1Age} {
		ch <- x
	}
}

func (t *backlogTracker) Collect(ch chan<- prometheus.Metric) {
	f, d := t.figures(t.clock.Now()), backlogDescs
	g := func(desc *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v)
	}
	g(d.unproven, float64(f.unproven))
	g(d.witness, float64(f.witnessBytes))
	g(d.oldest, f.oldestUnprovenAge.Seconds())
	g(d.drain, t.drainRate())
	g(d.l1Lag, float64(f.l1Lag))
	g(d.l1Age, f.unfinalizedAge.Seconds())
}

// ring keeps the last len(buf) values: bounded memory whatever the
// uptime.
type ring[T any] struct {
	buf  []T
	next int
	full bool
}

func newRing[T any](n int) ring[T] { return ring[T]{buf: make([]T, n)} }

func (r *ring[T]) add(v T) {
	r.buf[r.next] = v
	r.next = (r.next + 1) % len(r.buf)
	if r.next == 0 {
		r.full = true
	}
}

// all is a copy, oldest first.
func (r *ring[T]) all() []T {
	if !r.full {
		return append([]T(nil), r.buf[:r.next]...)
	}
	return append(append([]T(nil), r.buf[r.next:]...), r.buf[:r.next]...)
}
