package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/duty/proving"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/cli"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/watchdog"
)

// sequencerFlags binds cluster.Config to flags; defaults come from
// cluster.DefaultConfig.
type sequencerFlags struct {
	cfg         cluster.Config
	genesisPath string
	devAccounts int
	peers       string
	logLevel    string
	logFormat   string
	nats        *cli.NATSFlags
	keysDir     string
	l1          *l1Flags
	etcd        *cli.EtcdFlags
	heartbeat   time.Duration
	tls         *tlsFlags
}

func bindSequencerFlags(fs *flag.FlagSet) *sequencerFlags {
	d := cluster.DefaultConfig()
	f := &sequencerFlags{cfg: d}
	c := &f.cfg
	fs.StringVar(&c.ID, "id", "", "replica id (stable across restarts)")
	fs.StringVar(&c.RaftAddr, "raft-addr", "127.0.0.1:7000", "Raft listen address (advertised too, unless --raft-advertise)")
	fs.StringVar(&c.APIAddr, "api-addr", "127.0.0.1:8000", "HTTP API address")
	fs.StringVar(&c.RaftAdvertise, "raft-advertise", "", "host:port the other replicas dial for Raft, if not --raft-addr (e.g. listening on 0.0.0.0); what --peers names")
	fs.StringVar(&c.APIAdvertise, "api-advertise", "", "host:port the other replicas and the status page reach the API at, if not --api-addr")
	fs.StringVar(&c.DataDir, "data-dir", "", "directory for the Raft log and snapshots")
	fs.StringVar(&c.Token, "token", "", "bearer token for the admin API and forwarding (BATON_TOKEN)")
	fs.BoolVar(&c.Bootstrap, "bootstrap", false, "form a new cluster from --peers if this replica has no state")
	fs.StringVar(&f.peers, "peers", "", "initial voters for --bootstrap: id=raftaddr,id=raftaddr,...")
	fs.StringVar(&f.genesisPath, "genesis", "", "genesis JSON file (default: a devnet genesis from the dev seed)")
	fs.IntVar(&f.devAccounts, "dev-accounts", 256, "accounts in the devnet genesis when --genesis is not given")
	fs.DurationVar(&c.Raft.HeartbeatTimeout, "heartbeat-timeout", d.Raft.HeartbeatTimeout, "Raft heartbeat timeout")
	fs.DurationVar(&c.Raft.ElectionTimeout, "election-timeout", d.Raft.ElectionTimeout, "Raft election timeout")
	fs.DurationVar(&c.Raft.LeaderLeaseTimeout, "leader-lease-timeout", d.Raft.LeaderLeaseTimeout, "Raft leader lease timeout")
	fs.Uint64Var(&c.Raft.SnapshotThreshold, "snapshot-threshold", d.Raft.SnapshotThreshold, "log entries between snapshots")
	fs.IntVar(&c.Batcher.MaxTxs, "batch-max-txs", d.Batcher.MaxTxs, "close a batch at this many operations")
	fs.IntVar(&c.Batcher.MaxBytes, "batch-max-bytes", d.Batcher.MaxBytes, "close a batch at this many bytes")
	fs.DurationVar(&c.Batcher.Interval, "batch-interval", d.Batcher.Interval, "close a batch this long after its first operation")
	fs.BoolVar(&c.Batcher.AllowEmpty, "allow-empty-batches", false, "propose empty batches on the interval")
	fs.IntVar(&c.Mempool.MaxTxs, "mempool-max-txs", d.Mempool.MaxTxs, "pending transactions before 429")
	fs.IntVar(&c.Mempool.MaxBytes, "mempool-max-bytes", d.Mempool.MaxBytes, "pending bytes before 429")
	fs.IntVar(&c.MaxUnprovenBatches, "max-unproven-batches", d.MaxUnprovenBatches, "batches sequenced but not yet proven before API transactions get 429 (0: derived from the farm's pace, -1: none)")
	fs.Int64Var(&c.MaxUnprovenWitnessBytes, "max-unproven-witness-bytes", 0, "witness bytes of unproven batches before API transactions get 429 (0: 64 MiB, -1: none)")
	fs.DurationVar(&c.BacklogTarget, "backlog-target", cluster.DefaultBacklogTarget, "proving time the derived unproven bound queues (the farm's pace times this)")
	fs.Uint64Var(&c.NonceWindow, "nonce-window", d.NonceWindow, "how far ahead of an account's nonce a tx may be")
	fs.DurationVar(&c.WaitTimeout, "wait-timeout", d.WaitTimeout, "how long POST /v1/tx waits to be sequenced")
	fs.IntVar(&c.VerifyWorkers, "verify-workers", 0, "concurrent signature checks at the API (0: one per CPU)")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&f.logFormat, "log-format", "text", "text or json")
	f.nats = cli.BindNATSFlags(fs)
	fs.StringVar(&f.keysDir, "keys-dir", cli.DefaultKeysDir(), "Groth16 keys (the verifying key is used) when --nats is set")
	f.l1 = bindL1Flags(fs, true)
	f.etcd = cli.BindEtcdFlags(fs)
	fs.DurationVar(&f.heartbeat, "etcd-heartbeat", time.Second, "how often the replica's heartbeat is written to etcd")
	f.tls = bindTLSFlags(fs, "this replica's for Raft (mutual TLS) and the API (HTTPS), for server and client use, naming the hosts the others dial (its Raft address in --peers, its advertised API address)")
	return f
}

