package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/tlsconf"
	"github.com/hashicorp/raft"
)

func runBench(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "sequencer":
			return runBenchSequencer(ctx, args[1:], stdout)
		case "prover":
			return runBenchProver(ctx, args[1:], stdout)
		case "l1":
			return runBenchL1(ctx, args[1:], stdout)
		case "watchdog":
			return runBenchWatchdog(ctx, args[1:], stdout)
		case "raft-node":
			return runRaftNode(ctx, args[1:])
		}
	}
	return fmt.Errorf("usage: baton bench sequencer|prover|l1|watchdog [flags] (raft-node is the benchmark's own baseline process)")
}

// sequencerBench measures, in one run on one machine: the cluster's
// committed tx/s and latency through the HTTP API; raw Raft on the same
// 3-node setup with a no-op fsm; one fsm applying the same batches on one
// core; and failover time under load.
type sequencerBench struct {
	replicas        int
	accounts        int
	perAcct         int
	batch           int
	failovers       int
	dir             string
	logLevel        string
	replicaProfiles string // where to write replica CPU profiles; empty: none
	// tlsFiles, with --tls: every replica (and the raw-Raft baseline)
	// runs Raft over mutual TLS and its API over HTTPS; tls is the
	// benchmark's own client side.
	tlsFiles map[string]tlsconf.Files
	tls      *tls.Config
	progress io.Writer
	genesis  fsm.Genesis
	txs      [][]fsm.Tx // txs[a] are account a's transfers, in nonce order
	all      []fsm.Tx   // every transfer, in an order valid for batching
	cmds     [][]byte   // the transfers as full-size AppendBatch entries
}

