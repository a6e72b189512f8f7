// Command baton runs every part of the baton sequencer–prover pipeline. One
// binary, subcommands:
//
//	baton devnet      a local cluster and prover farm on embedded defaults, with load
//	baton sequencer   one sequencer replica
//	baton prover      one prover worker
//	baton watchdog    the etcd watchdog (leader health, stalled proofs)
//	baton setup       compile the circuit and make its Groth16 keys
//	baton tx          send or load-test transactions
//	baton ctl         query and administer a running cluster
//	baton l1 deploy   deploy the verifier and rollup contracts on an L1
//	baton l1 simulated  a simulated L1 chain behind JSON-RPC (development)
//	baton nats        a single-node JetStream server (development)
//	baton etcd        one etcd member (development)
//	baton bench       measure throughput, latency and failover
//	baton chaos       a seeded fault schedule on a multi-process cluster, its history checked
//	baton genesis     write a development chain's genesis file of a given size
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	gnarklog "github.com/consensys/gnark/logger"

	"github.com/baton-rollup/baton/chaos"
	"github.com/baton-rollup/baton/devnet"
)

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout io.Writer) error
}

func commands() []command {
	return []command{
		{"devnet", "run a local cluster (3 replicas, NATS, 2 provers) with load and a live summary", runDevnet},
		{"sequencer", "run one sequencer replica", runSequencer},
		{"prover", "run one prover worker on the job queue", runProver},
		{"watchdog", "run a watchdog instance (one of several; the elected one acts)", runWatchdog},
		{"setup", "compile the circuit and make (or load cached) Groth16 keys", runSetup},
		{"tx", "send transactions: tx send | tx load", runTx},
		{"ctl", "administer a cluster: status | members | add | remove | transfer-leader | jobs dead | jobs replay", runCtl},
		{"l1", "L1: l1 deploy (verifier and rollup for a circuit, on any JSON-RPC node) | l1 simulated (a simulated chain for development) | l1 rebuild (the state from L1's data alone)", runL1},
		{"nats", "a single-node NATS JetStream server (development; production runs nats-server)", runNATS},
		{"etcd", "one embedded etcd member (development; production runs an etcd cluster)", runEtcd},
		{"bench", "benchmarks: bench sequencer | prover | l1 | watchdog | pipeline", runBench},
		{"chaos", "faults on a multi-process cluster under modelled clients; the history checked for linearizability", chaos.Command},
		{"genesis", "write a development chain's genesis file (dev-seed accounts) of a given size: genesis --out FILE [--batch-size 4,16] [--tree-depth 10]", devnet.GenesisCommand},
	}
}

func main() {
	// gnark logs every proof at debug level through a global logger;
	// baton reports what matters itself.
	gnarklog.Disable()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "baton:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(os.Stderr)
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout)
		}
	}
	usage(os.Stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: baton <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'baton <command> --help' for its flags. Every flag can also be set as\nBATON_<FLAG> in the environment (dashes become underscores), or in a\n--config file (YAML or JSON, flag name: value); the command line wins,\nthen the environment, then the file.")
}
