package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/wire"
)

// ProverConfig is `baton bench prover`.
type ProverConfig struct {
	// Exe is the baton binary the replicas and provers run; empty: this
	// process's own executable.
	Exe string
	// BatchSize is the circuit's slots (operations per batch).
	BatchSize int
	// TreeDepth is the account tree's.
	TreeDepth int
	// Rounds are the proofs timed bare and through the farm.
	Rounds int
	// Backlog is the batches queued for each proofs-per-minute run.
	Backlog int
	// Sizes are the batch sizes whose constraints are counted (compiled
	// only, no keys): constraints_by_batch_size.
	Sizes []int
	// KeysDir caches Groth16 keys.
	KeysDir string
	// Progress receives a line per step (nil: none).
	Progress io.Writer
	// Log receives key setup's messages (nil: warnings to stderr).
	Log *slog.Logger
}

// DefaultProverConfig is `make bench`'s run; the caller names KeysDir.
func DefaultProverConfig() ProverConfig {
	// A production tree depth; the circuit sizes of a busy chain.
	return ProverConfig{BatchSize: 4, TreeDepth: 24, Rounds: 8, Backlog: 6, Sizes: []int{4, 16, 64, 256}}
}

// Validate reports a run that cannot go.
func (c ProverConfig) Validate() error {
	if c.BatchSize < 1 || c.TreeDepth < 1 || c.Rounds < 1 || c.Backlog < 1 || c.KeysDir == "" {
		return errors.New("bench prover: batch size, tree depth, rounds and backlog must be at least 1, and a keys dir given")
	}
	return nil
}

// proverBench measures the prover farm in one run: the bare gnark prove of
// the circuit, the same proof through the whole farm (commit, job, fetch,
// prove, result, native verification, RecordProof), the queue latency, and
// proofs per minute with one and two workers.
type proverBench struct {
	cfg        ProverConfig
	dir        string
	progress   io.Writer
	genesis    fsm.Genesis
	keys       *prover.Keys
	farmSigner *signer // the farm's chain

	mu       sync.Mutex
	fetched  map[uint64]int64 // batch → when its job was fetched (Unix ms)
	finished map[uint64]int64 // batch → when its proof was done (Unix ms)
}

// ProverResult is `baton bench prover --json`'s last line.
type ProverResult struct {
	BatchSize   int `json:"batch_size"`
	TreeDepth   int `json:"tree_depth"`
	Constraints int `json:"constraints"`
	// ConstraintsBySize is the circuit's size for other batch sizes at
	// the same depth.
	ConstraintsBySize map[int]int `json:"constraints_by_batch_size"`
	CommitmentPct     float64     `json:"commitment_pct"`
	ProveS            float64     `json:"prove_s"`
	// ProveSPerSlot is prove_s over the circuit's slots.
	ProveSPerSlot float64 `json:"prove_s_per_slot"`
	// PubdataBytesPerTransfer is what a full batch of transfers posts
	// to L1, per transfer.
	PubdataBytesPerTransfer float64 `json:"pubdata_bytes_per_transfer"`
	FarmProveS              float64 `json:"farm_prove_s"`
	// FarmOverheadRatio is farm_prove_s over prove_s: 1.05 means the farm
	// path adds 5 %.
	FarmOverheadRatio float64 `json:"farm_overhead_ratio"`
	// PipelineMs is the farm's own time around the prover: commit to job
	// fetched, plus proof done to recorded through Raft (median).
	PipelineMs    float64 `json:"pipeline_ms"`
	QueueP50Ms    float64 `json:"queue_p50_ms"`
	QueueP99Ms    float64 `json:"queue_p99_ms"`
	ProofsPerMin1 float64 `json:"proofs_per_min_1"`
	ProofsPerMin2 float64 `json:"proofs_per_min_2"`
	Cores         int     `json:"cores"`
}

