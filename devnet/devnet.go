package devnet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/tlsconf"
	"github.com/baton-rollup/baton/watchdog"
)

// Devnet is a running pipeline on loopback: replicas, provers and
// watchdogs as processes, NATS, etcd and an L1 beside them. Everything
// Start began, Close stops.
type Devnet struct {
	cfg   Config
	out   io.Writer // progress lines
	token string
	rs    *proc.ReplicaSet
	// tlsFiles holds the throwaway CA's certificates by name (s<i> for
	// replicas, "nats", "client" for the devnet, watchdogs and people).
	tlsFiles map[string]tlsconf.Files
	// srv are the servers besides baton's own processes (in this process
	// or not), stopped after those processes: a replica stopping still
	// talks to them.
	srv *servers

	// The prover farm: NATS (natsGiven: its URL as processes are given
	// it, through the proxy if any), workers and what they report (nil
	// without).
	natsURL   string
	natsGiven string
	provers   *proc.Set
	farm      *farmWatch

	// The L1 (nil without provers), and each batch's way through its
	// states.
	l1     *l1Chain
	stages *stageWatch

	// The watchdog: etcd and the watchdog processes.
	etcdCli   *clientv3.Client
	etcdKeys  watchdog.Keys
	watchdogs *proc.Set
}

// New prepares a devnet with a fresh admin token; Start starts it.
func New(cfg Config) (*Devnet, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Dir == "" {
		return nil, fmt.Errorf("devnet: Dir is required")
	}
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	out := cfg.Progress
	if out == nil {
		out = io.Discard
	}
	return &Devnet{cfg: cfg, out: out, token: hex.EncodeToString(tok), stages: newStageWatch(),
		srv: &servers{cfg: cfg, out: out}}, nil
}

// L1 is the chain's JSON-RPC URL and the rollup's address, as `baton l1
// rebuild` takes them (empty before Start and without provers).
func (d *Devnet) L1() (url string, rollup common.Address) {
	if d.l1 == nil {
		return "", common.Address{}
	}
	return d.l1.url, d.l1.dep.Rollup
}

// Deposit has the devnet's L1 user deposit gwei to the L2 account of key
// (created on the first deposit) and waits until L1 queued it.
func (d *Devnet) Deposit(ctx context.Context, key fsm.PubKey, gwei int64) error {
	if d.l1 == nil {
		return errors.New("devnet: no L1 without provers")
	}
	return d.l1.deposit(ctx, key, gwei)
}

// Replicas are the sequencer replicas (after Start).
func (d *Devnet) Replicas() *proc.ReplicaSet { return d.rs }

// Provers are the prover workers (nil without provers).
func (d *Devnet) Provers() *proc.Set { return d.provers }

// Watchdogs are the watchdog instances, one active and one standby.
func (d *Devnet) Watchdogs() *proc.Set { return d.watchdogs }

// Services are the servers running as processes of their own (Procs):
// "nats" (with provers or NATS), "etcd" and "l1" (the simulated chain,
// with provers), each a Set of one process. A chaos run kills, freezes
// and restarts them there; Set.Restart runs the same command line, so a
// restarted server has the same port and the same data dir (NATS's
// JetStream store, etcd's member dir). The simulated L1 keeps its chain
// in memory and loses it on a restart: freeze it, do not restart it.
// Empty without Procs, the servers then being in this process.
func (d *Devnet) Services() map[string]*proc.Set { return maps.Clone(d.srv.sets) }

// WaitService waits (up to a minute) until the named service answers
// again, after a restart.
func (d *Devnet) WaitService(ctx context.Context, name string) error { return d.srv.await(ctx, name) }

// Token is the replicas' admin token.
func (d *Devnet) Token() string { return d.token }

// Genesis is the chain's genesis.
func (d *Devnet) Genesis() fsm.Genesis { return d.cfg.Genesis }

// Dir is where everything lives.
func (d *Devnet) Dir() string { return d.cfg.Dir }

// NATSURL is the job queue's server ("" without provers).
func (d *Devnet) NATSURL() string { return d.natsURL }

// Etcd is the devnet's etcd client and the keys the watchdog keeps there.
func (d *Devnet) Etcd() (*clientv3.Client, watchdog.Keys) { return d.etcdCli, d.etcdKeys }

