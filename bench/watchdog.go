package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/watchdog"
)

// WatchdogConfig is `baton bench watchdog`.
type WatchdogConfig struct {
	// Exe is the baton binary the devnet runs; empty: this process's own
	// executable.
	Exe string
	// Runs are the prover kills with the watchdog.
	Runs int
	// BaselineRuns are the prover kills with the watchdogs stopped (each
	// waits out the AckWait).
	BaselineRuns int
	// FreezeRuns are the frozen-batcher runs.
	FreezeRuns int
	// AckWait is the jobs' AckWait: the baseline's redelivery time.
	AckWait time.Duration
	// TTL is the etcd lease TTL.
	TTL time.Duration
	// Check is the watchdog's check interval.
	Check time.Duration
	// CommitStall is the watchdog's commit-stall limit.
	CommitStall time.Duration
	// KeysDir caches Groth16 keys.
	KeysDir string
	// Progress receives a line per run (nil: none).
	Progress io.Writer
}

// DefaultWatchdogConfig is `make bench`'s run; the caller names KeysDir.
func DefaultWatchdogConfig() WatchdogConfig {
	return WatchdogConfig{Runs: 20, BaselineRuns: 3, FreezeRuns: 3, AckWait: 10 * time.Second, TTL: 3 * time.Second,
		Check: 500 * time.Millisecond, CommitStall: 4 * time.Second}
}

// Validate reports a run that cannot go.
func (c WatchdogConfig) Validate() error {
	if c.Runs < 1 || c.BaselineRuns < 0 || c.FreezeRuns < 0 {
		return errors.New("bench watchdog: runs must be at least 1, the others at least 0")
	}
	if c.KeysDir == "" {
		return errors.New("bench watchdog: no keys dir")
	}
	return nil
}

// WatchdogResult is `baton bench watchdog --json`'s last line.
type WatchdogResult struct {
	Runs             int     `json:"runs"`
	ReassignMedianMs float64 `json:"reassign_median_ms"`
	ReassignMaxMs    float64 `json:"reassign_max_ms"`
	// Reoffered: from the kill to the leader's log showing the new
	// attempt (the job is available; "reassign" adds the wait for a free
	// prover to take it).
	ReofferedMedianMs      float64 `json:"reoffered_median_ms"`
	ReofferedMaxMs         float64 `json:"reoffered_max_ms"`
	BaselineRuns           int     `json:"ackwait_only_runs"`
	AckWaitOnlyMedianMs    float64 `json:"ackwait_only_median_ms"`
	AckWaitOnlyMaxMs       float64 `json:"ackwait_only_max_ms"`
	AckWaitMs              int64   `json:"ack_wait_ms"`
	SpeedupVsAckWait       float64 `json:"speedup_vs_ackwait"`
	FrozenLeaderRuns       int     `json:"frozen_leader_runs"`
	FrozenLeaderRecoveryMs float64 `json:"frozen_leader_recovery_ms"`
	CommitStallMs          int64   `json:"commit_stall_ms"`
	LeaseTTLMs             int64   `json:"lease_ttl_ms"`
	CheckMs                int64   `json:"check_ms"`
	SkippedRuns            int     `json:"skipped_runs"`
	// BusyRuns: runs left out of reassign_* because the other prover
	// took other work between the kill and the reclaim (a prover fetches
	// only when free, so those time a proof, not the watchdog).
	BusyRuns int `json:"busy_runs"`
}

// watchdogSamples are the runs' times in ms.
type watchdogSamples struct {
	with, offered, without, frozen []float64
	busy                           int
}

