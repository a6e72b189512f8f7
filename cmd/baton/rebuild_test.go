package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/racecheck"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/rebuild"
)

// TestDevnetRebuildFromL1 runs a small devnet with a prover and the
// embedded L1 (real Groth16 proofs, the contracts over JSON-RPC), makes a
// deposit that creates an account, transfers under load and a
// withdrawal, waits until every batch is finalized and stops the load;
// then `baton l1 rebuild` reads only the rollup's events and calldata and
// must reach the contract's finalized root and a replica's accounts. The
// chain has two circuit sizes, 1 and 2 slots: the load's pairs and a lone
// transfer sent once they are final are committed, proven and read back
// each with its own. A genesis that is not the chain's must fail it.
func TestDevnetRebuildFromL1(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	d := startSmallDevnet(t, ctx, 1, func(c *devnet.Config) { c.Genesis.CircuitSizes = fsm.Sizes{1, 2} })
	g := d.Genesis()
	newKey := fsm.DevKey(devnet.Seed, uint64(len(g.Accounts))).Public()
	if err := d.Deposit(ctx, newKey, 1_000_000); err != nil {
		t.Fatal(err)
	}
	load := loadgen.Start(ctx, d.LoadConfig(4, 2))
	withdraw(t, ctx, d, 7)
	time.Sleep(3 * time.Second)
	load.Stop()
	c := d.Replicas().Client(0)
	for {
		if a, err := c.Account(ctx, uint32(len(g.Accounts))); err == nil && a.PubKey == newKey {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("the deposit never created its account")
		}
		time.Sleep(200 * time.Millisecond)
	}
	d.WaitFinalized(ctx, 2*time.Minute)
	// Alone in its batch once everything else is final: the 1-slot
	// circuit.
	submitOwn(t, ctx, d, 5)
	d.WaitFinalized(ctx, 2*time.Minute)

	url, rollup := d.L1()
	genesis := filepath.Join(d.Dir(), "genesis.json")
	args := []string{"l1", "rebuild", "--l1-rpc", url, "--rollup", rollup.Hex(), "--genesis", genesis, "--json"}
	var out bytes.Buffer
	if err := run(ctx, args, &out); err != nil {
		t.Fatalf("rebuild: %v\n%s", err, out.String())
	}
	var res rebuild.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !res.Match || res.Root != res.FinalizedRoot || res.LastFinalized < 2 || res.Replayed != res.LastFinalized ||
		res.Operations < 3 || len(res.Accounts) != len(g.Accounts)+1 || res.FirstMismatch != 0 {
		t.Fatalf("result %+v", res)
	}
	if res.BySize[1] == 0 || res.BySize[2] == 0 || res.BySize[1]+res.BySize[2] != res.Replayed {
		t.Fatalf("batches by circuit size %v of %d: want both sizes used", res.BySize, res.Replayed)
	}
	for _, a := range res.Accounts {
		want, err := c.Account(ctx, a.Index)
		if err != nil {
			t.Fatal(err)
		}
		if a.PubKey != want.PubKey || a.Owner != want.Owner || a.Balance != want.Balance || a.Nonce != want.Nonce {
			t.Errorf("account %d: rebuilt %+v, replica has %+v", a.Index, a, want)
		}
	}
	t.Logf("rebuilt %d accounts from %d batches (%d operations), root %s, genesis checked on L1: %v",
		len(res.Accounts), res.Replayed, res.Operations, res.Root, res.GenesisChecked)

	// Another genesis (one balance off) cannot reach the same roots.
	g.Accounts[3].Balance++
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	wrong := filepath.Join(t.TempDir(), "genesis.json")
	if err := os.WriteFile(wrong, b, 0o600); err != nil {
		t.Fatal(err)
	}
	args[7] = wrong
	if err := run(ctx, args[:8], &out); err == nil || !strings.Contains(err.Error(), "differs") {
		t.Fatalf("rebuild with another genesis: %v", err)
	}
}

// withdraw sends a withdrawal of amount from the devnet's last genesis
// account (the load leaves it alone) and waits for it.
func withdraw(t *testing.T, ctx context.Context, d *devnet.Devnet, amount uint64) {
	t.Helper()
	sendOwn(t, ctx, d, fsm.Tx{Kind: fsm.KindWithdraw, L1Addr: fsm.L1Address{19: 0x42}, Amount: amount, Fee: 1})
}
