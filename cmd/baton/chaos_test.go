package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/chaos"
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

// runChaos runs `baton chaos --json` with args and returns its result and
// error.
func runChaos(t *testing.T, ctx context.Context, args ...string) (chaos.Result, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(ctx, append([]string{"chaos", "--json", "--data-dir", t.TempDir(), "--keys-dir", t.TempDir()}, args...), &out)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var res chaos.Result
	if jerr := json.Unmarshal([]byte(lines[len(lines)-1]), &res); jerr != nil {
		t.Fatalf("chaos: %v; the last line is not its result (%v):\n%s", err, jerr, out.String())
	}
	return res, err
}

// TestChaosShort is CI's `baton chaos`: every fault kind once (partitions
// both ways and one way, NATS, etcd and L1 restarts, kills and stops of
// leaders, followers, provers and the active watchdog, a clock pause, and
// doubles) on a cluster of processes under modelled clients, then the
// history checked for linearizability, stale reads for going back, the
// logs audited and every batch finalized on L1.
func TestChaosShort(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	res, err := runChaos(t, ctx, "--faults", "15", "--seed", "18")
	if err != nil {
		t.Fatalf("chaos: %v\nresult %+v", err, res)
	}
	t.Logf("%d faults, %d ops (%d unanswered sends), %d stale reads, %d batches, %.0f s", res.Faults, res.Ops, res.OpsIndeterminate, res.StaleReads, res.BatchesSequenced, res.ElapsedS)
	if res.Faults < 15 || len(res.FaultKinds) != len(chaos.AllKinds) || res.Ops == 0 || res.StaleReads == 0 ||
		res.AckedLost != 0 || res.Forks != 0 || !res.Linearizable || !res.StaleMonotonic ||
		res.BatchesSequenced == 0 || res.BatchesFinalized != res.BatchesSequenced {
		t.Fatalf("result %+v", res)
	}
}

// TestChaosMutationIsCaught: with linearizable reads served locally on
// purpose, a partitioned follower answers from a state the others have
// moved past, and the checker must say the history is not linearizable.
// No provers: only the read path matters here.
func TestChaosMutationIsCaught(t *testing.T) {
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	res, err := runChaos(t, ctx, "--faults", "4", "--seed", "18", "--mutate", "--provers", "0")
	if err == nil || res.Linearizable || !res.Mutated || len(res.IllegalAccounts) == 0 {
		t.Fatalf("a mutated run passed: err %v, result %+v", err, res)
	}
	t.Logf("caught: accounts %v have no linearization (%v)", res.IllegalAccounts, err)
}
