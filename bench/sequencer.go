package bench

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/tlsconf"
	"github.com/baton-rollup/baton/wire"
)

// SequencerConfig is `baton bench sequencer`.
type SequencerConfig struct {
	// Exe is the baton binary the replicas run; empty: this process's own
	// executable.
	Exe string
	// Replicas in the cluster (and the raw-Raft baseline).
	Replicas int
	// Accounts send, one transfer in flight each.
	Accounts int
	// TxsPerAccount are the transfers per account in the throughput run.
	TxsPerAccount int
	// Batch is the most operations per batch.
	Batch int
	// Failovers are the leader kills in the failover run (0 skips it).
	Failovers int
	// Dir is where replicas keep data (empty: a temporary dir, removed).
	Dir string
	// CPUProfile, if set, is where this process (the load generator)
	// writes a CPU profile of the cluster run.
	CPUProfile string
	// ReplicaProfiles, if set, is a dir for each replica's CPU profile of
	// the cluster run.
	ReplicaProfiles string
	// LogLevel of the replicas (their logs are in the data dir).
	LogLevel string
	// TLS runs Raft over mutual TLS and the APIs over HTTPS (a throwaway
	// CA), and measures raw Raft both ways.
	TLS bool
	// Progress receives a line per step (nil: none).
	Progress io.Writer
}

// DefaultSequencerConfig is `make bench`'s run.
func DefaultSequencerConfig() SequencerConfig {
	return SequencerConfig{Replicas: 3, Accounts: 1024, TxsPerAccount: 12, Batch: 1024, Failovers: 20, LogLevel: "warn"}
}

// Validate reports a run that cannot go.
func (c SequencerConfig) Validate() error {
	if c.Replicas < 1 || c.Accounts < 2 || c.TxsPerAccount < 1 || c.Batch < 1 || c.Failovers < 0 {
		return errors.New("bench sequencer: replicas, batch and txs per account must be at least 1, accounts at least 2, failovers not negative")
	}
	return nil
}

