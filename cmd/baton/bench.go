package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/baton-rollup/baton/bench"
	"github.com/baton-rollup/baton/internal/cli"
)

func runBench(ctx context.Context, args []string, stdout io.Writer) error {
	benches := map[string]func(context.Context, []string, io.Writer) error{
		"sequencer": runBenchSequencer, "prover": runBenchProver, "l1": runBenchL1, "watchdog": runBenchWatchdog,
		"pipeline": runBenchPipeline, "raft-node": runRaftNode,
	}
	if len(args) > 0 && benches[args[0]] != nil {
		return benches[args[0]](ctx, args[1:], stdout)
	}
	return fmt.Errorf("usage: baton bench sequencer|prover|l1|watchdog|pipeline [flags] (raft-node is the benchmark's own baseline process)")
}

// progressTo is where a benchmark's progress goes: stdout, or stderr when
// stdout ends with the JSON result.
func progressTo(stdout io.Writer, asJSON bool) io.Writer {
	if asJSON {
		return os.Stderr
	}
	return stdout
}

// printResult ends stdout with res as one JSON line.
func printResult(stdout io.Writer, res any) error {
	out, err := json.Marshal(res)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, string(out))
	return err
}

func runBenchSequencer(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench sequencer", flag.ContinueOnError)
	c := bench.DefaultSequencerConfig()
	fs.IntVar(&c.Replicas, "replicas", c.Replicas, "replicas")
	fs.IntVar(&c.Accounts, "accounts", c.Accounts, "sending accounts (one transfer in flight each)")
	fs.IntVar(&c.TxsPerAccount, "txs-per-account", c.TxsPerAccount, "transfers per account in the throughput run")
	fs.IntVar(&c.Batch, "batch", c.Batch, "max operations per batch")
	fs.IntVar(&c.Failovers, "failovers", c.Failovers, "leader kills in the failover run (0 skips it)")
	asJSON := fs.Bool("json", false, "progress to stderr; last stdout line one JSON object")
	fs.StringVar(&c.Dir, "data-dir", "", "where replicas keep data (default: a temporary dir, removed)")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "write a CPU profile of this process (the load generator) during the cluster run")
	fs.StringVar(&c.ReplicaProfiles, "replica-profiles", "", "write each replica's CPU profile of the cluster run into this dir")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "replica log level (replica logs are in the data dir)")
	fs.BoolVar(&c.TLS, "tls", false, "run Raft over mutual TLS and the APIs over HTTPS (a throwaway CA), and measure raw Raft both ways")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c.Progress = progressTo(stdout, *asJSON)
	// A failed audit still prints the result it failed on.
	res, err := bench.RunSequencer(ctx, c)
	if res != nil && *asJSON {
		return errors.Join(printResult(stdout, res), err)
	}
	return err
}