// RunWatchdog measures, on one devnet (real replicas, provers and
// watchdogs as processes, embedded etcd, NATS and L1): the time from a
// prover's death mid-proof to another prover claiming its job, with the
// watchdog and then with JetStream's AckWait redelivery alone; and the
// time from a frozen batcher to the first batch of the next leader.
func RunWatchdog(ctx context.Context, cfg WatchdogConfig) (*WatchdogResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	out := orDiscard(cfg.Progress)
	dir, err := os.MkdirTemp("", "baton-bench-watchdog-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	dc := devnet.SmallConfig(dir, cfg.KeysDir)
	dc.Exe, dc.Progress = cfg.Exe, out
	dc.Watchdog.TTL, dc.Watchdog.Check, dc.Watchdog.CommitStall = cfg.TTL, cfg.Check, cfg.CommitStall
	dc.Watchdog.Cooldown, dc.Watchdog.Probation = 2*time.Second, 5*time.Second
	dc.AckWait = cfg.AckWait
	d, err := devnet.StartReady(ctx, dc)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	// A slow trickle: a batch every few seconds, so a job is usually
	// being proven. It pauses while a run is timed (see once).
	b := &reclaimBench{d: d, c: devnet.NewChaos(d, io.Discard, 0), cooldown: dc.Watchdog.Cooldown, lc: d.LoadConfig(0.7, 4)}
	b.resumeLoad(ctx)
	defer b.pauseLoad()
	res := &WatchdogResult{LeaseTTLMs: cfg.TTL.Milliseconds(), CheckMs: cfg.Check.Milliseconds(), AckWaitMs: cfg.AckWait.Milliseconds(),
		CommitStallMs: cfg.CommitStall.Milliseconds()}
	var sm watchdogSamples
	if err := b.measure(ctx, cfg, res, &sm, out); err != nil {
		return nil, err
	}
	b.pauseLoad()
	res.summarize(sm)
	return res, nil
}

// measure kills provers with the watchdog, freezes batchers, then stops
// the watchdogs and kills provers again (the baseline).
func (b *reclaimBench) measure(ctx context.Context, cfg WatchdogConfig, res *WatchdogResult, sm *watchdogSamples, out io.Writer) error {
	// Busy runs are retried, up to twice the runs asked for (a farm that
	// never has a free prover still ends).
	for len(sm.with) < cfg.Runs && sm.busy < 2*cfg.Runs {
		r, err := b.once(ctx)
		if err != nil {
			return err
		}
		if r.claimed < 0 {
			res.SkippedRuns++
			continue
		}
		if r.offered > 0 {
			sm.offered = append(sm.offered, r.offered)
		}
		if r.busy {
			sm.busy++
			fmt.Fprintf(out, "bench watchdog: busy run (the other prover took other work first): offered again %.0f ms, claimed again %.0f ms after the kill\n", r.offered, r.claimed)
			continue
		}
		sm.with = append(sm.with, r.claimed)
		fmt.Fprintf(out, "bench watchdog: run %d/%d: offered again %.0f ms, claimed again %.0f ms after the kill\n", len(sm.with), cfg.Runs, r.offered, r.claimed)
	}
	b.resumeLoad(ctx) // a frozen batcher shows only with work pending
	for range cfg.FreezeRuns {
		ctxsleep.Sleep(ctx, b.cooldown+time.Second)
		ev, err := b.c.FreezeBatcher(ctx)
		if err != nil {
			return err
		}
		sm.frozen = append(sm.frozen, float64(ev.RecoveredMs))
		fmt.Fprintf(out, "bench watchdog: frozen batcher on %s: next leader's first batch after %d ms %s\n", ev.Target, ev.RecoveredMs, ev.Note)
	}
	// The baseline: no watchdog, so only JetStream's redelivery after
	// AckWait brings the job back.
	if err := b.d.Watchdogs().Stop(); err != nil {
		return err
	}
	for len(sm.without) < cfg.BaselineRuns {
		r, err := b.once(ctx)
		if err != nil {
			return err
		}
		if r.claimed < 0 {
			res.SkippedRuns++
			continue
		}
		sm.without = append(sm.without, r.claimed)
		fmt.Fprintf(out, "bench watchdog: baseline run %d/%d (AckWait only): claimed again %.0f ms after the kill\n", len(sm.without), cfg.BaselineRuns, r.claimed)
	}
	return nil
}

// summarize turns the samples into medians and maxima.
func (res *WatchdogResult) summarize(sm watchdogSamples) {
	res.Runs, res.BaselineRuns, res.FrozenLeaderRuns, res.BusyRuns = len(sm.with), len(sm.without), len(sm.frozen), sm.busy
	for _, xs := range [][]float64{sm.with, sm.offered, sm.without, sm.frozen} {
		slices.Sort(xs) // Quantile reads sorted samples
	}
	if len(sm.with) > 0 {
		res.ReassignMedianMs, res.ReassignMaxMs = stats.Quantile(sm.with, 0.5), slices.Max(sm.with)
	}
	if len(sm.offered) > 0 {
		res.ReofferedMedianMs, res.ReofferedMaxMs = stats.Quantile(sm.offered, 0.5), slices.Max(sm.offered)
	}
	if len(sm.without) > 0 && res.ReassignMedianMs > 0 {
		res.AckWaitOnlyMedianMs, res.AckWaitOnlyMaxMs = stats.Quantile(sm.without, 0.5), slices.Max(sm.without)
		res.SpeedupVsAckWait = res.AckWaitOnlyMedianMs / res.ReassignMedianMs
	}
	if len(sm.frozen) > 0 {
		res.FrozenLeaderRecoveryMs = stats.Quantile(sm.frozen, 0.5)
	}
}

// WriteSummary writes the findings as sentences, one per measurement.
func (res *WatchdogResult) WriteSummary(w io.Writer) {
	ms := func(n int64) time.Duration { return time.Duration(n) * time.Millisecond }
	fmt.Fprintf(w, "prover killed mid-proof → job offered again: median %.0f ms, max %.0f ms; claimed again by a free prover: median %.0f ms, max %.0f ms over %d runs (%d busy runs left out; lease TTL %v, check %v)\n",
		res.ReofferedMedianMs, res.ReofferedMaxMs, res.ReassignMedianMs, res.ReassignMaxMs, res.Runs, res.BusyRuns, ms(res.LeaseTTLMs), ms(res.CheckMs))
	if res.BaselineRuns > 0 {
		fmt.Fprintf(w, "same with AckWait %v redelivery alone: median %.0f ms, max %.0f ms over %d runs (%.1f× slower)\n",
			ms(res.AckWaitMs), res.AckWaitOnlyMedianMs, res.AckWaitOnlyMaxMs, res.BaselineRuns, res.SpeedupVsAckWait)
	}
	if res.FrozenLeaderRuns > 0 {
		fmt.Fprintf(w, "frozen batcher → first batch from the new leader: median %.0f ms over %d runs (commit stall %v)\n",
			res.FrozenLeaderRecoveryMs, res.FrozenLeaderRuns, ms(res.CommitStallMs))
	}
}

// reclaimBench kills provers mid-proof on a devnet and times what follows.
type reclaimBench struct {
	d        *devnet.Devnet
	c        *devnet.Chaos
	cooldown time.Duration // between two leadership transfers
	lc       loadgen.Config
	load     *loadgen.Load // nil while paused
}

// pauseLoad stops sending transactions (those in flight finish).
func (b *reclaimBench) pauseLoad() {
	if b.load != nil {
		b.load.Stop()
		b.load = nil
	}
}

// resumeLoad starts sending again (each account's nonce is read afresh).
func (b *reclaimBench) resumeLoad(ctx context.Context) {
	if b.load == nil {
		b.load = loadgen.Start(ctx, b.lc)
	}
}

// reclaim is one run's outcome, in ms after the kill.
type reclaim struct {
	// claimed: until another prover held the batch (-1: the proof was
	// done before the kill landed, so the run measures nothing).
	claimed float64
	// offered: until the leader offered it again (0: not seen; with
	// AckWait alone there is no new attempt).
	offered float64
	// busy: the other prover claimed another batch in between, so the
	// time includes its proof.
	busy bool
}

// once waits until one prover alone holds a job, pauses the load, kills
// the prover, and times until another prover holds that batch (any
// attempt), and until the leader offered it again.
func (b *reclaimBench) once(ctx context.Context) (reclaim, error) {
	b.resumeLoad(ctx)
	claim, idx, err := b.soleClaim(ctx)
	if err != nil {
		return reclaim{}, err
	}
	// No new batches while the run is timed, so the free prover has
	// nothing else to take (a batch already forming may still come; the
	// run is then busy).
	b.pauseLoad()
	b.d.Provers().Kill(idx)
	killed := time.Now()
	defer func() {
		restarted := time.Now().UnixMilli()
		if err := b.d.Provers().Restart(idx); err == nil {
			// Wait for the new process to register, so the next run has
			// two provers. Its predecessor's record lives on until the
			// lease expires, and a run may end before that.
			_ = devnet.Poll(ctx, 30*time.Second, "restarted prover registered", func() bool {
				st, err := b.c.State(ctx)
				return err == nil && slices.ContainsFunc(st.Provers, func(p watchdog.ProverRecord) bool {
					return p.ID == claim.Prover && p.StartedMs >= restarted
				})
			})
		}
	}()
	if b.doneBeforeKill(ctx, claim) {
		return reclaim{claimed: -1}, nil
	}
	var r reclaim
	var took time.Duration
	err = devnet.Poll(ctx, 5*time.Minute, fmt.Sprintf("batch %d claimed again", claim.Batch), func() bool {
		// One read of the batch per poll serves both questions below.
		rec, recOK := b.c.LeaderBatch(ctx, claim.Batch)
		if r.offered == 0 && recOK && rec.Attempt > claim.Attempt {
			r.offered = float64(time.Since(killed).Milliseconds())
		}
		st, err := b.c.State(ctx)
		if err != nil {
			return false
		}
		for _, cl := range st.Claims {
			switch {
			case cl.Batch == claim.Batch && cl.Prover != claim.Prover:
				took = time.Since(killed)
				return true
			case cl.Batch != claim.Batch:
				r.busy = true
			}
		}
		// Proven between two polls: by the other prover (it did claim),
		// or by the killed one, whose result was out before the kill (the
		// run measures nothing).
		if recOK && rec.State >= fsm.StateProven {
			took = time.Since(killed)
			if rec.Prover == claim.Prover {
				took = -1
			}
			return true
		}
		return false
	})
	if took < 0 {
		return reclaim{claimed: -1}, err
	}
	r.claimed = float64(took.Milliseconds())
	return r, err
}

// soleClaim waits for a prover process holding a job while no other job
// is claimed: the other provers are free, so what follows the kill times
// the watchdog rather than someone else's proof.
func (b *reclaimBench) soleClaim(ctx context.Context) (claim watchdog.Claim, idx int, err error) {
	for {
		if claim, idx, err = b.c.NextClaim(ctx); err != nil {
			return claim, idx, err
		}
		st, err := b.c.State(ctx)
		if err == nil && len(st.Claims) == 1 && st.Claims[0].Batch == claim.Batch {
			return claim, idx, nil
		}
		if !ctxsleep.Sleep(ctx, 50*time.Millisecond) {
			return claim, idx, ctx.Err()
		}
	}
}

// doneBeforeKill reports a run that measures nothing: the claim's
// attempt was already superseded (a later one is out) or proven.
func (b *reclaimBench) doneBeforeKill(ctx context.Context, claim watchdog.Claim) bool {
	if rec, ok := b.c.LeaderBatch(ctx, claim.Batch); ok && rec.Attempt > claim.Attempt {
		return true
	}
	cli, keys := b.d.Etcd()
	rctx, cancel := context.WithTimeout(ctx, time.Second)
	r, err := cli.Get(rctx, keys.Attempt(claim.Batch, claim.Attempt))
	cancel()
	if err == nil && len(r.Kvs) > 0 {
		var a watchdog.AttemptRecord
		if json.Unmarshal(r.Kvs[0].Value, &a) == nil && a.Done {
			return true
		}
	}
	return false
}