// EtcdURL is the client URL of the devnet's etcd.
func (d *Devnet) EtcdURL() string {
	if d.etcdCli == nil || len(d.etcdCli.Endpoints()) == 0 {
		return ""
	}
	return d.etcdCli.Endpoints()[0]
}

// TLSClient is the client certificate of a TLS devnet (false without).
func (d *Devnet) TLSClient() (tlsconf.Files, bool) {
	f, ok := d.tlsFiles["client"]
	return f, ok
}

// LoadConfig is load against the replicas from the genesis accounts,
// leaving the last ReservedAccounts free for people sending by hand.
func (d *Devnet) LoadConfig(rate float64, workers int) loadgen.Config {
	g := d.cfg.Genesis
	return loadgen.Config{APIs: d.rs.APIs(), Seed: Seed, Accounts: len(g.Accounts) - ReservedAccounts,
		ChainID: g.ChainID, Rate: rate, Workers: workers, TLS: d.rs.TLS()}
}

// MetricsAddrs are the host:port of every process serving /metrics: the
// replicas' APIs, the provers and the watchdogs.
func (d *Devnet) MetricsAddrs() []string {
	out := d.rs.APIs()
	for _, set := range []*proc.Set{d.provers, d.watchdogs} {
		if set == nil {
			continue
		}
		for _, p := range set.Procs() {
			out = append(out, p.MetricsAddr())
		}
	}
	return out
}

// WaitReady waits for a leader, then for every replica's API (with
// provers, a replica first loads the verifying keys), then for every
// replica to know where the leader's API is.
func (d *Devnet) WaitReady(ctx context.Context) error {
	if _, err := d.rs.Leader(ctx, d.rs.All(), 30*time.Second); err != nil {
		return err
	}
	if err := d.rs.WaitAPIs(ctx, 60*time.Second); err != nil {
		return err
	}
	// A follower serves a linearizable read once it knows where the
	// leader's API is (the leader registers it through the log): until
	// then it answers 503, rightly, but a devnet is not ready for clients.
	return Poll(ctx, 30*time.Second, "every replica knowing the leader's API", func() bool {
		for _, st := range d.rs.Statuses(ctx) {
			if st == nil || st.LeaderAPI == "" {
				return false
			}
		}
		return true
	})
}

