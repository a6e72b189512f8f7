package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/internal/racecheck"
)

// TestDevnetProvesEverything runs `baton devnet --procs --tls --txs N
// --json` with a prover farm and an L1: every component its own OS process
// (replicas, provers, watchdogs, NATS, etcd, the simulated chain), Raft,
// the APIs and NATS over mutual TLS, real Groth16 proofs on a small
// circuit, the contracts over JSON-RPC. It reads
// the JSON summary: every transaction sequenced, every batch proven and
// finalized on L1, the deposits credited, nothing lost or duplicated.
func TestDevnetProvesEverything(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	t.Setenv(runMainEnv, "1") // children of this test binary run baton
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	sum := runDevnetJSON(t, ctx, "--procs", "--tls", "--txs", "12", "--provers", "2", "--batch-size", "2",
		"--tree-depth", "4", "--accounts", "14", "--keys-dir", t.TempDir(), "--data-dir", dir,
		"--l1-block-time", "250ms", "--deposits", "2")
	if sum.TxsSequenced != 12 || sum.BatchesSequenced < 6 || sum.BatchesProven != sum.BatchesSequenced ||
		!sum.RootsIdentical || sum.AckedLost != 0 || sum.Duplicates != 0 || sum.ProofsRejected != 0 || sum.Provers != 2 ||
		sum.BatchesFinalized != sum.BatchesSequenced || sum.DepositsCredited != 2 ||
		sum.GasCommitPerBatch <= 0 || sum.GasProvePerBatch <= 0 || sum.GasPerTx <= 0 ||
		sum.FinalityP50S <= 0 || sum.FinalityP99S < sum.FinalityP50S {
		t.Fatalf("summary %+v", sum)
	}
	// The servers ran as processes of their own: each wrote its ready
	// line to its own log.
	for log, want := range map[string]string{"nats.log": "nats: JetStream serving on tls://127.0.0.1:",
		"etcd.log":         "etcd: member etcd0 serving clients on http://127.0.0.1:",
		"l1-simulated.log": "l1: simulated chain serving JSON-RPC on http://127.0.0.1:"} {
		if b, err := os.ReadFile(filepath.Join(dir, log)); err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s: want %q, got %q (%v)", log, want, b, err)
		}
	}
}

// TestServerCommandsRejectBadInput: the servers the multi-process devnet
// runs refuse what would make them serve something else than asked.
func TestServerCommandsRejectBadInput(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"nats", "--listen", "127.0.0.1:0"}, "--store-dir is required"},
		{[]string{"nats", "--store-dir", t.TempDir(), "--listen", "127.0.0.1"}, "nats listen address"},
		{[]string{"etcd", "--listen-client", "127.0.0.1:0"}, "--data-dir is required"},
		{[]string{"l1", "simulated", "--fund", "0x12,alice"}, `"0x12" is not an address`},
		{[]string{"l1", "simulated", "--block-time", "0s"}, "block time must be positive"},
	} {
		var out bytes.Buffer
		err := run(ctx, c.args, &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("baton %v: got %v, want an error with %q", c.args, err, c.want)
		}
	}
}

// runDevnetJSON runs `baton devnet --json` with args and returns its
// summary; a failed run ends the test with the devnet's output.
func runDevnetJSON(t *testing.T, ctx context.Context, args ...string) devnet.Summary {
	t.Helper()
	var out bytes.Buffer
	if err := run(ctx, append([]string{"devnet", "--json"}, args...), &out); err != nil {
		t.Fatalf("devnet: %v\n%s", err, out.String())
	}
	sum, err := devnet.ParseSummary(out.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return sum
}