// sequencerBench measures, in one run on one machine: the cluster's
// committed tx/s and latency through the HTTP API; raw Raft on the same
// 3-node setup with a no-op fsm; one fsm applying the same batches on one
// core; and failover time under load.
type sequencerBench struct {
	cfg SequencerConfig
	dir string
	// tlsFiles, with TLS: every replica (and the raw-Raft baseline)
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

// SequencerResult is `baton bench sequencer --json`'s last line.
type SequencerResult struct {
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
	// SteadyElections are the elections during the cluster run, which
	// kills nothing: timeouts too short for a loaded machine show here.
	SteadyElections  uint64  `json:"steady_elections"`
	FailoverMedianMs float64 `json:"failover_median_ms"`
	FailoverMaxMs    float64 `json:"failover_max_ms"`
	Failovers        int     `json:"failovers"`
	// FailoverElect*: from the kill to a survivor saying it leads (the
	// rest of the failover is the new leader's first batch).
	FailoverElectMedianMs float64 `json:"failover_elect_median_ms"`
	FailoverElectMaxMs    float64 `json:"failover_elect_max_ms"`
	AckedLost             int     `json:"acked_lost"`
	Duplicates            int     `json:"duplicates"`
	TreeDepth             int     `json:"tree_depth"`
	// With TLS: raw Raft over plain TCP too, and TLS's cost on it.
	TLS                bool    `json:"tls"`
	RawRaftPlainTxPerS float64 `json:"raw_raft_plain_tx_per_s,omitempty"`
	TLSRawRaftRatio    float64 `json:"tls_raw_raft_ratio,omitempty"`
}

// RunSequencer measures the baselines, the cluster and failover. The
// result is nil if the run did not get through; with a result, the error
// says that the failover run lost or duplicated acknowledged
// transactions.
func RunSequencer(ctx context.Context, cfg SequencerConfig) (*SequencerResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	b := &sequencerBench{cfg: cfg, dir: cfg.Dir, progress: orDiscard(cfg.Progress)}
	if b.dir == "" {
		d, err := os.MkdirTemp("", "baton-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		b.dir = d
	}
	fc := fsm.DefaultConfig()
	fc.MaxBatchTxs = cfg.Batch
	b.genesis = fsm.DevGenesis(fc, "bench", cfg.Accounts+1, 1<<40, 0)
	res := &SequencerResult{Cores: runtime.NumCPU(), Replicas: cfg.Replicas, TreeDepth: fc.TreeDepth, TLS: cfg.TLS}
	if err := b.baselines(ctx, res); err != nil {
		return nil, err
	}
	if err := b.cluster(ctx, res); err != nil {
		return nil, err
	}
	if cfg.Failovers > 0 {
		if err := b.failoverRun(ctx, res); err != nil {
			return nil, err
		}
		b.say("failover over %d kills: median %.0f ms, max %.0f ms; acked lost %d, duplicates %d",
			res.Failovers, res.FailoverMedianMs, res.FailoverMaxMs, res.AckedLost, res.Duplicates)
	}
	if res.AckedLost > 0 || res.Duplicates > 0 {
		return res, fmt.Errorf("invariant broken: %d acknowledged txs lost, %d duplicated", res.AckedLost, res.Duplicates)
	}
	return res, nil
}

// baselines signs the transfers, then measures the fsm alone on full
// batches and raw Raft (with TLS: both over plain TCP and over TLS).
func (b *sequencerBench) baselines(ctx context.Context, res *SequencerResult) error {
	b.say("signing %d transfers from %d accounts", b.cfg.Accounts*b.cfg.TxsPerAccount, b.cfg.Accounts)
	if err := b.prepare(); err != nil {
		return err
	}
	var err error
	if res.FsmFullBatchTxPerS, err = b.fsmBaseline(b.cmds, 1); err != nil {
		return err
	}
	b.say("fsm alone (GOMAXPROCS=1), %d-operation batches: %.0f tx/s", b.cfg.Batch, res.FsmFullBatchTxPerS)
	if b.cfg.TLS {
		if res.RawRaftPlainTxPerS, err = b.rawRaft(ctx); err != nil {
			return err
		}
		b.say("raw raft over plain TCP (no-op fsm, same entries): %.0f tx/s", res.RawRaftPlainTxPerS)
		var names []string
		for i := range b.cfg.Replicas {
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
	if b.cfg.TLS {
		res.TLSRawRaftRatio = res.RawRaftTxPerS / res.RawRaftPlainTxPerS
		b.say("raw raft over mutual TLS: %.2f of plain TCP", res.TLSRawRaftRatio)
	}
	return nil
}

// cluster measures the cluster through its API (profiled if asked), then
// the fsm on the batches as the cluster formed them, on one core and on
// all, and derives the ideal.
func (b *sequencerBench) cluster(ctx context.Context, res *SequencerResult) error {
	if b.cfg.CPUProfile != "" {
		f, err := os.Create(b.cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	err := b.clusterRun(ctx, res)
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
	return nil
}

func (b *sequencerBench) say(format string, args ...any) {
	fmt.Fprintf(b.progress, "bench: "+format+"\n", args...)
}

// prepare signs every transfer up front (signing is the client's cost, not
// the cluster's) and cuts them into batches the way a leader would.
func (b *sequencerBench) prepare() error {
	b.txs = make([][]fsm.Tx, b.cfg.Accounts+1)
	var wg sync.WaitGroup
	var next atomic.Int64
	next.Store(1)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				a := int(next.Add(1) - 1)
				if a > b.cfg.Accounts {
					return
				}
				k := fsm.DevKey("bench", uint64(a))
				rng := rand.New(rand.NewPCG(uint64(a), 1))
				for n := range b.cfg.TxsPerAccount {
					to := uint32(1 + rng.IntN(b.cfg.Accounts))
					if int(to) == a {
						to = uint32(1 + a%b.cfg.Accounts)
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
	for n := range b.cfg.TxsPerAccount {
		for a := 1; a <= b.cfg.Accounts; a++ {
			all = append(all, b.txs[a][n])
		}
	}
	b.all = all
	var err error
	b.cmds, err = b.cut(b.cfg.Batch)
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
	return []string{"--batch-max-txs", fmt.Sprint(b.cfg.Batch), "--batch-max-bytes", fmt.Sprint(b.cfg.Batch * fsm.MaxTxSize),
		"--mempool-max-txs", fmt.Sprint(4 * b.cfg.Accounts), "--log-level", b.cfg.LogLevel}
}

// startReplicas starts the benchmark's replicas running sub and waits for a
// leader.
func (b *sequencerBench) startReplicas(name, sub string) (*proc.ReplicaSet, error) {
	rs, err := proc.NewReplicaSet(proc.ReplicaConfig{Exe: b.cfg.Exe, Dir: filepath.Join(b.dir, name), Replicas: b.cfg.Replicas,
		Genesis: b.genesis, Token: "bench", Subcommand: sub, Flags: b.replicaFlags()})
	if err != nil {
		return nil, err
	}
	if b.tls != nil {
		rs.SetTLS(b.tlsFiles, b.tls)
	}
	if err := rs.StartAll(); err != nil {
		return nil, err
	}
	if _, err := rs.Leader(context.Background(), rs.All(), 20*time.Second); err != nil {
		rs.Stop()
		return nil, err
	}
	return rs, nil
}

// clusterRun sends every presigned transfer through the replicas' HTTP
// APIs, one in flight per account, spread round-robin over replicas.
func (b *sequencerBench) clusterRun(ctx context.Context, res *SequencerResult) error {
	rs, err := b.startReplicas("cluster", "sequencer")
	if err != nil {
		return err
	}
	defer rs.Stop()
	base := wire.NewTLSClient("", "", b.tls)
	clients := make([]*wire.Client, b.cfg.Replicas)
	for i, a := range rs.APIs() {
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
	st0, err := rs.Converge(ctx, rs.All(), 20*time.Second)
	if err != nil {
		return err
	}
	start := time.Now()
	for a := 1; a <= b.cfg.Accounts; a++ {
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
					var he *wire.HTTPError
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
	res.P50Ms = stats.Ms(lats[len(lats)/2])
	res.P99Ms = stats.Ms(lats[min(len(lats)-1, len(lats)*99/100)])
	st, err := rs.Converge(ctx, rs.All(), 20*time.Second)
	if err != nil {
		return err
	}
	if st.LastBatch > 0 {
		res.TxsPerBatch = float64(len(lats)) / float64(st.LastBatch)
	}
	// Every term is an election: with the cores saturated and nobody
	// killed, there should be none (the guard on short Raft timeouts).
	res.SteadyElections = st.Term - st0.Term
	return nil
}

// profileReplicas takes a CPU profile of the first seconds of the cluster
// run on every replica through its admin API; the returned func waits for
// them to be written.
func (b *sequencerBench) profileReplicas(ctx context.Context, rs *proc.ReplicaSet) func() {
	if b.cfg.ReplicaProfiles == "" {
		return func() {}
	}
	if err := os.MkdirAll(b.cfg.ReplicaProfiles, 0o755); err != nil {
		b.say("replica profiles: %v", err)
		return func() {}
	}
	var wg sync.WaitGroup
	for i := range rs.Len() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Short enough to end inside the run at the default sizes.
			c := rs.Client(i)
			c.HTTP.Timeout = 0
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/v1/admin/debug/pprof/profile?seconds=6", nil)
			if err != nil {
				return
			}
			req.Header.Set("Authorization", "Bearer "+rs.Token())
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
			_ = os.WriteFile(filepath.Join(b.cfg.ReplicaProfiles, fmt.Sprintf("replica%d.pprof", i)), data, 0o644)
		}()
	}
	return wg.Wait
}

// failoverRun SIGKILLs the leader repeatedly under a steady load and times
// each kill to the next batch committed by a new leader. The killed replica
// restarts from its data dir and catches up before the next kill, so the
// cluster stays at full strength. At the end every acknowledged transaction
// must be in the log exactly once, in the batch the API reported.
func (b *sequencerBench) failoverRun(ctx context.Context, res *SequencerResult) error {
	rs, err := b.startReplicas("failover", "sequencer")
	if err != nil {
		return err
	}
	defer rs.Stop()
	load := loadgen.Start(ctx, loadgen.Config{APIs: rs.APIs(), Seed: "bench", Accounts: b.cfg.Accounts + 1, ChainID: b.genesis.ChainID,
		Rate: 300, Workers: 64, TLS: b.tls})
	defer load.Stop()
	var times, elects []time.Duration
	for k := range b.cfg.Failovers {
		li, err := rs.Leader(ctx, rs.All(), 20*time.Second)
		if err != nil {
			return err
		}
		// Let the load commit under this leader first.
		time.Sleep(300 * time.Millisecond)
		lst, err := rs.Client(li).Status(ctx)
		if err != nil {
			return err
		}
		t0 := time.Now()
		if err := rs.Kill(li); err != nil {
			return err
		}
		f, err := waitNextBatch(ctx, rs, li, lst.Term, lst.LastBatch, t0, 10*time.Second)
		if err != nil {
			return fmt.Errorf("failover %d: %w", k+1, err)
		}
		times = append(times, f.batch)
		elects = append(elects, f.elect)
		b.say("failover %d/%d: %.0f ms (leader after %.0f ms)", k+1, b.cfg.Failovers, stats.Ms(f.batch), stats.Ms(f.elect))
		if err := rs.Start(li); err != nil {
			return err
		}
		if err := waitCaughtUp(ctx, rs, li, 30*time.Second); err != nil {
			return err
		}
	}
	load.Stop()
	slices.Sort(times)
	res.Failovers = len(times)
	res.FailoverMedianMs = stats.Ms(times[len(times)/2])
	res.FailoverMaxMs = stats.Ms(times[len(times)-1])
	slices.Sort(elects)
	res.FailoverElectMedianMs = stats.Ms(elects[len(elects)/2])
	res.FailoverElectMaxMs = stats.Ms(elects[len(elects)-1])
	rep, err := rs.Audit(ctx, rs.All(), load.Stats().Acked())
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

// failover is one kill's timeline, both measured from the kill.
type failover struct {
	elect time.Duration // a survivor reports itself leader
	batch time.Duration // a survivor has a batch of a later term committed
}

// waitNextBatch times the failover after the leader of term was killed at
// t0: when a surviving replica first says it leads, and when one first has a
// batch committed that a later leader proposed. Batches the dead leader
// proposed may still commit after the kill, so height alone would time
// those. Survivors are polled at once, each on its own, so one slow answer
// does not delay seeing the other's.
func waitNextBatch(ctx context.Context, rs *proc.ReplicaSet, dead int, term, h uint64, t0 time.Time, timeout time.Duration) (failover, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout-time.Since(t0))
	defer cancel()
	type seen struct {
		leader bool
		at     time.Duration
	}
	ch := make(chan seen, 2*rs.Len())
	for i := range rs.Len() {
		if i == dead {
			continue
		}
		c := rs.Client(i)
		c.HTTP.Timeout = 200 * time.Millisecond
		go func() {
			led, next := false, h+1
			for ctx.Err() == nil {
				st, err := c.Status(ctx)
				if err == nil && !led && st.Role == "Leader" {
					led = true
					ch <- seen{leader: true, at: time.Since(t0)}
				}
				for ; err == nil && next <= st.LastBatch; next++ {
					var b fsm.BatchRecord
					if b, err = c.Batch(ctx, next); err == nil && b.RaftTerm > term {
						ch <- seen{at: time.Since(t0)}
						return
					}
				}
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}
	var f failover
	for {
		select {
		case <-ctx.Done():
			return f, fmt.Errorf("no batch of a term after %d within %v", term, timeout)
		case s := <-ch:
			switch {
			case s.leader && f.elect == 0:
				f.elect = s.at
			case !s.leader:
				f.batch = s.at
				if f.elect == 0 || f.elect > f.batch {
					// The batch was seen before the new leader's status.
					f.elect = f.batch
				}
				return f, nil
			}
		}
	}
}

// waitCaughtUp waits until replica i reports at least the leader's height.
func waitCaughtUp(ctx context.Context, rs *proc.ReplicaSet, i int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		li, err := rs.Leader(ctx, rs.All(), timeout)
		if err != nil {
			return err
		}
		a, err1 := rs.Client(i).Status(ctx)
		l, err2 := rs.Client(li).Status(ctx)
		if err1 == nil && err2 == nil && a.LastBatch >= l.LastBatch {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("replica %s did not catch up within %v", rs.ID(i), timeout)
}