type benchResult struct {
	TxPerS             float64 `json:"tx_per_s"`
	RawRaftTxPerS      float64 `json:"raw_raft_tx_per_s"`
	FsmTxPerS          float64 `json:"fsm_tx_per_s"`
	FsmFullBatchTxPerS float64 `json:"fsm_full_batch_tx_per_s"`
	Cores              int     `json:"cores"`
	Replicas           int     `json:"replicas"`
	Ideal              float64 `json:"ideal_tx_per_s"`
	Efficiency         float64 `json:"efficiency"`
	// EffectiveCores is the measured parallel capacity: all cores applying
	// batches at once, over one core alone.
	EffectiveCores float64 `json:"effective_cores"`
	// EfficiencyNominal counts cores as if they scaled linearly.
	EfficiencyNominal float64 `json:"efficiency_nominal"`
	P50Ms             float64 `json:"p50_ms"`
	P99Ms             float64 `json:"p99_ms"`
	TxsMeasured       int     `json:"txs_measured"`
	TxsPerBatch       float64 `json:"txs_per_batch"`
	FailoverMedianMs  float64 `json:"failover_median_ms"`
	FailoverMaxMs     float64 `json:"failover_max_ms"`
	Failovers         int     `json:"failovers"`
	AckedLost         int     `json:"acked_lost"`
	Duplicates        int     `json:"duplicates"`
	TreeDepth         int     `json:"tree_depth"`
	// With --tls: raw Raft over plain TCP too, and TLS's cost on it.
	TLS                bool    `json:"tls"`
	RawRaftPlainTxPerS float64 `json:"raw_raft_plain_tx_per_s,omitempty"`
	TLSRawRaftRatio    float64 `json:"tls_raw_raft_ratio,omitempty"`
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
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of this process (the load generator) during the cluster run")
	fs.StringVar(&b.replicaProfiles, "replica-profiles", "", "write each replica's CPU profile of the cluster run into this dir")
	fs.StringVar(&b.logLevel, "log-level", "warn", "replica log level (replica logs are in the data dir)")
	withTLS := fs.Bool("tls", false, "run Raft over mutual TLS and the APIs over HTTPS (a throwaway CA), and measure raw Raft both ways")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b.progress = stdout
	if *asJSON {
		b.progress = os.Stderr
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

	res := benchResult{Cores: runtime.NumCPU(), Replicas: b.replicas, TreeDepth: cfg.TreeDepth, TLS: *withTLS}
	b.say("signing %d transfers from %d accounts", b.accounts*b.perAcct, b.accounts)
	if err := b.prepare(); err != nil {
		return err
	}
	var err error
	if res.FsmFullBatchTxPerS, err = b.fsmBaseline(b.cmds, 1); err != nil {
		return err
	}
	b.say("fsm alone (GOMAXPROCS=1), %d-operation batches: %.0f tx/s", b.batch, res.FsmFullBatchTxPerS)
	if *withTLS {
		if res.RawRaftPlainTxPerS, err = b.rawRaft(ctx); err != nil {
			return err
		}
		b.say("raw raft over plain TCP (no-op fsm, same entries): %.0f tx/s", res.RawRaftPlainTxPerS)
		var names []string
		for i := range b.replicas {
			names = append(names, fmt.Sprintf("s%d", i))
		}
		if b.tlsFiles, err = tlsconf.WriteDevPKI(filepath.Join(b.dir, "tls"), []string{"127.0.0.1"}, names, "bench"); err != nil {
			return err
		}
		if b.tls, err = b.tlsFiles["bench"].Client(); err != nil {
			return err
		}
	}
	if res.RawRaftTxPerS, err = b.rawRaft(ctx); err != nil {
		return err
	}
	b.say("raw raft (no-op fsm, same entries): %.0f tx/s", res.RawRaftTxPerS)
	if *withTLS {
		res.TLSRawRaftRatio = res.RawRaftTxPerS / res.RawRaftPlainTxPerS
		b.say("raw raft over mutual TLS: %.2f of plain TCP", res.TLSRawRaftRatio)
	}
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
	pprof.StopCPUProfile()
	if err != nil {
		return err
	}
	// The fsm baseline applies the same batches the cluster formed: the
	// same operations, cut at the cluster's mean batch size.
	size := max(1, int(res.TxsPerBatch+0.5))
	same, err := b.cut(size)
	if err != nil {
		return err
	}
	if res.FsmTxPerS, err = b.fsmBaseline(same, 3); err != nil {
		return err
	}
	b.say("fsm alone (GOMAXPROCS=1), %d-operation batches as the cluster formed them: %.0f tx/s", size, res.FsmTxPerS)
	// Cores do not always add up: on a VM whose vCPUs share a physical
	// core, two busy ones each run far slower than one alone. Measure what
	// all cores together do with the same work, so the ideal is what this
	// machine can actually deliver.
	all, err := b.fsmParallel(same)
	if err != nil {
		return err
	}
	res.EffectiveCores = all / res.FsmTxPerS
	b.say("fsm on all %d cores at once: %.0f tx/s in total (%.2f effective cores)", res.Cores, all, res.EffectiveCores)
	res.Ideal = min(res.RawRaftTxPerS, res.FsmTxPerS*res.EffectiveCores/float64(res.Replicas))
	res.Efficiency = res.TxPerS / res.Ideal
	res.EfficiencyNominal = res.TxPerS / min(res.RawRaftTxPerS, res.FsmTxPerS*float64(res.Cores)/float64(res.Replicas))
	b.say("cluster: %.0f tx/s (ideal %.0f, efficiency %.2f; %.2f against nominal cores), p50 %.1f ms, p99 %.1f ms",
		res.TxPerS, res.Ideal, res.Efficiency, res.EfficiencyNominal, res.P50Ms, res.P99Ms)
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
	b.all = all
	var err error
	b.cmds, err = b.cut(b.batch)
	return err
}

// cut builds AppendBatch entries of size operations each from the signed
// transfers, as a leader would.
func (b *sequencerBench) cut(size int) ([][]byte, error) {
	m, err := fsm.New(b.genesis)
	if err != nil {
		return nil, err
	}
	var cmds [][]byte
	for i := 0; i < len(b.all); i += size {
		res := m.Build(b.all[i:min(i+size, len(b.all))], int64(i), false)
		if res.Batch == nil || len(res.Rejected) > 0 || len(res.Deferred) > 0 {
			return nil, fmt.Errorf("bench batch %d: built %v, %d rejected, %d deferred", i/size, res.Batch != nil, len(res.Rejected), len(res.Deferred))
		}
		cmd := (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()
		m.Adopt(res)
		if r := m.Apply(uint64(i+1), 1, cmd); r.Err != nil {
			return nil, r.Err
		}
		cmds = append(cmds, cmd)
	}
	return cmds, nil
}

// fsmBaseline applies the entries to a fresh machine on one core, runs
// times over, and returns the mean rate: the machine's speed drifts by tens
// of percent from minute to minute, and one short sample would carry that
// drift into the ratio.
func (b *sequencerBench) fsmBaseline(cmds [][]byte, runs int) (float64, error) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	total := 0.0
	for range runs {
		m, err := fsm.New(b.genesis)
		if err != nil {
			return 0, err
		}
		runtime.GC()
		start := time.Now()
		for i, c := range cmds {
			if r := m.Apply(uint64(i+1), 1, c); r.Err != nil {
				return 0, r.Err
			}
		}
		total += float64(len(b.all)) / time.Since(start).Seconds()
	}
	return total / float64(runs), nil
}

// fsmParallel applies the entries on every core at once, one machine per
// core, and returns the total rate.
func (b *sequencerBench) fsmParallel(cmds [][]byte) (float64, error) {
	n := runtime.NumCPU()
	prev := runtime.GOMAXPROCS(n)
	defer runtime.GOMAXPROCS(prev)
	machines := make([]*fsm.Machine, n)
	for i := range machines {
		m, err := fsm.New(b.genesis)
		if err != nil {
			return 0, err
		}
		machines[i] = m
	}
	runtime.GC()
	errs := make(chan error, n)
	start := time.Now()
	for _, m := range machines {
		go func() {
			for i, c := range cmds {
				if r := m.Apply(uint64(i+1), 1, c); r.Err != nil {
					errs <- r.Err
					return
				}
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			return 0, err
		}
	}
	return float64(n*len(b.all)) / time.Since(start).Seconds(), nil
}

// replicaFlags are the sequencer flags every benchmark replica gets.
func (b *sequencerBench) replicaFlags() []string {
	return []string{"--batch-max-txs", fmt.Sprint(b.batch), "--batch-max-bytes", fmt.Sprint(b.batch * fsm.MaxTxSize),
		"--mempool-max-txs", fmt.Sprint(4 * b.accounts), "--log-level", b.logLevel}
}

// replicas3 starts the benchmark's replicas running sub and waits for a
// leader.
func (b *sequencerBench) replicas3(name, sub string) (*replicaSet, error) {
	rs, err := newReplicaSet(filepath.Join(b.dir, name), b.replicas, b.genesis, "bench", b.replicaFlags(), nil)
	if err != nil {
		return nil, err
	}
	rs.subcommand = sub
	if b.tls != nil {
		rs.setTLS(b.tlsFiles, b.tls)
	}
	if err := rs.startAll(); err != nil {
		return nil, err
	}
	if _, err := rs.leader(context.Background(), rs.all(), 20*time.Second); err != nil {
		rs.stop()
		return nil, err
	}
	return rs, nil
}

// noopFSM is the raw-Raft baseline's state machine.
type noopFSM struct{}

func (noopFSM) Apply(*raft.Log) any                 { return nil }
func (noopFSM) Snapshot() (raft.FSMSnapshot, error) { return noopSnap{}, nil }
func (noopFSM) Restore(rc io.ReadCloser) error      { return rc.Close() }

type noopSnap struct{}

func (noopSnap) Persist(s raft.SnapshotSink) error { return s.Close() }
func (noopSnap) Release()                          {}

// rawRaftRun asks a raft-node to apply entries for a while.
type rawRaftRun struct {
	Entries  [][]byte      `json:"entries"`
	Inflight int           `json:"inflight"`
	Duration time.Duration `json:"duration"`
}

type rawRaftResult struct {
	Applied int64   `json:"applied"`
	Lost    int64   `json:"lost"`
	Seconds float64 `json:"seconds"`
}

// runRaftNode is one process of the raw-Raft baseline: a Raft node wired
// exactly like a replica's (same transport, bolt stores, fsync, timing,
// flags) around a no-op fsm, with a tiny HTTP API: GET /v1/status says
// whether it leads; POST /run makes the leader apply the given entries with
// some in flight for a while.
func runRaftNode(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench raft-node", flag.ContinueOnError)
	f := bindSequencerFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg := f.cfg
	var err error
	if cfg.TLS, err = f.tls.replica(); err != nil {
		return err
	}
	for _, p := range strings.Split(f.peers, ",") {
		id, addr, _ := strings.Cut(p, "=")
		cfg.Peers = append(cfg.Peers, cluster.Peer{ID: id, RaftAddr: addr})
	}
	node, err := cluster.OpenBareRaft(cfg, noopFSM{})
	if err != nil {
		return err
	}
	defer node.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/status", func(w http.ResponseWriter, _ *http.Request) {
		role := node.Raft.State().String()
		api := ""
		if role == "Leader" {
			api = cfg.APIAddr
		}
		_ = json.NewEncoder(w).Encode(cluster.Status{ID: cfg.ID, Role: role, LeaderAPI: api})
	})
	mux.HandleFunc("POST /run", func(w http.ResponseWriter, r *http.Request) {
		var run rawRaftRun
		if err := json.NewDecoder(r.Body).Decode(&run); err != nil || len(run.Entries) == 0 || run.Inflight < 1 {
			http.Error(w, "bad run request", http.StatusBadRequest)
			return
		}
		var applied, lost atomic.Int64
		start := time.Now()
		stop := start.Add(run.Duration)
		var wg sync.WaitGroup
		for k := range run.Inflight {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := k; time.Now().Before(stop); i += run.Inflight {
					if err := node.Raft.Apply(run.Entries[i%len(run.Entries)], 5*time.Second).Error(); err != nil {
						// Leadership moved: the measurement counts only
						// what this leader committed.
						lost.Add(1)
						if node.Raft.State() != raft.Leader {
							return
						}
						continue
					}
					applied.Add(1)
				}
			}()
		}
		wg.Wait()
		_ = json.NewEncoder(w).Encode(rawRaftResult{Applied: applied.Load(), Lost: lost.Load(), Seconds: time.Since(start).Seconds()})
	})
	ln, err := net.Listen("tcp", cfg.APIAddr)
	if err != nil {
		return err
	}
	if cfg.TLS != nil {
		ln = tls.NewListener(ln, cfg.TLS.Server)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rawRaft pushes the same entry bytes through raft.Apply on the same
// 3-process setup with a no-op fsm: one entry in flight (as the batcher
// keeps) and eight (pipelined); the faster is the baseline.
func (b *sequencerBench) rawRaft(ctx context.Context) (float64, error) {
	name := "raw"
	if b.tls != nil {
		name = "raw-tls" // a fresh cluster: the plain one's Raft state names other ports
	}
	rs, err := b.replicas3(name, "bench raft-node")
	if err != nil {
		return 0, err
	}
	defer rs.stop()
	txsPerEntry := float64(b.accounts*b.perAcct) / float64(len(b.cmds))
	best := 0.0
	for _, inflight := range []int{1, 8} {
		li, err := rs.leader(ctx, rs.all(), 20*time.Second)
		if err != nil {
			return 0, err
		}
		var out rawRaftResult
		body, _ := json.Marshal(rawRaftRun{Entries: b.cmds, Inflight: inflight, Duration: 2 * time.Second})
		c := rs.client(li)
		c.HTTP.Timeout = time.Minute
		if err := postJSON(ctx, c, "/run", body, &out); err != nil {
			return 0, fmt.Errorf("raw raft run: %w", err)
		}
		rate := float64(out.Applied) * txsPerEntry / out.Seconds
		b.say("raw raft, %d in flight: %.0f tx/s (%d entries lost to leader changes)", inflight, rate, out.Lost)
		best = max(best, rate)
	}
	return best, nil
}

func postJSON(ctx context.Context, c *cluster.Client, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Status, data)
	}
	return json.Unmarshal(data, out)
}