// runRaftNode is `baton bench raft-node`: one process of the sequencer
// benchmark's raw-Raft baseline, configured by a replica's flags.
func runRaftNode(ctx context.Context, args []string, _ io.Writer) error {
	fs := flag.NewFlagSet("bench raft-node", flag.ContinueOnError)
	f := bindSequencerFlags(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	cfg := f.cfg
	var err error
	if cfg.TLS, err = f.tls.replica(); err != nil {
		return err
	}
	if cfg.Peers, err = parsePeers(f.peers); err != nil {
		return err
	}
	return bench.ServeRaftNode(ctx, cfg)
}

func runBenchProver(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench prover", flag.ContinueOnError)
	c := bench.DefaultProverConfig()
	fs.IntVar(&c.BatchSize, "batch-size", c.BatchSize, "circuit slots (operations per batch)")
	fs.IntVar(&c.TreeDepth, "tree-depth", c.TreeDepth, "account tree depth")
	fs.IntVar(&c.Rounds, "rounds", c.Rounds, "proofs timed bare and through the farm")
	fs.IntVar(&c.Backlog, "backlog", c.Backlog, "queued batches for each proofs-per-minute run")
	fs.Var(cli.Sizes{To: &c.Sizes}, "sizes", "batch sizes whose constraints are counted (compiled only), comma-separated")
	fs.StringVar(&c.KeysDir, "keys-dir", cli.DefaultKeysDir(), "Groth16 key cache")
	asJSON := fs.Bool("json", false, "progress to stderr; last stdout line one JSON object")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c.Progress = progressTo(stdout, *asJSON)
	res, err := bench.RunProver(ctx, c)
	return endResult(stdout, *asJSON, res, err)
}

// endResult ends a benchmark: its error, or with asJSON its result as
// stdout's last line.
func endResult(stdout io.Writer, asJSON bool, res any, err error) error {
	if err != nil || !asJSON {
		return err
	}
	return printResult(stdout, res)
}

// runBenchPipeline drives a devnet at the most ingress allows and
// measures finality and the farm against bare proving.
func runBenchPipeline(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench pipeline", flag.ContinueOnError)
	c := bench.DefaultPipelineConfig()
	fs.DurationVar(&c.Duration, "duration", c.Duration, "how long the load runs (the first minute is start-up's)")
	fs.IntVar(&c.Provers, "provers", c.Provers, "prover processes")
	fs.IntVar(&c.Bound, "max-unproven-batches", c.Bound, "the replicas' bound (0: derived from the farm's pace, -1: none)")
	fs.DurationVar(&c.Bare, "bare", c.Bare, "how long the bare proving rate is measured first")
	fs.StringVar(&c.KeysDir, "keys-dir", cli.DefaultKeysDir(), "Groth16 key cache")
	asJSON := fs.Bool("json", false, "progress to stderr; last stdout line one JSON object")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c.Progress = progressTo(stdout, *asJSON)
	res, err := bench.RunPipeline(ctx, c)
	return endResult(stdout, *asJSON, res, err)
}

// runBenchL1 measures L1 gas at several batch sizes with real proofs on
// the embedded chain, and compares the verifier with gnark's; progress
// always goes to stderr.
func runBenchL1(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench l1", flag.ContinueOnError)
	c := bench.DefaultL1Config()
	fs.Var(cli.Sizes{To: &c.Sizes}, "sizes", "batch sizes (circuit slots), comma-separated")
	fs.IntVar(&c.TreeDepth, "tree-depth", c.TreeDepth, "account tree depth")
	fs.IntVar(&c.Batches, "batches", c.Batches, "batches of transfers per size (medians are reported)")
	fs.StringVar(&c.KeysDir, "keys-dir", cli.DefaultKeysDir(), "Groth16 key cache (sizes not cached are set up first: minutes)")
	fs.StringVar(&c.ContractsDir, "contracts-dir", c.ContractsDir, "where compile.mjs and its node_modules are, to compile gnark's verifier (skipped without node)")
	asJSON := fs.Bool("json", false, "end stdout with one JSON line")
	fs.IntVar(&c.PipelineTxs, "pipeline-txs", c.PipelineTxs, "then run the devnet with this many txs at 1 tx/s and report where finality goes, against bare L1 latency (0: skip)")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c.Progress = os.Stderr
	res, err := bench.RunL1(ctx, c)
	if err != nil || !*asJSON {
		return err
	}
	return json.NewEncoder(stdout).Encode(res)
}

// runBenchWatchdog: progress to stderr, the findings as sentences to
// stdout, then (--json) the result.
func runBenchWatchdog(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench watchdog", flag.ContinueOnError)
	c := bench.DefaultWatchdogConfig()
	fs.IntVar(&c.Runs, "runs", c.Runs, "prover kills with the watchdog")
	fs.IntVar(&c.BaselineRuns, "baseline-runs", c.BaselineRuns, "prover kills with the watchdogs stopped (each waits out the AckWait)")
	fs.IntVar(&c.FreezeRuns, "freeze-runs", c.FreezeRuns, "frozen-batcher runs")
	fs.DurationVar(&c.AckWait, "ack-wait", c.AckWait, "job AckWait (the baseline's redelivery time)")
	fs.DurationVar(&c.TTL, "ttl", c.TTL, "etcd lease TTL")
	fs.DurationVar(&c.Check, "check", c.Check, "watchdog check interval")
	fs.DurationVar(&c.CommitStall, "commit-stall", c.CommitStall, "watchdog commit-stall limit")
	fs.StringVar(&c.KeysDir, "keys-dir", cli.DefaultKeysDir(), "Groth16 key cache")
	asJSON := fs.Bool("json", false, "end stdout with one JSON line")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	c.Progress = os.Stderr
	res, err := bench.RunWatchdog(ctx, c)
	if err != nil {
		return err
	}
	res.WriteSummary(stdout)
	if *asJSON {
		return json.NewEncoder(stdout).Encode(res)
	}
	return nil
}
