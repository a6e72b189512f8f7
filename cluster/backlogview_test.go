package cluster

import (
	"log/slog"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/wire"
)

// backlogRig is one replica's fsm adapter, metrics and backlog tracker
// on a manual clock, fed entries by hand (no Raft: the figures are the
// log's, whoever commits it).
type backlogRig struct {
	t     *testing.T
	clk   *clock.Manual
	rep   *replica
	met   *Metrics
	track *backlogTracker
	index uint64
}

func newBacklogRig(t *testing.T) *backlogRig {
	gens, err := openWitnessGens(filepath.Join(t.TempDir(), "witnesses"))
	if err != nil {
		t.Fatal(err)
	}
	met := newMetrics()
	r := &backlogRig{t: t, clk: clock.NewManual(time.UnixMilli(1_700_000_000_000)), met: met}
	if r.rep, err = newReplica(testGenesis(8), gens, slog.New(slog.DiscardHandler), newWaiters(), met, newSigCache(16, met)); err != nil {
		t.Fatal(err)
	}
	r.track = newBacklogTracker(r.clk, func() uint64 { return 3 }, met, r.rep.backlog)
	met.Registry.MustRegister(r.track)
	return r
}

func (r *backlogRig) apply(cmd fsm.Command) {
	r.t.Helper()
	r.index++
	res := r.rep.Apply(&raft.Log{Index: r.index, Term: 1, Data: cmd.Encode(), AppendedAt: r.clk.Now()}).(fsm.Result)
	if res.Err != nil {
		r.t.Fatalf("%v %d: %v", cmd.Type, cmd.Number, res.Err)
	}
}

func (r *backlogRig) appendEmpty() {
	r.t.Helper()
	var b fsm.BuildResult
	r.rep.read(func(m *fsm.Machine) { b = m.Build(nil, r.clk.Now().UnixMilli(), true) })
	r.apply(fsm.Command{Type: fsm.CmdAppendBatch, Batch: b.Batch})
}

func (r *backlogRig) prove(n uint64) {
	r.apply(fsm.Command{Type: fsm.CmdRecordProof, Number: n, Prover: "p", Proof: []byte{1}})
}

func (r *backlogRig) finalize(n uint64) {
	r.apply(fsm.Command{Type: fsm.CmdRecordPosted, Number: n, Ref: fsm.Hash{1}})
	r.apply(fsm.Command{Type: fsm.CmdMarkFinalized, Number: n, Ref: fsm.Hash{2}})
}

// gauges scrapes the replica's registry.
func (r *backlogRig) gauges() map[string]float64 {
	r.t.Helper()
	fams, err := r.met.Registry.Gather()
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			if g := m.GetGauge(); g != nil {
				out[f.GetName()] = g.GetValue()
			} else if c := m.GetCounter(); c != nil {
				out[f.GetName()] = c.GetValue()
			}
		}
	}
	return out
}

func (r *backlogRig) want(step string, want map[string]float64) {
	r.t.Helper()
	got := r.gauges()
	for name, v := range want {
		if math.Abs(got[name]-v) > 1e-9 {
			r.t.Errorf("%s: %s = %v, want %v", step, name, got[name], v)
		}
	}
}