// StartReady is New, Start and WaitReady: a devnet that is up, or an
// error with whatever had started stopped again. The caller closes it.
func StartReady(ctx context.Context, cfg Config) (*Devnet, error) {
	d, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if err := d.Start(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := d.WaitReady(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Start lays out Dir and starts everything: etcd, with provers the keys,
// NATS, the L1 and the provers, then the replicas and two watchdogs.
func (d *Devnet) Start(ctx context.Context) error {
	if err := os.MkdirAll(d.cfg.Dir, 0o700); err != nil {
		return err
	}
	flags := d.cfg.replicaFlags()
	if d.cfg.TLS {
		var names []string
		for i := range d.cfg.Replicas {
			names = append(names, fmt.Sprintf("s%d", i))
		}
		var err error
		if d.tlsFiles, err = tlsconf.WriteDevPKI(filepath.Join(d.cfg.Dir, "tls"), []string{"127.0.0.1", "localhost"}, append(names, "nats"), "client"); err != nil {
			return err
		}
		d.srv.tls = d.tlsFiles
	}
	etcdArgs, err := d.startEtcd(ctx)
	if err != nil {
		return err
	}
	flags = append(flags, etcdArgs...)
	if d.cfg.Provers > 0 {
		more, err := d.startProving(ctx, etcdArgs)
		if err != nil {
			return err
		}
		flags = append(flags, more...)
	} else if d.cfg.NATS {
		if d.natsURL, err = d.srv.nats(ctx); err != nil {
			return err
		}
	}
	if err := d.layoutWatchdogs(etcdArgs); err != nil {
		return err
	}
	if err := d.writeKeys(); err != nil {
		return err
	}
	if err := d.startReplicas(flags); err != nil {
		return err
	}
	for range d.cfg.Provers {
		if err := d.provers.Start(); err != nil {
			return err
		}
	}
	// One active watchdog and one standby.
	for range 2 {
		if err := d.watchdogs.Start(); err != nil {
			return err
		}
	}
	return nil
}

// replicaFlags are the flags every replica gets before any service's:
// batches no longer than the circuit, and the unproven backlog's bound
// (or -1, none) when one is set.
func (c Config) replicaFlags() []string {
	flags := []string{"--batch-max-txs", strconv.Itoa(c.Genesis.MaxBatchTxs)}
	if c.UnprovenBound != 0 {
		flags = append(flags, "--max-unproven-batches", strconv.Itoa(c.UnprovenBound))
	}
	return flags
}

// writeKeys puts the devnet's keys beside the genesis, for anyone poking
// the API.
func (d *Devnet) writeKeys() error {
	keys := map[string]string{}
	for i := range len(d.cfg.Genesis.Accounts) {
		keys[fmt.Sprint(i)] = hex.EncodeToString(fsm.DevKey(Seed, uint64(i)).Bytes())
	}
	return proc.WriteJSON(filepath.Join(d.cfg.Dir, "genesis-keys.json"), keys)
}

func (d *Devnet) startReplicas(flags []string) error {
	rc := proc.DefaultReplicaConfig()
	rc.Exe, rc.Dir, rc.Replicas, rc.Genesis, rc.Token, rc.Flags = d.cfg.Exe, d.cfg.Dir, d.cfg.Replicas, d.cfg.Genesis, d.token, flags
	rc.APIAdvertise, rc.Env = d.cfg.Proxy, d.cfg.ReplicaEnv
	rs, err := proc.NewReplicaSet(rc)
	if err != nil {
		return err
	}
	d.rs = rs
	if f, ok := d.TLSClient(); ok {
		tc, err := f.Client()
		if err != nil {
			return err
		}
		rs.SetTLS(d.tlsFiles, tc)
	}
	return rs.StartAll()
}

// startProving makes (or loads) the keys of every circuit size, starts
// NATS, lays out the provers and starts the L1; it returns the replicas'
// flags for them.
func (d *Devnet) startProving(ctx context.Context, etcdArgs []string) ([]string, error) {
	g := d.cfg.Genesis
	log := d.cfg.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	var circuits []contracts.Circuit
	for _, n := range g.Sizes() {
		p := prover.ParamsFor(g.Config, n)
		fmt.Fprintf(d.out, "devnet: Groth16 keys for %s in %s (made once per circuit size; minutes the first time)\n", p, d.cfg.KeysDir)
		start := time.Now()
		k, created, err := prover.Setup(d.cfg.KeysDir, p, log)
		if err != nil {
			return nil, err
		}
		if created {
			fmt.Fprintf(d.out, "devnet: setup of %d constraints took %v (single party: devnet keys only)\n", k.Constraints(), time.Since(start).Round(time.Second))
		}
		circuits = append(circuits, k)
	}
	var err error
	if d.natsURL, err = d.srv.nats(ctx); err != nil {
		return nil, err
	}
	if d.natsGiven, err = d.srv.given("nats", d.natsURL); err != nil {
		return nil, err
	}
	natsArgs := append([]string{"--nats", d.natsGiven, "--keys-dir", d.cfg.KeysDir}, d.srv.natsArgs()...)
	if d.cfg.AckWait > 0 {
		natsArgs = append(natsArgs, "--job-ack-wait", d.cfg.AckWait.String())
	}
	if d.provers, err = proc.NewSet(proc.SetConfig{Exe: d.cfg.Exe, Dir: d.cfg.Dir, Subcommand: "prover", Prefix: "p", Metrics: true,
		Flags: append(slices.Concat(natsArgs, etcdArgs), "--genesis", filepath.Join(d.cfg.Dir, "genesis.json"))}); err != nil {
		return nil, err
	}
	if d.farm, err = watchFarm(d.natsURL, d.srv.natsOptions()...); err != nil {
		return nil, err
	}
	var spawn spawnL1
	if d.cfg.Procs {
		spawn = d.srv.l1Proc
	}
	if d.l1, err = startL1(ctx, d.cfg.Dir, d.cfg.L1, spawn, circuits, g); err != nil {
		return nil, err
	}
	rpc := d.l1.url
	// An external node's URL may name a host its certificate is for: it
	// is not proxied.
	if !d.l1.external {
		if rpc, err = d.srv.given("l1", rpc); err != nil {
			return nil, err
		}
	}
	// A proof costs the same whether its slots are full or not, so
	// batches wait a little to fill up.
	return slices.Concat(natsArgs, []string{"--batch-interval", "3s", "--l1-rpc", rpc}, d.l1.args), nil
}

// startEtcd runs the devnet's etcd (its data in Dir); it returns the
// flags replicas, provers and watchdogs get.
func (d *Devnet) startEtcd(ctx context.Context) ([]string, error) {
	etcdURL, err := d.srv.etcd(ctx)
	if err != nil {
		return nil, err
	}
	if d.etcdCli, err = watchdog.Connect(ctx, watchdog.EtcdConfig{Endpoints: []string{etcdURL}}); err != nil {
		return nil, err
	}
	if d.etcdKeys, err = watchdog.NewKeys("devnet"); err != nil {
		return nil, err
	}
	given, err := d.srv.given("etcd", etcdURL)
	if err != nil {
		return nil, err
	}
	return []string{"--etcd", given, "--cluster-name", "devnet", "--etcd-ttl", d.cfg.Watchdog.TTL.String()}, nil
}

// layoutWatchdogs lays out the watchdog processes: etcdArgs, their
// timings, and with provers the NATS that carries their heartbeats.
func (d *Devnet) layoutWatchdogs(etcdArgs []string) error {
	o := d.cfg.Watchdog
	wargs := append(slices.Clone(etcdArgs), "--check", o.Check.String(), "--stale-after", o.StaleAfter.String(),
		"--commit-stall", o.CommitStall.String(), "--cooldown", o.Cooldown.String(), "--probation", o.Probation.String(),
		"--deadline-floor", o.DeadlineFloor.String())
	if f, ok := d.TLSClient(); ok {
		wargs = append(wargs, proc.TLSArgs("", f)...)
	}
	if d.natsGiven != "" {
		wargs = append(append(wargs, "--nats", d.natsGiven), d.srv.natsArgs()...)
	}
	var err error
	d.watchdogs, err = proc.NewSet(proc.SetConfig{Exe: d.cfg.Exe, Dir: d.cfg.Dir, Subcommand: "watchdog", Prefix: "w",
		Flags: wargs, Env: []string{"BATON_TOKEN=" + d.token}, Metrics: true})
	return err
}

// Close stops everything Start began, processes before the servers they
// talk to. It may be called after a failed Start.
func (d *Devnet) Close() {
	if d.farm != nil {
		d.farm.nc.Close()
	}
	if d.watchdogs != nil {
		if err := d.watchdogs.Stop(); err != nil {
			fmt.Fprintln(d.out, "devnet:", err)
		}
	}
	if d.provers != nil {
		if err := d.provers.Stop(); err != nil {
			fmt.Fprintln(d.out, "devnet:", err)
		}
	}
	if d.rs != nil {
		d.rs.Stop()
	}
	if d.l1 != nil {
		d.l1.close()
	}
	if d.etcdCli != nil {
		d.etcdCli.Close()
	}
	d.srv.close()
}

// WaitFinalized waits until every replica reports every batch finalized
// on L1 (the summary reads whichever replica it asks), saying every 5 s
// how far they are.
func (d *Devnet) WaitFinalized(ctx context.Context, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	last := time.Time{}
	for ctx.Err() == nil && time.Now().Before(deadline) {
		proven, final, head, up := uint64(1<<63), uint64(1<<63), uint64(0), 0
		for _, s := range d.rs.Statuses(ctx) {
			if s != nil {
				up++
				proven, final, head = min(proven, s.Proven), min(final, s.Finalized), max(head, s.LastBatch)
			}
		}
		if up == d.rs.Len() && head > 0 && final >= head {
			return
		}
		if time.Since(last) > 5*time.Second {
			fmt.Fprintf(d.out, "waiting for L1: %d of %d batches proven, %d finalized on every replica\n", min(proven, head), head, min(final, head))
			last = time.Now()
		}
		time.Sleep(250 * time.Millisecond)
	}
}
