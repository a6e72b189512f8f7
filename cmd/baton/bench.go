package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/fsm"
	"github.com/hashicorp/raft"
)

func runBench(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "sequencer" {
		return fmt.Errorf("usage: baton bench sequencer [flags]")
	}
	return runBenchSequencer(ctx, args[1:], stdout)
}

// sequencerBench measures, in one run on one machine: the cluster's
// committed tx/s and latency through the HTTP API; raw Raft on the same
// 3-node setup with a no-op fsm; one fsm applying the same batches on one
// core; and failover time under load.
type sequencerBench struct {
	replicas  int
	accounts  int
	perAcct   int
	batch     int
	failovers int
	dir       string
	log       *slog.Logger
	progress  io.Writer
	genesis   fsm.Genesis
	txs       [][]fsm.Tx // txs[a] are account a's transfers, in nonce order
	cmds      [][]byte   // the same transfers as AppendBatch entries
}

type benchResult struct {
	TxPerS           float64 `json:"tx_per_s"`
	RawRaftTxPerS    float64 `json:"raw_raft_tx_per_s"`
	FsmTxPerS        float64 `json:"fsm_tx_per_s"`
	Cores            int     `json:"cores"`
	Replicas         int     `json:"replicas"`
	Ideal            float64 `json:"ideal_tx_per_s"`
	Efficiency       float64 `json:"efficiency"`
	P50Ms            float64 `json:"p50_ms"`
	P99Ms            float64 `json:"p99_ms"`
	TxsMeasured      int     `json:"txs_measured"`
	TxsPerBatch      float64 `json:"txs_per_batch"`
	FailoverMedianMs float64 `json:"failover_median_ms"`
	FailoverMaxMs    float64 `json:"failover_max_ms"`
	Failovers        int     `json:"failovers"`
	AckedLost        int     `json:"acked_lost"`
	Duplicates       int     `json:"duplicates"`
	TreeDepth        int     `json:"tree_depth"`
}

func runBenchSequencer(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench sequencer", flag.ContinueOnError)
	b := &sequencerBench{}
	fs.IntVar(&b.replicas, "replicas", 3, "replicas")
	fs.IntVar(&b.accounts, "accounts", 1024, "sending accounts (one transfer in flight each)")
	fs.IntVar(&b.perAcct, "txs-per-account", 12, "transfers per account in the throughput run")
	fs.IntVar(&b.batch, "batch", 1024, "max operations per batch")
	fs.IntVar(&b.failovers, "failovers", 20, "leader kills in the failover run (0 skips it)")
	asJSON := fs.Bool("json", false, "progress to stderr; last stdout line one JSON object")
	dir := fs.String("data-dir", "", "where replicas keep data (default: a temporary dir, removed)")
	logLevel := fs.String("log-level", "error", "replica log level (to stderr)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the cluster run to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b.progress = stdout
	if *asJSON {
		b.progress = os.Stderr
	}
	var err error
	if b.log, err = newLogger(*logLevel, "text", os.Stderr); err != nil {
		return err
	}
	b.dir = *dir
	if b.dir == "" {
		d, err := os.MkdirTemp("", "baton-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		b.dir = d
	}
	cfg := fsm.DefaultConfig()
	cfg.MaxBatchTxs = b.batch
	b.genesis = fsm.DevGenesis(cfg, "bench", b.accounts+1, 1<<40, 0)

	res := benchResult{Cores: runtime.NumCPU(), Replicas: b.replicas, TreeDepth: cfg.TreeDepth}
	b.say("signing %d transfers from %d accounts", b.accounts*b.perAcct, b.accounts)
	if err := b.prepare(); err != nil {
		return err
	}
	if res.FsmTxPerS, err = b.fsmBaseline(); err != nil {
		return err
	}
	b.say("fsm alone (GOMAXPROCS=1): %.0f tx/s", res.FsmTxPerS)
	if res.RawRaftTxPerS, err = b.rawRaft(ctx); err != nil {
		return err
	}
	b.say("raw raft (no-op fsm, same entries): %.0f tx/s", res.RawRaftTxPerS)
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	err = b.clusterRun(ctx, &res)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	res.Ideal = min(res.RawRaftTxPerS, res.FsmTxPerS*float64(res.Cores)/float64(res.Replicas))
	res.Efficiency = res.TxPerS / res.Ideal
	b.say("cluster: %.0f tx/s (ideal %.0f, efficiency %.2f), p50 %.1f ms, p99 %.1f ms",
		res.TxPerS, res.Ideal, res.Efficiency, res.P50Ms, res.P99Ms)
	if b.failovers > 0 {
		if err := b.failoverRun(ctx, &res); err != nil {
			return err
		}
		b.say("failover over %d kills: median %.0f ms, max %.0f ms; acked lost %d, duplicates %d",
			res.Failovers, res.FailoverMedianMs, res.FailoverMaxMs, res.AckedLost, res.Duplicates)
	}
	out, _ := json.Marshal(res)
	if *asJSON {
		fmt.Fprintln(stdout, string(out))
	}
	if res.AckedLost > 0 || res.Duplicates > 0 {
		return fmt.Errorf("invariant broken: %d acknowledged txs lost, %d duplicated", res.AckedLost, res.Duplicates)
	}
	return nil
}

func (b *sequencerBench) say(format string, args ...any) {
	fmt.Fprintf(b.progress, "bench: "+format+"\n", args...)
}

// prepare signs every transfer up front (signing is the client's cost, not
// the cluster's) and cuts them into batches the way a leader would.
func (b *sequencerBench) prepare() error {
	b.txs = make([][]fsm.Tx, b.accounts+1)
	var wg sync.WaitGroup
	var next atomic.Int64
	next.Store(1)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				a := int(next.Add(1) - 1)
				if a > b.accounts {
					return
				}
				k := fsm.DevKey("bench", uint64(a))
				rng := rand.New(rand.NewPCG(uint64(a), 1))
				for n := range b.perAcct {
					to := uint32(1 + rng.IntN(b.accounts))
					if int(to) == a {
						to = uint32(1 + a%b.accounts)
					}
					tx := fsm.Tx{Kind: fsm.KindTransfer, From: uint32(a), To: to, Amount: 1 + uint64(rng.IntN(1000)), Fee: 1, Nonce: uint64(n)}
					_ = tx.Sign(k, b.genesis.ChainID)
					b.txs[a] = append(b.txs[a], tx)
				}
			}
		}()
	}
	wg.Wait()
	// Round n holds every account's n-th transfer, so each batch is valid
	// in order.
	var all []fsm.Tx
	for n := range b.perAcct {
		for a := 1; a <= b.accounts; a++ {
			all = append(all, b.txs[a][n])
		}
	}
	m, err := fsm.New(b.genesis)
	if err != nil {
		return err
	}
	for i := 0; i < len(all); i += b.batch {
		res := m.Build(all[i:min(i+b.batch, len(all))], int64(i), false)
		if res.Batch == nil || len(res.Rejected) > 0 || len(res.Deferred) > 0 {
			return fmt.Errorf("bench batch %d: built %v, %d rejected, %d deferred", i/b.batch, res.Batch != nil, len(res.Rejected), len(res.Deferred))
		}
		cmd := (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()
		m.Adopt(res)
		if r := m.Apply(uint64(i+1), 1, cmd); r.Err != nil {
			return r.Err
		}
		b.cmds = append(b.cmds, cmd)
	}
	return nil
}

