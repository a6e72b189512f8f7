package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/baton-rollup/baton/duty/proving"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/cli"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/watchdog"
)

// The keys satisfy what the leader needs of the proof system.
var _ proving.ProofSystem = (*prover.Verifiers)(nil)

// circuitFlags name the circuits: their parameters come from the genesis
// (depth, chain id, fee account, and circuit_sizes as the batch sizes),
// --sizes picks some of its sizes.
type circuitFlags struct {
	keysDir     string
	genesisPath string
	devAccounts int
	sizes       []int
}

func bindCircuitFlags(fs *flag.FlagSet) *circuitFlags {
	f := &circuitFlags{}
	fs.StringVar(&f.keysDir, "keys-dir", cli.DefaultKeysDir(), "where Groth16 keys are cached, one dir per circuit hash")
	fs.StringVar(&f.genesisPath, "genesis", "", "genesis JSON file; the circuits follow its tree depth, chain id, fee account and circuit_sizes")
	fs.IntVar(&f.devAccounts, "dev-accounts", 256, "accounts in the devnet genesis when --genesis is not given")
	fs.Var(cli.Sizes{To: &f.sizes}, "sizes", "which of the genesis's circuit sizes, comma-separated (default: all)")
	return f
}

func (f *circuitFlags) params() ([]prover.Params, error) {
	g := devGenesis(f.devAccounts)
	if f.genesisPath != "" {
		var err error
		if g, err = fsm.ReadGenesis(f.genesisPath); err != nil {
			return nil, err
		}
	}
	return prover.ParamsOf(&g, f.sizes)
}

func runSetup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	cf := bindCircuitFlags(fs)
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	log, err := cli.NewLogger(*logLevel, "text", os.Stderr)
	if err != nil {
		return err
	}
	ps, err := cf.params()
	if err != nil {
		return err
	}
	for _, p := range ps {
		start := time.Now()
		k, created, err := prover.Setup(cf.keysDir, p, log)
		if err != nil {
			return err
		}
		verb := "loaded cached"
		if created {
			verb = "created"
		}
		fmt.Fprintf(stdout, "%s keys for %s: %d constraints, keys %s, in %v (%s)\n",
			verb, p, k.Constraints(), k.KeyID(), time.Since(start).Round(time.Millisecond), cf.keysDir)
	}
	fmt.Fprintln(stdout, "single-party setup: fine for a devnet; production keys need a multi-party ceremony")
	return nil
}

func runProver(ctx context.Context, args []string, _ io.Writer) error {
	fs := flag.NewFlagSet("prover", flag.ContinueOnError)
	cf := bindCircuitFlags(fs)
	nf := cli.BindNATSFlags(fs)
	ef := cli.BindEtcdFlags(fs)
	backend := fs.String("backend", "cpu", "proving backend reported to the watchdog: cpu")
	defaultDeadline := fs.Duration("proof-deadline", 5*time.Minute, "proving deadline until the watchdog has measured proof times")
	wf := bindWorkerFlags(fs, "prover")
	beatEvery := fs.Duration("beat-every", prover.DefaultBeatEvery, "how often a job in progress is announced on NATS (the watchdog's sign that this prover lives)")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	log, err := wf.resolve()
	if err != nil {
		return err
	}
	if nf.Config.URL == "" {
		return errors.New("--nats is required")
	}
	ps, err := cf.params()
	if err != nil {
		return err
	}
	bes, err := prover.LoadCPU(cf.keysDir, ps)
	if err != nil {
		return err
	}
	q, err := queue.Connect(ctx, nf.Config, "baton-prover-"+wf.id, log)
	if err != nil {
		return err
	}
	defer q.Close()
	reg, stopMetrics := cli.ServeMetrics(wf.metricsAddr, log)
	defer stopMetrics()
	cli.UpGauge(reg, "baton_nats_connected", "1 while connected to NATS.", q.Conn().IsConnected)
	if *backend != "cpu" {
		return fmt.Errorf("--backend %q: this build proves on the CPU only", *backend)
	}
	w := &prover.Worker{ID: wf.id, Backends: bes, Queue: q, Log: log.With("prover", wf.id), Metrics: prover.NewMetrics(reg), BeatEvery: *beatEvery}
	etcdCli, ek, err := ef.Connect(ctx)
	if err != nil {
		return err
	}
	if etcdCli != nil {
		defer etcdCli.Close()
		rec := watchdog.ProverRecord{ID: wf.id, Backend: *backend, Circuits: w.Tags()}
		agent := watchdog.NewProver(etcdCli, ek, rec, ef.TTL, *defaultDeadline, log.With("prover", wf.id))
		// The agent has its own context, ended only after the worker
		// returned: the worker marks its job released first, then the
		// lease is revoked (the other way round, the watchdog would void
		// the attempt as if this prover had died).
		actx, stopAgent := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); agent.Run(actx) }()
		defer func() { stopAgent(); <-done }()
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := agent.WaitLease(wctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			log.Warn("no etcd lease yet; proving starts anyway (claims follow once etcd answers)")
		}
		w.Claims = etcdClaims{agent}
		cli.UpGauge(reg, "baton_etcd_up", "1 while this prover holds its etcd lease.", agent.Up)
	}
	return w.Run(ctx)
}
