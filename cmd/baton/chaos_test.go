package main

import (
	"context"
	"testing"
	"time"

	"github.com/baton-rollup/baton/internal/racecheck"
)

// TestDevnetChaos runs `baton devnet --chaos`: with replicas, provers and
// watchdogs as processes, embedded etcd, NATS and L1, it kills a prover
// mid-proof, freezes the leader's batcher (Raft stays healthy, only the
// watchdog can notice), SIGSTOPs a prover mid-proof, kills the active
// watchdog, kills the leader and SIGSTOPs it, and still ends with every
// batch finalized and no acknowledged transaction lost. Each recovery is
// held to what the watchdog promises with the devnet's timings (lease TTL
// 3 s, checks every 0.5 s, commit stall 8 s, 3 readings to confirm).
func TestDevnetChaos(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	sum := runDevnetJSON(t, ctx, "--chaos", "--chaos-pause", "2s", "--txs", "40", "--provers", "2",
		"--batch-size", "2", "--tree-depth", "4", "--accounts", "14", "--keys-dir", t.TempDir(), "--data-dir", t.TempDir(),
		"--l1-block-time", "250ms", "--deposits", "1")
	if sum.TxsSequenced != 40 || sum.AckedLost != 0 || sum.Duplicates != 0 || !sum.RootsIdentical ||
		sum.BatchesFinalized != sum.BatchesSequenced || sum.DepositsCredited != 1 {
		t.Fatalf("summary %+v", sum)
	}
	if sum.ChaosEvents != 6 {
		t.Fatalf("%d chaos events, want 6: %+v", sum.ChaosEvents, sum.Chaos)
	}
	// Bounds: lease TTL + a check + the leader's reoffer and slack for
	// two loaded cores; the election TTL for the standby; the commit
	// stall + confirmation readings + a batch for the frozen batcher.
	bound := map[string]time.Duration{
		"kill prover mid-proof":   3*time.Second + 500*time.Millisecond + 3*time.Second,
		"freeze prover mid-proof": 3*time.Second + 500*time.Millisecond + 3*time.Second,
		"kill active watchdog":    3*time.Second + 2*time.Second,
		"freeze leader's batcher": 8*time.Second + 3*500*time.Millisecond + 10*time.Second,
		"kill leader":             10 * time.Second,
		"freeze leader process":   10 * time.Second,
	}
	for _, ev := range sum.Chaos {
		took := time.Duration(ev.RecoveredMs) * time.Millisecond
		t.Logf("%-24s %-28s %6.1f s %s", ev.Event, ev.Target, took.Seconds(), ev.Note)
		if b, ok := bound[ev.Event]; !ok || took > b {
			t.Errorf("%s took %v, bound %v", ev.Event, took, b)
		}
	}
}