// fsmBaseline applies the batches to a fresh machine on one core.
func (b *sequencerBench) fsmBaseline() (float64, error) {
	m, err := fsm.New(b.genesis)
	if err != nil {
		return 0, err
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	runtime.GC()
	start := time.Now()
	for i, c := range b.cmds {
		if r := m.Apply(uint64(i+1), 1, c); r.Err != nil {
			return 0, r.Err
		}
	}
	return float64(b.accounts*b.perAcct) / time.Since(start).Seconds(), nil
}

func (b *sequencerBench) nodeConfig(id, raftAddr, dir string) cluster.Config {
	cfg := cluster.DefaultConfig()
	cfg.ID, cfg.RaftAddr, cfg.APIAddr, cfg.DataDir = id, raftAddr, "127.0.0.1:0", dir
	cfg.Genesis, cfg.Token, cfg.Logger = b.genesis, "bench", b.log
	cfg.Batcher.MaxTxs = b.batch
	cfg.Mempool.MaxTxs = 4 * b.accounts
	cfg.Batcher.MaxBytes = b.batch * fsm.MaxTxSize
	cfg.Mempool.MaxBytes = max(cfg.Mempool.MaxBytes, cfg.Batcher.MaxBytes)
	return cfg
}

func (b *sequencerBench) configs(name string) ([]cluster.Config, error) {
	addrs, err := loopbackAddrs(b.replicas)
	if err != nil {
		return nil, err
	}
	var peers []cluster.Peer
	for i, a := range addrs {
		peers = append(peers, cluster.Peer{ID: fmt.Sprintf("s%d", i), RaftAddr: a})
	}
	var cfgs []cluster.Config
	for i, p := range peers {
		cfg := b.nodeConfig(p.ID, p.RaftAddr, filepath.Join(b.dir, name, p.ID))
		cfg.Bootstrap, cfg.Peers = true, peers
		cfgs = append(cfgs, cfg)
		_ = i
	}
	return cfgs, nil
}

func loopbackAddrs(n int) ([]string, error) { return freePorts(n) }

// noopFSM is the raw-Raft baseline's state machine.
type noopFSM struct{}

func (noopFSM) Apply(*raft.Log) any                 { return nil }
func (noopFSM) Snapshot() (raft.FSMSnapshot, error) { return noopSnap{}, nil }
func (noopFSM) Restore(rc io.ReadCloser) error      { return rc.Close() }

type noopSnap struct{}

func (noopSnap) Persist(s raft.SnapshotSink) error { return s.Close() }
func (noopSnap) Release()                          {}

// rawRaft pushes the same entry bytes through raft.Apply on the same
// 3-node setup (TCP transport, bolt stores, fsync) with a no-op fsm, with
// as many proposals in flight as the cluster run has batches in flight
// (one), plus a pipelined variant; the faster one is the baseline.
func (b *sequencerBench) rawRaft(ctx context.Context) (float64, error) {
	cfgs, err := b.configs("raw")
	if err != nil {
		return 0, err
	}
	var nodes []*cluster.BareRaft
	defer func() {
		for _, n := range nodes {
			_ = n.Close()
		}
	}()
	for _, c := range cfgs {
		n, err := cluster.OpenBareRaft(c, noopFSM{})
		if err != nil {
			return 0, err
		}
		nodes = append(nodes, n)
	}
	// Leadership can move under load on a busy 2-core machine; proposals
	// follow it rather than abort the measurement.
	findLeader := func() *raft.Raft {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
			for _, n := range nodes {
				if n.Raft.State() == raft.Leader {
					return n.Raft
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
		return nil
	}
	if findLeader() == nil {
		return 0, fmt.Errorf("raw raft: no leader")
	}
	txsPerEntry := float64(b.accounts*b.perAcct) / float64(len(b.cmds))
	run := func(inflight int, d time.Duration) (float64, error) {
		var entries, lost atomic.Int64
		stop := time.Now().Add(d)
		var wg sync.WaitGroup
		for w := range inflight {
			wg.Add(1)
			go func() {
				defer wg.Done()
				leader := findLeader()
				for i := w; leader != nil && time.Now().Before(stop) && ctx.Err() == nil; i += inflight {
					if err := leader.Apply(b.cmds[i%len(b.cmds)], 5*time.Second).Error(); err != nil {
						lost.Add(1)
						leader = findLeader()
						continue
					}
					entries.Add(1)
				}
			}()
		}
		start := time.Now()
		wg.Wait()
		if lost.Load() > 0 {
			b.say("raw raft: %d proposals lost to leader changes", lost.Load())
		}
		return float64(entries.Load()) * txsPerEntry / time.Since(start).Seconds(), nil
	}
	seq, err := run(1, 2*time.Second)
	if err != nil {
		return 0, err
	}
	piped, err := run(8, 2*time.Second)
	if err != nil {
		return 0, err
	}
	b.say("raw raft: %.0f tx/s one entry in flight, %.0f tx/s with 8", seq, piped)
	return max(seq, piped), nil
}

// benchCluster is a running in-process cluster with its configs, so that
// members can be killed and restarted.
type benchCluster struct {
	cfgs  []cluster.Config
	nodes []*cluster.Node
}

func (b *sequencerBench) startCluster(name string) (*benchCluster, error) {
	cfgs, err := b.configs(name)
	if err != nil {
		return nil, err
	}
	bc := &benchCluster{cfgs: cfgs, nodes: make([]*cluster.Node, len(cfgs))}
	for i := range cfgs {
		if bc.nodes[i], err = cluster.Open(cfgs[i]); err != nil {
			bc.close()
			return nil, err
		}
	}
	if _, err := bc.leader(10 * time.Second); err != nil {
		bc.close()
		return nil, err
	}
	return bc, nil
}

func (bc *benchCluster) close() {
	for i, n := range bc.nodes {
		if n != nil {
			_ = n.Close()
			bc.nodes[i] = nil
		}
	}
}

// leader waits for a leader whose API address every running replica knows.
func (bc *benchCluster) leader(timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for i, n := range bc.nodes {
			if n != nil && n.IsLeader() && n.Status().LeaderAPI != "" {
				return i, nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return -1, fmt.Errorf("no leader within %v", timeout)
}

func (bc *benchCluster) apis() []string {
	var out []string
	for _, n := range bc.nodes {
		if n != nil {
			out = append(out, n.APIAddr())
		}
	}
	return out
}

// clusterRun sends every presigned transfer through the replicas' HTTP
// APIs, one in flight per account, spread round-robin over replicas.
func (b *sequencerBench) clusterRun(ctx context.Context, res *benchResult) error {
	bc, err := b.startCluster("cluster")
	if err != nil {
		return err
	}
	defer bc.close()
	apis := bc.apis()
	clients := make([]*cluster.Client, len(apis))
	for i, a := range apis {
		clients[i] = cluster.NewClient(a, "")
	}
	var (
		mu      sync.Mutex
		lats    []time.Duration
		errs    atomic.Int64
		wg      sync.WaitGroup
		lastErr atomic.Value
	)
	runtime.GC()
	start := time.Now()
	for a := 1; a <= b.accounts; a++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := clients[a%len(clients)]
			for _, tx := range b.txs[a] {
				t0 := time.Now()
				if _, err := c.Submit(ctx, tx, true); err != nil {
					errs.Add(1)
					lastErr.Store(err.Error())
					return
				}
				mu.Lock()
				lats = append(lats, time.Since(t0))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	if n := errs.Load(); n > 0 {
		return fmt.Errorf("cluster run: %d submissions failed (last: %v)", n, lastErr.Load())
	}
	slices.Sort(lats)
	res.TxsMeasured = len(lats)
	res.TxPerS = float64(len(lats)) / el.Seconds()
	res.P50Ms = ms(lats[len(lats)/2])
	res.P99Ms = ms(lats[min(len(lats)-1, len(lats)*99/100)])
	res.TxsPerBatch = float64(len(lats)) / float64(bc.nodes[0].Height())
	return nil
}

// failoverRun kills the leader repeatedly under a steady load and times
// each kill to the next batch committed by a new leader. The killed replica
// restarts from its data dir before the next kill, so the cluster stays at
// full strength. At the end every acknowledged transaction must be in the
// log exactly once.
func (b *sequencerBench) failoverRun(ctx context.Context, res *benchResult) error {
	bc, err := b.startCluster("failover")
	if err != nil {
		return err
	}
	defer bc.close()
	st := newLoadStats()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	// Load goes to every replica's address, dead or alive; the load
	// generator retries unknown outcomes elsewhere.
	var all []string
	for _, n := range bc.nodes {
		all = append(all, n.APIAddr())
	}
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		runLoad(loadCtx, loadConfig{APIs: all, Seed: "bench", Accounts: b.accounts + 1, ChainID: b.genesis.ChainID,
			Rate: 300, Workers: 64}, st)
	}()
	var times []time.Duration
	for k := range b.failovers {
		li, err := bc.leader(10 * time.Second)
		if err != nil {
			return err
		}
		// Let some load commit under this leader first.
		time.Sleep(300 * time.Millisecond)
		h := bc.nodes[li].Height()
		_ = bc.nodes[li].Close()
		bc.nodes[li] = nil
		d, err := waitNextBatch(bc, h, 10*time.Second)
		if err != nil {
			return fmt.Errorf("failover %d: %w", k, err)
		}
		times = append(times, d)
		b.say("failover %d/%d: %.0f ms", k+1, b.failovers, ms(d))
		// Restart on the same address and data, then wait for catch-up.
		cfg := bc.cfgs[li]
		cfg.APIAddr = all[li]
		cfg.Bootstrap = false
		var n *cluster.Node
		for try := 0; ; try++ {
			if n, err = cluster.Open(cfg); err == nil || try > 50 {
				break
			}
			time.Sleep(100 * time.Millisecond) // the old sockets may linger briefly
		}
		if err != nil {
			return fmt.Errorf("restart %s: %w", cfg.ID, err)
		}
		bc.nodes[li] = n
	}
	stopLoad()
	<-loadDone
	slices.Sort(times)
	res.Failovers = len(times)
	res.FailoverMedianMs = ms(times[len(times)/2])
	res.FailoverMaxMs = ms(times[len(times)-1])
	res.AckedLost, res.Duplicates = checkAcked(bc, st)
	return nil
}

// waitNextBatch returns when a surviving replica has applied a batch above
// h committed under a new leader.
func waitNextBatch(bc *benchCluster, h uint64, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	for time.Since(start) < timeout {
		for _, n := range bc.nodes {
			if n != nil && n.Height() > h {
				return time.Since(start), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("no batch above %d within %v", h, timeout)
}

// checkAcked waits for replicas to converge and counts acknowledged txs
// missing from the log and txs present more than once.
func checkAcked(bc *benchCluster, st *loadStats) (lost, dups int) {
	var ref *cluster.Node
	for _, n := range bc.nodes {
		if n != nil && (ref == nil || n.Height() > ref.Height()) {
			ref = n
		}
	}
	seen := map[fsm.TxHash]int{}
	ref.Read(func(m *fsm.Machine) {
		for h := uint64(1); h <= m.Head().Number; h++ {
			rec, _ := m.Batch(h)
			for _, th := range rec.TxHashes {
				seen[th]++
			}
		}
	})
	for _, c := range seen {
		if c > 1 {
			dups++
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for h, batch := range st.acked {
		var loc fsm.TxLocation
		var ok bool
		ref.Read(func(m *fsm.Machine) { loc, ok = m.TxLocation(h) })
		if !ok || loc.Batch != batch {
			lost++
		}
	}
	return lost, dups
}