// TestBacklogMetrics: each gauge follows the log through appends, a proof
// out of order, proofs in order, L1 finality and a batch finalized
// without a proof this log saw (a backup prover's); ages follow the
// injected clock.
func TestBacklogMetrics(t *testing.T) {
	r := newBacklogRig(t)
	r.want("genesis", map[string]float64{"baton_unproven_batches": 0,
		"baton_unproven_witness_bytes": 0, "baton_oldest_unproven_age_seconds": 0, "baton_l1_lag_batches": 0,
		"baton_batches_proven_total": 0})
	for range 3 {
		r.appendEmpty()
		r.clk.Advance(10 * time.Second)
	}
	w3 := r.gauges()["baton_unproven_witness_bytes"]
	if w3 <= 0 {
		t.Fatalf("three unproven batches hold %v witness bytes", w3)
	}
	r.want("three appended", map[string]float64{"baton_unproven_batches": 3, "baton_oldest_unproven_age_seconds": 30})

	r.prove(2) // out of order: batch 1 still holds the backlog
	r.want("batch 2 proven", map[string]float64{"baton_unproven_batches": 3, "baton_oldest_unproven_age_seconds": 30,
		"baton_batches_proven_total": 1, "baton_l1_lag_batches": 0, "baton_unproven_witness_bytes": w3 * 2 / 3})

	r.prove(1)
	r.clk.Advance(4 * time.Second)
	r.want("batches 1 and 2 proven", map[string]float64{"baton_unproven_batches": 1, "baton_oldest_unproven_age_seconds": 14,
		"baton_batches_proven_total": 2, "baton_l1_lag_batches": 2, "baton_l1_unfinalized_age_seconds": 4})

	r.finalize(1)
	r.want("batch 1 final", map[string]float64{"baton_l1_lag_batches": 1, "baton_batches_proven_total": 2})
	r.finalize(2)
	r.finalize(3) // L1 took a proof of batch 3 from elsewhere
	r.want("all final", map[string]float64{"baton_unproven_batches": 0, "baton_oldest_unproven_age_seconds": 0,
		"baton_unproven_witness_bytes": 0, "baton_l1_lag_batches": 0, "baton_l1_unfinalized_age_seconds": 0,
		"baton_batches_proven_total": 3})
	r.finalize(3) // a repeat drains nothing
	r.want("repeat", map[string]float64{"baton_batches_proven_total": 3})
}

// TestBacklogDrainRateAndHistory: the drain rate is an EWMA of batches
// reaching proven per second, sampled every 5 s; it approaches a steady
// rate, decays when proofs stop, and the history keeps the last ten
// minutes only, oldest first.
func TestBacklogDrainRateAndHistory(t *testing.T) {
	r := newBacklogRig(t)
	for range 40 {
		r.appendEmpty()
	}
	r.track.sample() // the baseline
	next := uint64(1)
	for range 36 { // three minutes, one batch proven every 5 s: 0.2/s
		r.prove(next)
		next++
		r.clk.Advance(backlogSampleEvery)
		r.track.sample()
	}
	steady := r.gauges()["baton_backlog_drain_batches_per_second"]
	if steady < 0.18 || steady > 0.2 {
		t.Fatalf("after three minutes at 0.2 batches/s the drain rate reads %v", steady)
	}
	for range 24 { // two minutes without a proof
		r.clk.Advance(backlogSampleEvery)
		r.track.sample()
	}
	if stopped := r.track.drainRate(); stopped > steady*math.Exp(-1.9) || stopped <= 0 {
		t.Fatalf("two minutes after proofs stopped the drain rate reads %v (was %v)", stopped, steady)
	}

	v := r.track.view()
	if len(v.History) != 61 || v.SampleEveryS != 5 || v.DrainBatchesPerS != r.track.drainRate() {
		t.Fatalf("view: %d samples every %v s, rate %v", len(v.History), v.SampleEveryS, v.DrainBatchesPerS)
	}
	for range backlogHistory { // ten more minutes
		r.clk.Advance(backlogSampleEvery)
		r.track.sample()
	}
	h := r.track.view().History
	if len(h) != backlogHistory {
		t.Fatalf("history holds %d samples, want the last %d", len(h), backlogHistory)
	}
	for i := 1; i < len(h); i++ {
		if h[i].AtMs-h[i-1].AtMs != backlogSampleEvery.Milliseconds() {
			t.Fatalf("history not oldest first at %d: %+v %+v", i, h[i-1], h[i])
		}
	}
	last := h[len(h)-1]
	if last.AtMs != r.clk.Now().UnixMilli() || last.UnprovenBatches != 4 || last.UnfinalizedBatches != 40 ||
		last.FinalityLagS != 900 { // batch 1 was sequenced 15 minutes ago
		t.Fatalf("last sample %+v", last)
	}
}

// TestRingKeepsTheLast: a ring of n keeps the last n, oldest first.
func TestRingKeepsTheLast(t *testing.T) {
	r := newRing[wire.BacklogSample](3)
	if got := r.all(); len(got) != 0 {
		t.Fatalf("empty ring: %v", got)
	}
	for i := range 7 {
		r.add(wire.BacklogSample{AtMs: int64(i)})
		got := r.all()
		if len(got) != min(i+1, 3) || got[len(got)-1].AtMs != int64(i) || got[0].AtMs != int64(max(0, i-2)) {
			t.Fatalf("after %d adds: %v", i+1, got)
		}
	}
}
