package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/baton-rollup/baton/internal/cli"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/watchdog"
)

func runWatchdog(ctx context.Context, args []string, _ io.Writer) error {
	fs := flag.NewFlagSet("watchdog", flag.ContinueOnError)
	ef := cli.BindEtcdFlags(fs)
	d := watchdog.Config{}.Defaults()
	c := watchdog.Config{}
	wf := bindWorkerFlags(fs, "instance")
	token := fs.String("token", "", "admin token of the replicas (BATON_TOKEN)")
	tf := bindTLSFlags(fs, "presented to the replicas' admin API when they serve TLS")
	nf := cli.BindNATSConnFlags(fs, "NATS URL(s) of the prover farm: provers' heartbeats void a dead prover's claim before its lease expires (empty: the lease alone)")
	fs.DurationVar(&c.SuspectAfter, "suspect-after", d.SuspectAfter, "a claim whose heartbeats are silent this long is checked against its etcd lease (with --nats)")
	fs.DurationVar(&c.Check, "check", d.Check, "how often the records are read")
	fs.DurationVar(&c.StaleAfter, "stale-after", d.StaleAfter, "a heartbeat older than this is stale")
	fs.DurationVar(&c.CommitStall, "commit-stall", d.CommitStall, "a leader with operations pending this long and no batch for as long is stalled")
	fs.Uint64Var(&c.MaxPostLag, "max-post-lag", 0, "batches not yet on L1 before the leader is unhealthy (0: not checked)")
	fs.IntVar(&c.Confirm, "confirm", d.Confirm, "consecutive unhealthy readings before acting")
	fs.DurationVar(&c.Cooldown, "cooldown", d.Cooldown, "least time between two transfers (doubles while the symptom follows leadership)")
	fs.DurationVar(&c.Probation, "probation", d.Probation, "time a new leader has to show health")
	fs.Uint64Var(&c.MaxBehind, "max-behind", d.MaxBehind, "a transfer target may be at most this many entries behind")
	fs.DurationVar(&c.DeadlineFloor, "deadline-floor", d.DeadlineFloor, "least proving deadline")
	fs.Float64Var(&c.DeadlineFactor, "deadline-factor", d.DeadlineFactor, "proving deadline: the p95 of measured proof times times this")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	log, err := wf.resolve()
	if err != nil {
		return err
	}
	if ef.Endpoints == "" {
		return errors.New("--etcd is required")
	}
	tc, err := tf.client()
	if err != nil {
		return err
	}
	etcdCli, keys, err := ef.Connect(ctx)
	if err != nil {
		return err
	}
	defer etcdCli.Close()
	reg, stopMetrics := cli.ServeMetrics(wf.metricsAddr, log)
	defer stopMetrics()
	c.Client, c.Keys, c.Admin, c.ID, c.ElectionTTL = etcdCli, keys, watchdog.NewHTTPAdmin(*token, tc), wf.id, ef.TTL
	c.Log, c.Registry = log, reg
	if nf.Config.URL != "" {
		beats, err := queue.WatchBeats(nf.Config, "baton-watchdog-"+wf.id, 2*time.Second)
		if err != nil {
			return err
		}
		defer beats.Close()
		c.Liveness = beats
	}
	w, err := watchdog.New(c)
	if err != nil {
		return err
	}
	cli.UpGauge(reg, "baton_etcd_up", "1 while etcd answers this instance.", w.EtcdUp)
	// etcd requests wait for a connection; with etcd unreachable, a
	// standby's resign on the way out would wait forever. Closing the
	// client ends them.
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
		case <-stopped:
			return
		}
		select {
		case <-time.After(5 * time.Second):
			log.Warn("etcd did not answer the resign in time; closing the client")
			_ = etcdCli.Close()
		case <-stopped:
		}
	}()
	return w.Run(ctx)
}

// workerFlags are what every long-running process besides a replica
// has: an id, a metrics address, logging.
type workerFlags struct {
	id, metricsAddr, logLevel, logFormat string
}

func bindWorkerFlags(fs *flag.FlagSet, what string) *workerFlags {
	f := &workerFlags{}
	fs.StringVar(&f.id, "id", "", what+" id (default: host name and pid)")
	fs.StringVar(&f.metricsAddr, "metrics-addr", "", "serve /metrics here (empty: off)")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&f.logFormat, "log-format", "text", "text or json")
	return f
}

// resolve makes the logger and fills the default id (after cli.ParseFlags).
func (f *workerFlags) resolve() (*slog.Logger, error) {
	if f.id == "" {
		host, _ := os.Hostname()
		f.id = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	return cli.NewLogger(f.logLevel, f.logFormat, os.Stderr)
}
