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
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	gnarklog "github.com/consensys/gnark/logger"
	"go.yaml.in/yaml/v3"
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
		{"l1", "L1: l1 deploy (verifier and rollup for a circuit, on any JSON-RPC node) | l1 simulated (a simulated chain for development)", runL1},
		{"nats", "a single-node NATS JetStream server (development; production runs nats-server)", runNATS},
		{"etcd", "one embedded etcd member (development; production runs an etcd cluster)", runEtcd},
		{"bench", "benchmarks: bench sequencer | bench prover | bench l1", runBench},
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

// parseFlags parses args, then fills every flag not given on the command
// line from BATON_<NAME> in the environment, then from the --config file
// (YAML or JSON: flag name → value). One source of defaults, the flag
// definitions; the command line wins over the environment, which wins
// over the file. Every subcommand gets --config this way.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if fs.Lookup("config") == nil {
		fs.String("config", "", "file of flag values (YAML or JSON: name: value); command-line flags and BATON_* variables win over it")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		env := "BATON_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", env, err))
			}
			set[f.Name] = true
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	path := fs.Lookup("config").Value.String()
	if path == "" {
		return nil
	}
	return applyConfigFile(fs, path, set)
}

// applyConfigFile sets the flags the file names, except those already
// set. A name no flag has is an error, not a silent no-op: a typo in a
// config file should not fall back to a default. Values are taken as
// the file writes them and parsed by the flag itself, as on the command
// line: YAML's own typing would turn a token "0777" into 511 and "no" into
// false, and a large number into a float.
func applyConfigFile(fs *flag.FlagSet, path string, set map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--config: %w", err)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("--config %s: %w", path, err)
	}
	// A second document would be ignored: better said than guessed at.
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return fmt.Errorf("--config %s: one YAML document only", path)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file sets nothing
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("--config %s: want a map of flag names to values", path)
	}
	var errs []error
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := k.Value
		f := fs.Lookup(name)
		switch {
		case k.Kind != yaml.ScalarNode || f == nil || name == "config":
			errs = append(errs, fmt.Errorf("--config %s:%d: %q is not a flag of baton %s", path, k.Line, name, fs.Name()))
			continue
		case seen[name]:
			errs = append(errs, fmt.Errorf("--config %s:%d: %s given twice", path, k.Line, name))
			continue
		case v.Kind != yaml.ScalarNode || v.Tag == "!!null":
			errs = append(errs, fmt.Errorf("--config %s:%d: %s: want a string, number or boolean", path, v.Line, name))
			continue
		}
		seen[name] = true
		if set[name] {
			continue
		}
		if err := fs.Set(name, v.Value); err != nil {
			errs = append(errs, fmt.Errorf("--config %s:%d: %s: %w", path, v.Line, name, err))
		}
	}
	return errors.Join(errs...)
}

func newLogger(level, format string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", format)
}