// clusterRun sends every presigned transfer through the replicas' HTTP
// APIs, one in flight per account, spread round-robin over replicas.
func (b *sequencerBench) clusterRun(ctx context.Context, res *benchResult) error {
	rs, err := b.replicas3("cluster", "sequencer")
	if err != nil {
		return err
	}
	defer rs.stop()
	base := cluster.NewTLSClient("", "", b.tls)
	clients := make([]*cluster.Client, b.replicas)
	for i, a := range rs.apis() {
		clients[i] = base.At(a)
	}
	var (
		mu      sync.Mutex
		lats    []time.Duration
		errs    atomic.Int64
		lastErr atomic.Value
		wg      sync.WaitGroup
	)
	profiled := b.profileReplicas(ctx, rs)
	defer profiled()
	start := time.Now()
	for a := 1; a <= b.accounts; a++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := clients[a%len(clients)]
			for _, tx := range b.txs[a] {
				t0 := time.Now()
				// An unknown outcome (leader change) is resubmitted: the
				// hash makes that idempotent.
				var err error
				for try := 0; try < 20; try++ {
					if _, err = c.Submit(ctx, tx, true); err == nil {
						break
					}
					var he *cluster.HTTPError
					if errors.As(err, &he) && he.Code < 500 && he.Code != 429 {
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
				if err != nil {
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
	if st, err := rs.converge(ctx, rs.all(), 20*time.Second); err == nil && st.LastBatch > 0 {
		res.TxsPerBatch = float64(len(lats)) / float64(st.LastBatch)
	}
	return nil
}

// profileReplicas takes a CPU profile of the first seconds of the cluster
// run on every replica through its admin API; the returned func waits for
// them to be written.
func (b *sequencerBench) profileReplicas(ctx context.Context, rs *replicaSet) func() {
	if b.replicaProfiles == "" {
		return func() {}
	}
	if err := os.MkdirAll(b.replicaProfiles, 0o755); err != nil {
		b.say("replica profiles: %v", err)
		return func() {}
	}
	var wg sync.WaitGroup
	for i := range rs.procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Short enough to end inside the run at the default sizes.
			c := rs.client(i)
			c.HTTP.Timeout = 0
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/v1/admin/debug/pprof/profile?seconds=6", nil)
			if err != nil {
				return
			}
			req.Header.Set("Authorization", "Bearer "+rs.token)
			resp, err := c.HTTP.Do(req)
			if err != nil {
				b.say("replica %d profile: %v", i, err)
				return
			}
			defer resp.Body.Close()
			data, err := io.ReadAll(resp.Body)
			if err != nil {
				b.say("replica %d profile: %v", i, err)
				return
			}
			_ = os.WriteFile(filepath.Join(b.replicaProfiles, fmt.Sprintf("replica%d.pprof", i)), data, 0o644)
		}()
	}
	return wg.Wait
}

// failoverRun SIGKILLs the leader repeatedly under a steady load and times
// each kill to the next batch committed by a new leader. The killed replica
// restarts from its data dir and catches up before the next kill, so the
// cluster stays at full strength. At the end every acknowledged transaction
// must be in the log exactly once, in the batch the API reported.
func (b *sequencerBench) failoverRun(ctx context.Context, res *benchResult) error {
	rs, err := b.replicas3("failover", "sequencer")
	if err != nil {
		return err
	}
	defer rs.stop()
	load := loadgen.Start(ctx, loadgen.Config{APIs: rs.apis(), Seed: "bench", Accounts: b.accounts + 1, ChainID: b.genesis.ChainID,
		Rate: 300, Workers: 64, TLS: b.tls})
	defer load.Stop()
	var times []time.Duration
	for k := range b.failovers {
		li, err := rs.leader(ctx, rs.all(), 20*time.Second)
		if err != nil {
			return err
		}
		// Let the load commit under this leader first.
		time.Sleep(300 * time.Millisecond)
		lst, err := rs.client(li).Status(ctx)
		if err != nil {
			return err
		}
		t0 := time.Now()
		if err := rs.kill(li); err != nil {
			return err
		}
		d, err := waitNextBatch(ctx, rs, li, lst.LastBatch, t0, 10*time.Second)
		if err != nil {
			return fmt.Errorf("failover %d: %w", k+1, err)
		}
		times = append(times, d)
		b.say("failover %d/%d: %.0f ms", k+1, b.failovers, ms(d))
		if err := rs.start(li); err != nil {
			return err
		}
		if err := waitCaughtUp(ctx, rs, li, 30*time.Second); err != nil {
			return err
		}
	}
	load.Stop()
	slices.Sort(times)
	res.Failovers = len(times)
	res.FailoverMedianMs = ms(times[len(times)/2])
	res.FailoverMaxMs = ms(times[len(times)-1])
	rep, err := rs.audit(ctx, rs.all(), load.Stats().Acked())
	if err != nil {
		return err
	}
	if rep.Fork != "" || rep.Chain != "" {
		return fmt.Errorf("replicas forked at %s", rep.Fork+rep.Chain)
	}
	if rep.NonceOrder > 0 {
		return rep.Err()
	}
	res.AckedLost, res.Duplicates = rep.Lost, rep.Duplicates
	return nil
}

// waitNextBatch returns how long after t0 a surviving replica reported a
// batch above h.
func waitNextBatch(ctx context.Context, rs *replicaSet, dead int, h uint64, t0 time.Time, timeout time.Duration) (time.Duration, error) {
	for time.Since(t0) < timeout {
		for i := range rs.procs {
			if i == dead {
				continue
			}
			c := rs.client(i)
			c.HTTP.Timeout = 200 * time.Millisecond
			if st, err := c.Status(ctx); err == nil && st.LastBatch > h {
				return time.Since(t0), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("no batch above %d within %v", h, timeout)
}

// waitCaughtUp waits until replica i reports at least the leader's height.
func waitCaughtUp(ctx context.Context, rs *replicaSet, i int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		li, err := rs.leader(ctx, rs.all(), timeout)
		if err != nil {
			return err
		}
		a, err1 := rs.client(i).Status(ctx)
		l, err2 := rs.client(li).Status(ctx)
		if err1 == nil && err2 == nil && a.LastBatch >= l.LastBatch {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("replica %s did not catch up within %v", rs.procs[i].id, timeout)
}
