package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/internal/racecheck"
)

// TestDevnetProvesEverything runs `baton devnet --txs N --json` with a
// prover farm and an L1 (replicas, NATS and provers as real processes and
// servers, real Groth16 proofs on a small circuit, the contracts on the
// embedded chain over JSON-RPC) and reads its JSON summary: every
// transaction sequenced, every batch proven and finalized on L1, the
// deposits credited, nothing lost or duplicated.
func TestDevnetProvesEverything(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	t.Setenv(runMainEnv, "1") // children of this test binary run baton
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out bytes.Buffer
	err := run(ctx, []string{"devnet", "--txs", "12", "--json", "--provers", "2", "--batch-size", "2",
		"--tree-depth", "4", "--accounts", "14", "--keys-dir", t.TempDir(), "--data-dir", t.TempDir(),
		"--l1-block-time", "250ms", "--deposits", "2"}, &out)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err != nil {
		t.Fatalf("devnet: %v\n%s", err, out.String())
	}
	var sum devnetSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last line is not the JSON summary: %v\n%s", err, out.String())
	}
	if sum.TxsSequenced != 12 || sum.BatchesSequenced < 6 || sum.BatchesProven != sum.BatchesSequenced ||
		!sum.RootsIdentical || sum.AckedLost != 0 || sum.Duplicates != 0 || sum.ProofsRejected != 0 || sum.Provers != 2 ||
		sum.BatchesFinalized != sum.BatchesSequenced || sum.DepositsCredited != 2 ||
		sum.GasCommitPerBatch <= 0 || sum.GasProvePerBatch <= 0 || sum.GasPerTx <= 0 ||
		sum.FinalityP50S <= 0 || sum.FinalityP99S < sum.FinalityP50S {
		t.Fatalf("summary %+v", sum)
	}
}