// resolve fills the parts of the config that come from files and strings.
func (f *sequencerFlags) resolve(stderr io.Writer) (cluster.Config, error) {
	cfg := f.cfg
	cfg.Mutation = os.Getenv("BATON_MUTATE") // test-only: chaos --mutate; cluster logs it at ERROR
	log, err := cli.NewLogger(f.logLevel, f.logFormat, stderr)
	if err != nil {
		return cfg, err
	}
	cfg.Logger = log
	if f.genesisPath != "" {
		g, err := fsm.ReadGenesis(f.genesisPath)
		if err != nil {
			return cfg, err
		}
		cfg.Genesis = g
	} else {
		cfg.Genesis = devGenesis(f.devAccounts)
	}
	if cfg.Peers, err = parsePeers(f.peers); err != nil {
		return cfg, err
	}
	if cfg.TLS, err = f.tls.replica(); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// parsePeers reads --peers: id=raftaddr,... (empty: none).
func parsePeers(list string) ([]cluster.Peer, error) {
	if list == "" {
		return nil, nil
	}
	var out []cluster.Peer
	for _, p := range strings.Split(list, ",") {
		id, addr, ok := strings.Cut(p, "=")
		if !ok || id == "" || addr == "" {
			return nil, fmt.Errorf("--peers: %q is not id=raftaddr", p)
		}
		out = append(out, cluster.Peer{ID: id, RaftAddr: addr})
	}
	return out, nil
}

// devGenesis is the devnet's genesis on the fsm's default circuit.
func devGenesis(accounts int) fsm.Genesis { return fsm.DevnetGenesis(fsm.DefaultConfig(), accounts) }

func runSequencer(ctx context.Context, args []string, _ io.Writer) error {
	fs := flag.NewFlagSet("sequencer", flag.ContinueOnError)
	f := bindSequencerFlags(fs)
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := f.resolve(os.Stderr)
	if err != nil {
		return err
	}
	var q *queue.Queue
	if f.nats.Config.URL != "" {
		keys, err := prover.LoadVerifiers(f.keysDir, cfg.Genesis.Config, cfg.Genesis.Sizes(), cfg.Logger)
		if err != nil {
			return err
		}
		if q, err = queue.Connect(ctx, f.nats.Config, "baton-sequencer-"+cfg.ID, cfg.Logger); err != nil {
			return err
		}
		defer q.Close()
		cfg.Proving = &proving.Config{Queue: q, System: keys}
	}
	settlement, closeL1, err := f.l1.settlement(ctx, cfg.Logger)
	if err != nil {
		return err
	}
	defer closeL1()
	cfg.Settlement = settlement
	if err := cfg.Validate(); err != nil {
		return err
	}
	etcdCli, keys, err := f.etcd.Connect(ctx)
	if err != nil {
		return err
	}
	if etcdCli != nil {
		// The status page's provers and watchdog come from etcd.
		cfg.OverviewExtra = func(ctx context.Context) any {
			st, err := watchdog.ReadState(ctx, etcdCli, keys)
			if err != nil {
				return map[string]string{"error": "etcd: " + err.Error()}
			}
			return st
		}
	}
	node, err := cluster.Open(cfg)
	if err != nil {
		return err
	}
	hbDone := make(chan struct{})
	close(hbDone)
	if etcdCli != nil {
		defer etcdCli.Close()
		hb := &watchdog.Heartbeat{Client: etcdCli, Keys: keys, TTL: f.etcd.TTL, Every: f.heartbeat, ID: cfg.ID,
			RaftAddr: node.RaftAddr(), Status: heartbeatStatus(node), Log: cfg.Logger}
		hbDone = make(chan struct{})
		go func() { defer close(hbDone); hb.Run(ctx) }()
		cli.UpGauge(node.Metrics().Registry, "baton_etcd_up", "1 while etcd takes this replica's heartbeats.", hb.Up)
	}
	if q != nil {
		cli.UpGauge(node.Metrics().Registry, "baton_nats_connected", "1 while connected to NATS.", q.Conn().IsConnected)
	}
	<-ctx.Done()
	cfg.Logger.Info("shutting down")
	// The heartbeat goes first (it drops the leader record and revokes
	// the lease), so nobody reads a leader that is stopping.
	<-hbDone
	done := make(chan error, 1)
	go func() { done <- node.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		return fmt.Errorf("shutdown timed out")
	}
}