// RunProver sizes the circuit, then measures the farm against bare
// proves.
func RunProver(ctx context.Context, cfg ProverConfig) (*ProverResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	b := &proverBench{cfg: cfg, progress: orDiscard(cfg.Progress), fetched: map[uint64]int64{}, finished: map[uint64]int64{}}
	dir, err := os.MkdirTemp("", "baton-bench-prover-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b.dir = dir
	fc := fsm.DefaultConfig()
	fc.TreeDepth, fc.MaxBatchTxs = cfg.TreeDepth, cfg.BatchSize
	b.genesis = fsm.DevGenesis(fc, devnet.Seed, 64, 1_000_000_000, 0)
	if err := b.genesis.Validate(); err != nil {
		return nil, err
	}
	b.farmSigner = newSigner(b.genesis)
	res := &ProverResult{BatchSize: cfg.BatchSize, TreeDepth: cfg.TreeDepth, Cores: runtime.NumCPU()}
	if err := b.sizes(prover.ParamsFor(fc, cfg.BatchSize), res); err != nil {
		return nil, err
	}
	if err := b.farm(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// sizes sets the keys up and counts the circuit's constraints, its
// commitment's share, and other batch sizes'.
func (b *proverBench) sizes(p prover.Params, res *ProverResult) error {
	log := b.cfg.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	b.say("Groth16 keys for %s (made once per circuit size)", p)
	var err error
	if b.keys, _, err = prover.Setup(b.cfg.KeysDir, p, log); err != nil {
		return err
	}
	res.Constraints = b.keys.Constraints()
	if res.CommitmentPct, err = commitmentShare(p); err != nil {
		return err
	}
	b.say("%d constraints; the SHA-256 data commitment takes %.1f %%", res.Constraints, res.CommitmentPct)
	if res.PubdataBytesPerTransfer, err = transferBytes(b.genesis, b.cfg.BatchSize); err != nil {
		return err
	}
	b.say("a full batch of transfers posts %.1f bytes per transfer", res.PubdataBytesPerTransfer)
	res.ConstraintsBySize = map[int]int{}
	for _, size := range b.cfg.Sizes {
		q := p
		q.BatchSize = size
		n, err := prover.CountConstraints(q, true)
		if err != nil {
			return err
		}
		res.ConstraintsBySize[size] = n
		b.say("  %2d slots, depth %d: %d constraints (%.0f per slot)", size, b.cfg.TreeDepth, n, float64(n)/float64(size))
	}
	return nil
}

// transferBytes is what a full batch of transfers posts to L1 per
// transfer: its public data as the fsm lays it out, less the unused wide
// entries (fsm.PostedData).
func transferBytes(g fsm.Genesis, slots int) (float64, error) {
	txs := newSigner(g).transfers(slots)
	pub, err := fsm.PublicData(txs, make([]fsm.Receipt, len(txs)), slots)
	if err != nil {
		return 0, err
	}
	return float64(len(fsm.PostedData(pub, slots))) / float64(slots), nil
}

func (b *proverBench) say(format string, args ...any) {
	fmt.Fprintf(b.progress, "bench: "+format+"\n", args...)
}

// commitmentShare compiles the circuit with and without its SHA-256 and
// returns the share of constraints the commitment takes.
func commitmentShare(p prover.Params) (float64, error) {
	full, err := prover.CountConstraints(p, true)
	if err != nil {
		return 0, err
	}
	bare, err := prover.CountConstraints(p, false)
	if err != nil {
		return 0, err
	}
	return 100 * float64(full-bare) / float64(full), nil
}

// bareProver proves full batches in this process, on its own copy of the
// chain: the baseline the farm is compared with.
type bareProver struct {
	b      *proverBench
	m      *fsm.Machine
	signer *signer
	n      uint64
}

func (b *proverBench) newBare() (*bareProver, error) {
	m, err := fsm.New(b.genesis)
	if err != nil {
		return nil, err
	}
	return &bareProver{b: b, m: m, signer: newSigner(b.genesis)}, nil
}

// prove builds, applies and proves one more full batch; it returns the
// time of the gnark prove alone.
func (p *bareProver) prove() (time.Duration, error) {
	b := p.b
	txs := p.signer.transfers(b.cfg.BatchSize)
	p.n++
	res := p.m.Build(txs, int64(p.n), false)
	if res.Batch == nil || len(res.Included) != b.cfg.BatchSize {
		return 0, fmt.Errorf("bench batch: %+v", res.Rejected)
	}
	p.m.Adopt(res)
	if r := p.m.Apply(p.n, 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
		return 0, r.Err
	}
	in, err := prover.BatchFromMachine(p.m, res.Batch.Header.Number)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if _, _, err := b.keys.Prove(in); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// farmRig is the farm under test: NATS (and this process's connection), 3
// replicas, provers.
type farmRig struct {
	q        *queue.Queue
	rs       *proc.ReplicaSet
	provers  *proc.Set
	natsArgs []string
	// leader is a client of the leader: any replica forwards to it, the
	// leader saves a hop.
	leader func() *wire.Client
}

// farm runs 3 replicas and prover processes on embedded NATS and measures
// latency, throughput and queue latency.
func (b *proverBench) farm(ctx context.Context, res *ProverResult) error {
	srv, err := queue.StartServer(filepath.Join(b.dir, "nats"), "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.Close()
	// Job fetch times come with each result; a core subscription sees
	// results as they are published.
	qcfg := queue.DefaultConfig()
	qcfg.URL = srv.URL()
	q, err := queue.Connect(ctx, qcfg, "baton-bench", slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer q.Close()
	sub, err := q.Conn().Subscribe(qcfg.Subjects().Results(), func(m *nats.Msg) {
		if r, err := queue.DecodeResult(m.Data); err == nil {
			b.mu.Lock()
			if _, seen := b.fetched[r.Batch]; !seen {
				b.fetched[r.Batch], b.finished[r.Batch] = r.FetchedMs, r.FinishedMs
			}
			b.mu.Unlock()
		}
	})
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	rig := &farmRig{q: q, natsArgs: []string{"--nats", srv.URL(), "--keys-dir", b.cfg.KeysDir}}
	defer func() {
		if rig.provers != nil {
			_ = rig.provers.Stop()
		}
		if rig.rs != nil {
			rig.rs.Stop()
		}
	}()
	if err := b.startFarm(ctx, rig); err != nil {
		return err
	}
	idle, err := b.latency(ctx, rig, res)
	if err != nil {
		return err
	}
	if err := b.throughput(ctx, rig, res); err != nil {
		return err
	}
	return b.queueLatency(ctx, rig, idle, res)
}

// startFarm starts the replicas and one prover.
func (b *proverBench) startFarm(ctx context.Context, rig *farmRig) error {
	rc := proc.DefaultReplicaConfig()
	rc.Exe, rc.Dir, rc.Genesis, rc.Token = b.cfg.Exe, b.dir, b.genesis, "bench-prover"
	rc.Flags = append([]string{"--batch-max-txs", fmt.Sprint(b.cfg.BatchSize), "--batch-interval", "2s", "--log-level", "warn"}, rig.natsArgs...)
	rs, err := proc.NewReplicaSet(rc)
	if err != nil {
		return err
	}
	if err := rs.StartAll(); err != nil {
		return err
	}
	rig.rs = rs
	if _, err := rs.Leader(ctx, rs.All(), 60*time.Second); err != nil {
		return err
	}
	rig.leader = func() *wire.Client {
		if i, err := rs.Leader(ctx, rs.All(), 10*time.Second); err == nil {
			return rs.Client(i)
		}
		return rs.Client(0)
	}
	if err := b.newProvers(rig); err != nil {
		return err
	}
	return rig.provers.Start()
}

// newProvers lays out a fresh set of provers (none running).
func (b *proverBench) newProvers(rig *farmRig) error {
	var err error
	rig.provers, err = proc.NewSet(proc.SetConfig{Exe: b.cfg.Exe, Dir: b.dir, Subcommand: "prover", Prefix: "p",
		Flags: append(rig.natsArgs, "--genesis", rig.rs.GenesisPath(), "--log-level", "warn")})
	return err
}

// latency proves one full batch at a time, commit to proof recorded, each
// round right after a bare prove of the same circuit in this process, so
// that both see the same machine (the idle cluster included) and the same
// drift. It returns the batches proven by an idle farm: their queue
// latency counts.
func (b *proverBench) latency(ctx context.Context, rig *farmRig, res *ProverResult) (idle []uint64, err error) {
	bare, err := b.newBare()
	if err != nil {
		return nil, err
	}
	var farmTimes, bareTimes, ratios, pipeline []float64
	for i := 0; i <= b.cfg.Rounds; i++ {
		d, err := bare.prove()
		if err != nil {
			return nil, err
		}
		n, committed, err := b.commitBatch(ctx, rig.leader())
		if err != nil {
			return nil, err
		}
		if err := waitProven(ctx, rig.leader(), n, 5*time.Minute); err != nil {
			return nil, err
		}
		if i == 0 { // the first warms up
			continue
		}
		idle, bareTimes = append(idle, n), append(bareTimes, d.Seconds())
		farmTimes = append(farmTimes, time.Since(committed).Seconds())
		b.mu.Lock()
		f, done := b.fetched[n], b.finished[n]
		b.mu.Unlock()
		ratios = append(ratios, farmTimes[len(farmTimes)-1]/d.Seconds())
		pipeline = append(pipeline, float64(f-committed.UnixMilli()+time.Now().UnixMilli()-done))
		b.say("  batch %d: commit→fetch %d ms, prover %d ms, done→recorded and seen %d ms (bare %.0f ms)",
			n, f-committed.UnixMilli(), done-f, time.Now().UnixMilli()-done, 1000*d.Seconds())
	}
	// Medians: one slow round on a noisy machine moves a mean by more
	// than the 5 % being measured.
	// The ratio is the median of each round's farm time over the bare
	// prove right before it: neighbours share the machine's drift.
	res.ProveS, res.FarmProveS = stats.Median(bareTimes), stats.Median(farmTimes)
	res.ProveSPerSlot = res.ProveS / float64(b.cfg.BatchSize)
	res.FarmOverheadRatio, res.PipelineMs = stats.Median(ratios), stats.Median(pipeline)
	b.say("bare gnark prove: %.2f s per batch", res.ProveS)
	b.say("through the farm: %.2f s from commit to recorded proof (%.3f × bare); queue and acceptance add %.0f ms", res.FarmProveS, res.FarmOverheadRatio, res.PipelineMs)
	return idle, nil
}

// throughput queues a backlog of jobs, then proves it with 1 and then 2
// provers.
func (b *proverBench) throughput(ctx context.Context, rig *farmRig, res *ProverResult) error {
	for workers := 1; workers <= 2; workers++ {
		if err := rig.provers.Stop(); err != nil {
			return err
		}
		if err := b.newProvers(rig); err != nil {
			return err
		}
		for range workers {
			if err := rig.provers.Start(); err != nil {
				return err
			}
		}
		// Time proving, not start-up: wait until every worker is asking
		// for work.
		if err := waitWorkers(ctx, rig.q, b.keys.Tag(), workers); err != nil {
			return err
		}
		start := time.Now()
		var last uint64
		for range b.cfg.Backlog {
			n, _, err := b.commitBatch(ctx, rig.leader())
			if err != nil {
				return err
			}
			last = n
		}
		for n := last - uint64(b.cfg.Backlog) + 1; n <= last; n++ {
			if err := waitProven(ctx, rig.leader(), n, 10*time.Minute); err != nil {
				return err
			}
		}
		ppm := float64(b.cfg.Backlog) / time.Since(start).Minutes()
		if workers == 1 {
			res.ProofsPerMin1 = ppm
		} else {
			res.ProofsPerMin2 = ppm
		}
		b.say("%d prover(s): %.1f proofs per minute (%d batches committed at once)", workers, ppm, b.cfg.Backlog)
	}
	return nil
}

// queueLatency is batch commit (leader timestamp) to job fetch, for the
// jobs an idle prover took (a backlogged job waits for a prover by
// design).
func (b *proverBench) queueLatency(ctx context.Context, rig *farmRig, idle []uint64, res *ProverResult) error {
	var lat []float64
	for _, n := range idle {
		b.mu.Lock()
		f, ok := b.fetched[n]
		b.mu.Unlock()
		if rec, err := rig.leader().Batch(ctx, n); err == nil && ok {
			lat = append(lat, float64(f-rec.Header.Timestamp))
		}
	}
	if len(lat) == 0 {
		return errors.New("no job fetch times seen")
	}
	slices.Sort(lat)
	res.QueueP50Ms, res.QueueP99Ms = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)]
	b.say("queue latency, commit to fetch by an idle prover: p50 %.0f ms, p99 %.0f ms over %d jobs", res.QueueP50Ms, res.QueueP99Ms, len(lat))
	return nil
}

// commitBatch submits one full batch of transfers and returns its number
// and when it was committed.
func (b *proverBench) commitBatch(ctx context.Context, c *wire.Client) (uint64, time.Time, error) {
	txs := b.farmSigner.transfers(b.cfg.BatchSize)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		batch uint64
	)
	for _, tx := range txs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.Submit(ctx, tx, true)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
			batch = max(batch, r.Batch)
		}()
	}
	wg.Wait()
	return batch, time.Now(), first
}

// waitWorkers waits until n pull requests wait on the provers' consumer.
func waitWorkers(ctx context.Context, q *queue.Queue, tag string, n int) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if w, err := q.WaitingProvers(ctx, tag); err == nil && w >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("%d provers not ready within 2 minutes", n)
}

func waitProven(ctx context.Context, c *wire.Client, n uint64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if rec, err := c.Batch(ctx, n); err == nil && rec.State >= fsm.StateProven {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("batch %d not proven within %v", n, timeout)
}
