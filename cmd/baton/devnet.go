package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/internal/cli"
)

// runDevnet is `baton devnet`: flags into a devnet.RunConfig; progress
// to stdout, or with --json to stderr and the summary as stdout's last
// line.
func runDevnet(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("devnet", flag.ContinueOnError)
	d := devnet.DefaultRunConfig()
	c := &d.Config
	fs.IntVar(&c.Replicas, "replicas", c.Replicas, "sequencer replicas (3 to 5 for fault tolerance; 1 to 7 accepted)")
	fs.IntVar(&d.Txs, "txs", 0, "exit once this many transactions are done (0: run until Ctrl-C)")
	fs.Float64Var(&d.Rate, "rate", 0, "load in tx/s (default: 20 without --txs, unpaced with it)")
	fs.Func("load", "max: push as hard as ingress allows, honouring Retry-After (replicas get --max-unproven-batches 32 unless given); or tx/s, as --rate", d.SetLoad)
	fs.IntVar(&c.UnprovenBound, "max-unproven-batches", 0, "the replicas' unproven-batch bound (0: their default, or 32 with --load max; -1: none)")
	accounts := fs.Int("accounts", len(c.Genesis.Accounts), "funded genesis accounts")
	asJSON := fs.Bool("json", false, "print progress to stderr and end stdout with one JSON summary line")
	fs.StringVar(&c.Dir, "data-dir", "", "data directory (default: a fresh temporary one, removed at exit)")
	fs.BoolVar(&d.Keep, "keep", false, "keep the data directory at exit")
	fs.IntVar(&c.Provers, "provers", c.Provers, "prover workers (0: sequencing only, nothing is proven)")
	sizes := []int{c.Genesis.MaxBatchTxs}
	fs.Var(cli.Sizes{To: &sizes}, "batch-size", "operations per batch: the circuit's slots when proving; several (4,16: ascending) are circuit sizes, each batch proven by the smallest that holds it")
	treeDepth := fs.Int("tree-depth", c.Genesis.TreeDepth, "account tree depth when proving (the circuit grows with it)")
	fs.StringVar(&c.KeysDir, "keys-dir", cli.DefaultKeysDir(), "Groth16 key cache (a first run for a circuit size makes them)")
	fs.DurationVar(&d.FinalityTimeout, "finality-timeout", d.FinalityTimeout, "with --txs: how long to wait for every batch to be proven and finalized on L1")
	fs.DurationVar(&c.L1.BlockTime, "l1-block-time", c.L1.BlockTime, "block time of the embedded L1 (with provers)")
	fs.Uint64Var(&c.L1.Confirmations, "l1-confirmations", c.L1.Confirmations, "L1 confirmations the replicas wait for")
	fs.IntVar(&d.Deposits, "deposits", d.Deposits, "deposits an L1 user makes to new L2 accounts at the start (with provers)")
	// Instead of the embedded chain: any node, e.g. geth --dev, with a
	// funded account in a keystore (the sequencer; it also funds the
	// devnet's L1 user). --l1-block-time then says the node's block time.
	l1f := bindL1Flags(fs, false)
	fs.BoolVar(&c.TLS, "tls", false, "make a throwaway CA and run Raft and NATS over mutual TLS and the APIs over HTTPS (certificates in <data-dir>/tls)")
	fs.BoolVar(&c.Procs, "procs", false, "run NATS, etcd and the simulated L1 as OS processes of their own too (replicas, provers and watchdogs always are)")
	fs.BoolVar(&d.Chaos, "chaos", false, "kill and freeze the leader, a prover and the active watchdog during the run (needs provers)")
	fs.DurationVar(&d.ChaosPause, "chaos-pause", d.ChaosPause, "with --chaos: quiet time before each fault")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	// Without provers there is no circuit: the batch size and depth are
	// the fsm's defaults.
	c.Genesis = devnet.DevGenesis(*accounts, 0, 0)
	if c.Provers > 0 {
		c.Genesis = devnet.DevGenesisSizes(*accounts, *treeDepth, sizes)
	}
	c.L1.RPC, c.L1.Keystore, c.L1.PasswordFile = l1f.rpc, l1f.keystore, l1f.passwordFile
	c.Progress = stdout
	if *asJSON {
		c.Progress = os.Stderr
	}
	sum, err := devnet.Run(ctx, d)
	if sum != nil && *asJSON {
		if err := json.NewEncoder(stdout).Encode(sum); err != nil {
			return err
		}
	}
	return err
}
