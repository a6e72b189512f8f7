package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/watchdog"
)

// watchdogBenchResult is `baton bench watchdog --json`'s last line.
type watchdogBenchResult struct {
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
}

// runBenchWatchdog measures, on one devnet (real replicas, provers and
// watchdogs as processes, embedded etcd, NATS and L1): the time from a
// prover's death mid-proof to another prover claiming its job, with the
// watchdog and then with JetStream's AckWait redelivery alone; and the
// time from a frozen batcher to the first batch of the next leader.
func runBenchWatchdog(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench watchdog", flag.ContinueOnError)
	runs := fs.Int("runs", 20, "prover kills with the watchdog")
	baseRuns := fs.Int("baseline-runs", 3, "prover kills with the watchdogs stopped (each waits out the AckWait)")
	freezeRuns := fs.Int("freeze-runs", 3, "frozen-batcher runs")
	ackWait := fs.Duration("ack-wait", 10*time.Second, "job AckWait (the baseline's redelivery time)")
	ttl := fs.Duration("ttl", 3*time.Second, "etcd lease TTL")
	check := fs.Duration("check", 500*time.Millisecond, "watchdog check interval")
	commitStall := fs.Duration("commit-stall", 4*time.Second, "watchdog commit-stall limit")
	keysDir := fs.String("keys-dir", defaultKeysDir(), "Groth16 key cache")
	asJSON := fs.Bool("json", false, "end stdout with one JSON line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *runs < 1 || *baseRuns < 0 || *freezeRuns < 0 {
		return errors.New("--runs must be at least 1, the others at least 0")
	}
	out := os.Stderr
	dir, err := os.MkdirTemp("", "baton-bench-watchdog-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	d, accounts, err := newSmallDevnet(dir, *keysDir, out)
	if err != nil {
		return err
	}
	o := defaultWatchdogOpts()
	o.ttl, o.check, o.commitStall, o.cooldown, o.probation = *ttl, *check, *commitStall, 2*time.Second, 5*time.Second
	d.wd, d.ackWait = o, *ackWait
	defer d.close()
	if err := d.start(ctx, 3, accounts, 2, l1Opts{blockTime: 250 * time.Millisecond, conf: 2, flags: &l1Flags{}}); err != nil {
		return err
	}
	if _, err := d.rs.leader(ctx, d.rs.all(), 30*time.Second); err != nil {
		return err
	}
	if err := d.waitAPIs(ctx, 60*time.Second); err != nil {
		return err
	}
	// A slow trickle: a batch every few seconds, so a job is usually
	// being proven and the other prover is usually free to take it.
	load := loadgen.Start(ctx, d.loadConfig(0.7, 4))
	defer load.Stop()

	res := watchdogBenchResult{LeaseTTLMs: o.ttl.Milliseconds(), CheckMs: o.check.Milliseconds(), AckWaitMs: ackWait.Milliseconds(),
		CommitStallMs: o.commitStall.Milliseconds()}
	b := &reclaimBench{d: d, c: &chaos{d: d, out: io.Discard}}
	var with, offered, without, frozen []float64
	for len(with) < *runs {
		ms, off, err := b.once(ctx)
		if err != nil {
			return err
		}
		if ms < 0 {
			res.SkippedRuns++
			continue
		}
		with = append(with, ms)
		if off > 0 {
			offered = append(offered, off)
		}
		fmt.Fprintf(out, "bench watchdog: run %d/%d: offered again %.0f ms, claimed again %.0f ms after the kill\n", len(with), *runs, off, ms)
	}
	for range *freezeRuns {
		ctxsleep.Sleep(ctx, o.cooldown+time.Second)
		ev, err := b.c.freezeBatcher(ctx)
		if err != nil {
			return err
		}
		frozen = append(frozen, float64(ev.RecoveredMs))
		fmt.Fprintf(out, "bench watchdog: frozen batcher on %s: next leader's first batch after %d ms %s\n", ev.Target, ev.RecoveredMs, ev.Note)
	}
	// The baseline: no watchdog, so only JetStream's redelivery after
	// AckWait brings the job back.
	if err := d.watchdogs.stop(); err != nil {
		return err
	}
	for len(without) < *baseRuns {
		ms, _, err := b.once(ctx)
		if err != nil {
			return err
		}
		if ms < 0 {
			res.SkippedRuns++
			continue
		}
		without = append(without, ms)
		fmt.Fprintf(out, "bench watchdog: baseline run %d/%d (AckWait only): claimed again %.0f ms after the kill\n", len(without), *baseRuns, ms)
	}
	load.Stop()
	res.Runs, res.BaselineRuns, res.FrozenLeaderRuns = len(with), len(without), len(frozen)
	for _, xs := range [][]float64{with, offered, without, frozen} {
		slices.Sort(xs) // quantile reads sorted samples
	}
	res.ReassignMedianMs, res.ReassignMaxMs = quantile(with, 0.5), slices.Max(with)
	if len(offered) > 0 {
		res.ReofferedMedianMs, res.ReofferedMaxMs = quantile(offered, 0.5), slices.Max(offered)
	}
	if len(without) > 0 {
		res.AckWaitOnlyMedianMs, res.AckWaitOnlyMaxMs = quantile(without, 0.5), slices.Max(without)
		res.SpeedupVsAckWait = res.AckWaitOnlyMedianMs / res.ReassignMedianMs
	}
	if len(frozen) > 0 {
		res.FrozenLeaderRecoveryMs = quantile(frozen, 0.5)
	}
	fmt.Fprintf(stdout, "prover killed mid-proof → job offered again: median %.0f ms, max %.0f ms; claimed again: median %.0f ms, max %.0f ms over %d runs (lease TTL %v, check %v)\n",
		res.ReofferedMedianMs, res.ReofferedMaxMs, res.ReassignMedianMs, res.ReassignMaxMs, res.Runs, o.ttl, o.check)
	if len(without) > 0 {
		fmt.Fprintf(stdout, "same with AckWait %v redelivery alone: median %.0f ms, max %.0f ms over %d runs (%.1f× slower)\n",
			*ackWait, res.AckWaitOnlyMedianMs, res.AckWaitOnlyMaxMs, res.BaselineRuns, res.SpeedupVsAckWait)
	}
	if len(frozen) > 0 {
		fmt.Fprintf(stdout, "frozen batcher → first batch from the new leader: median %.0f ms over %d runs (commit stall %v)\n",
			res.FrozenLeaderRecoveryMs, res.FrozenLeaderRuns, o.commitStall)
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(res)
	}
	return nil
}

type reclaimBench struct {
	d *devnet
	c *chaos
}

// once kills the next prover seen holding a job and times until another
// prover holds that batch (any attempt), and until the leader offered it
// again (a later attempt; with AckWait alone there is none, and offered
// is 0). -1: the proof was done before the kill landed, so the run
// measures nothing.
func (b *reclaimBench) once(ctx context.Context) (claimed, offered float64, err error) {
	claim, idx, err := b.c.nextClaim(ctx)
	if err != nil {
		return 0, 0, err
	}
	b.d.provers.kill(idx)
	killed := time.Now()
	defer func() {
		if err := b.d.provers.restart(idx); err == nil {
			// Wait for it to register, so the next run has two provers.
			_ = poll(ctx, 30*time.Second, "restarted prover registered", func() bool {
				st, err := b.c.state(ctx)
				return err == nil && slices.ContainsFunc(st.Provers, func(p watchdog.ProverRecord) bool { return p.ID == claim.Prover })
			})
		}
	}()
	// A claim of an attempt already superseded (a later one is out)
	// measures nothing either.
	if rec, ok := b.c.batch(ctx, claim.Batch); ok && rec.Attempt > claim.Attempt {
		return -1, 0, nil
	}
	rctx, cancel := context.WithTimeout(ctx, time.Second)
	r, err := b.d.etcdCli.Get(rctx, b.d.etcdKeys.Attempt(claim.Batch, claim.Attempt))
	cancel()
	if err == nil && len(r.Kvs) > 0 {
		var a watchdog.AttemptRecord
		if json.Unmarshal(r.Kvs[0].Value, &a) == nil && a.Done {
			return -1, 0, nil
		}
	}
	var took, off time.Duration
	err = poll(ctx, 5*time.Minute, fmt.Sprintf("batch %d claimed again", claim.Batch), func() bool {
		// One read of the batch per poll serves both questions below.
		rec, recOK := b.c.batch(ctx, claim.Batch)
		if off == 0 && recOK && rec.Attempt > claim.Attempt {
			off = time.Since(killed)
		}
		st, err := b.c.state(ctx)
		if err != nil {
			return false
		}
		for _, cl := range st.Claims {
			if cl.Batch == claim.Batch && cl.Prover != claim.Prover {
				took = time.Since(killed)
				return true
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
		return -1, 0, err
	}
	return float64(took.Milliseconds()), float64(off.Milliseconds()), err
}

// newSmallDevnet lays out a devnet on the 2-slot, depth-4 circuit: keys in
// seconds, a proof in about one. Tests and benchmarks start it with
// d.start; it returns the genesis account count.
func newSmallDevnet(dir, keysDir string, out io.Writer) (*devnet, int, error) {
	cfg := fsm.DefaultConfig()
	cfg.MaxBatchTxs, cfg.TreeDepth = 2, 4
	const accounts = 14
	d, err := newDevnet(out, fsm.DevGenesis(cfg, devSeed, accounts, 1_000_000_000, 0), keysDir)
	if err != nil {
		return nil, 0, err
	}
	d.dir = dir
	return d, accounts, nil
}
