package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
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

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/queue"
)

// proverBench measures the prover farm in one run: the bare gnark prove of
// the circuit, the same proof through the whole farm (commit, job, fetch,
// prove, result, native verification, RecordProof), the queue latency, and
// proofs per minute with one and two workers.
type proverBench struct {
	batch, depth, rounds, backlog int
	keysDir, dir                  string
	progress                      io.Writer
	genesis                       fsm.Genesis
	keys                          *prover.Keys
	farmSigner                    *signer // the farm's chain

	mu       sync.Mutex
	fetched  map[uint64]int64 // batch → when its job was fetched (Unix ms)
	finished map[uint64]int64 // batch → when its proof was done (Unix ms)
}

type proverBenchResult struct {
	BatchSize   int `json:"batch_size"`
	TreeDepth   int `json:"tree_depth"`
	Constraints int `json:"constraints"`
	// ConstraintsBySize is the circuit's size for other batch sizes at
	// the same depth.
	ConstraintsBySize map[int]int `json:"constraints_by_batch_size"`
	CommitmentPct     float64     `json:"commitment_pct"`
	ProveS            float64     `json:"prove_s"`
	FarmProveS        float64     `json:"farm_prove_s"`
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

func runBenchProver(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench prover", flag.ContinueOnError)
	b := &proverBench{fetched: map[uint64]int64{}, finished: map[uint64]int64{}}
	fs.IntVar(&b.batch, "batch-size", 4, "circuit slots (operations per batch)")
	fs.IntVar(&b.depth, "tree-depth", 10, "account tree depth")
	fs.IntVar(&b.rounds, "rounds", 8, "proofs timed bare and through the farm")
	fs.IntVar(&b.backlog, "backlog", 6, "queued batches for each proofs-per-minute run")
	fs.StringVar(&b.keysDir, "keys-dir", defaultKeysDir(), "Groth16 key cache")
	asJSON := fs.Bool("json", false, "progress to stderr; last stdout line one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b.progress = stdout
	if *asJSON {
		b.progress = os.Stderr
	}
	dir, err := os.MkdirTemp("", "baton-bench-prover-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b.dir = dir
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.MaxBatchTxs = b.depth, b.batch
	b.genesis = fsm.DevGenesis(cfg, devSeed, 64, 1_000_000_000, 0)
	if err := b.genesis.Validate(); err != nil {
		return err
	}
	b.farmSigner = newSigner(b.genesis)
	p := prover.ParamsFor(cfg, b.batch)
	res := proverBenchResult{BatchSize: b.batch, TreeDepth: b.depth, Cores: runtime.NumCPU()}
	log, _ := newLogger("warn", "text", os.Stderr)
	b.say("Groth16 keys for %s (made once per circuit size)", p)
	if b.keys, _, err = prover.Setup(b.keysDir, p, log); err != nil {
		return err
	}
	res.Constraints = b.keys.Constraints()
	if res.CommitmentPct, err = commitmentShare(p); err != nil {
		return err
	}
	b.say("%d constraints; the SHA-256 data commitment takes %.1f %%", res.Constraints, res.CommitmentPct)
	res.ConstraintsBySize = map[int]int{}
	for _, size := range []int{1, 2, 4, 8, 16} {
		q := p
		q.BatchSize = size
		n, err := prover.CountConstraints(q, true)
		if err != nil {
			return err
		}
		res.ConstraintsBySize[size] = n
		b.say("  %2d slots, depth %d: %d constraints (%.0f per slot)", size, b.depth, n, float64(n)/float64(size))
	}
	if err := b.farm(ctx, &res); err != nil {
		return err
	}
	out, _ := json.Marshal(res)
	if *asJSON {
		fmt.Fprintln(stdout, string(out))
	}
	return nil
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

// signer signs transfers for one chain from genesis, sender after
// sender, keeping each sender's nonce.
type signer struct {
	g      fsm.Genesis
	nonces map[uint32]uint64
	next   uint32 // next sending account
}

func newSigner(g fsm.Genesis) *signer { return &signer{g: g, nonces: map[uint32]uint64{}, next: 1} }

// transfers signs n transfers from fresh senders, for one batch.
func (s *signer) transfers(n int) []fsm.Tx {
	var txs []fsm.Tx
	accounts := uint32(len(s.g.Accounts) - 1)
	for range n {
		from := s.next
		s.next = 1 + s.next%accounts
		tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: 1 + from%accounts, Amount: 1, Fee: 1, Nonce: s.nonces[from]}
		s.nonces[from]++
		_ = tx.Sign(fsm.DevKey(devSeed, uint64(from)), s.g.ChainID)
		txs = append(txs, tx)
	}
	return txs
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
	txs := p.signer.transfers(b.batch)
	p.n++
	res := p.m.Build(txs, int64(p.n), false)
	if res.Batch == nil || len(res.Included) != b.batch {
		return 0, fmt.Errorf("bench batch: %+v", res.Rejected)
	}
	p.m.Adopt(res)
	if r := p.m.Apply(p.n, 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
		return 0, r.Err
	}
	rec, _ := p.m.Batch(res.Batch.Header.Number)
	in, err := prover.BatchFromRecord(&rec)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if _, _, err := b.keys.Prove(in); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// farm runs 3 replicas and prover processes on embedded NATS.
func (b *proverBench) farm(ctx context.Context, res *proverBenchResult) error {
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
	tok, err := newToken()
	if err != nil {
		return err
	}
	natsArgs := []string{"--nats", srv.URL(), "--keys-dir", b.keysDir}
	rs, err := newReplicaSet(b.dir, 3, b.genesis, tok,
		append([]string{"--batch-max-txs", fmt.Sprint(b.batch), "--batch-interval", "2s", "--log-level", "warn"}, natsArgs...), nil)
	if err != nil {
		return err
	}
	if err := rs.startAll(); err != nil {
		return err
	}
	defer rs.stop()
	if _, err := rs.leader(ctx, rs.all(), 60*time.Second); err != nil {
		return err
	}
	provers, err := newProverSet(b.dir, append(natsArgs, "--genesis", rs.genesisPath, "--log-level", "warn"))
	if err != nil {
		return err
	}
	defer provers.stop()
	c := func() *cluster.Client {
		// Any replica forwards to the leader; the leader saves a hop.
		if i, err := rs.leader(ctx, rs.all(), 10*time.Second); err == nil {
			return rs.client(i)
		}
		return rs.client(0)
	}
	if err := provers.start(); err != nil {
		return err
	}

	// Latency: one full batch at a time, commit to proof recorded, each
	// round right after a bare prove of the same circuit in this process,
	// so that both see the same machine (the idle cluster included) and
	// the same drift.
	bare, err := b.newBare()
	if err != nil {
		return err
	}
	var (
		farmTimes, bareTimes []float64
		ratios, pipeline     []float64
		idle                 []uint64 // batches proven by an idle farm: their queue latency counts
	)
	for i := 0; i <= b.rounds; i++ {
		d, err := bare.prove()
		if err != nil {
			return err
		}
		n, committed, err := b.commitBatch(ctx, c())
		if err != nil {
			return err
		}
		if i > 0 { // the first of each warms up
			idle = append(idle, n)
			bareTimes = append(bareTimes, d.Seconds())
		}
		if err := waitProven(ctx, c(), n, 5*time.Minute); err != nil {
			return err
		}
		if i > 0 {
			farmTimes = append(farmTimes, time.Since(committed).Seconds())
			b.mu.Lock()
			f, d := b.fetched[n], b.finished[n]
			b.mu.Unlock()
			bareS := bareTimes[len(bareTimes)-1]
			ratios = append(ratios, farmTimes[len(farmTimes)-1]/bareS)
			around := f - committed.UnixMilli() + time.Now().UnixMilli() - d
			pipeline = append(pipeline, float64(around))
			b.say("  batch %d: commit→fetch %d ms, prover %d ms, done→recorded and seen %d ms (bare %.0f ms)",
				n, f-committed.UnixMilli(), d-f, time.Now().UnixMilli()-d, 1000*bareS)
		}
	}
	// Medians: one slow round on a noisy machine moves a mean by more
	// than the 5 % being measured.
	// The ratio is the median of each round's farm time over the bare
	// prove right before it: neighbours share the machine's drift.
	res.ProveS, res.FarmProveS = median(bareTimes), median(farmTimes)
	res.FarmOverheadRatio, res.PipelineMs = median(ratios), median(pipeline)
	b.say("bare gnark prove: %.2f s per batch", res.ProveS)
	b.say("through the farm: %.2f s from commit to recorded proof (%.3f × bare); queue and acceptance add %.0f ms", res.FarmProveS, res.FarmOverheadRatio, res.PipelineMs)

	// Throughput: a backlog of jobs, then 1 and then 2 provers.
	for workers := 1; workers <= 2; workers++ {
		if err := provers.stop(); err != nil {
			return err
		}
		provers.procs = nil
		for range workers {
			if err := provers.start(); err != nil {
				return err
			}
		}
		// Time proving, not start-up: wait until every worker is asking
		// for work.
		if err := waitWorkers(ctx, q, b.keys.Tag(), workers); err != nil {
			return err
		}
		start := time.Now()
		var last uint64
		for range b.backlog {
			n, _, err := b.commitBatch(ctx, c())
			if err != nil {
				return err
			}
			last = n
		}
		for n := last - uint64(b.backlog) + 1; n <= last; n++ {
			if err := waitProven(ctx, c(), n, 10*time.Minute); err != nil {
				return err
			}
		}
		ppm := float64(b.backlog) / time.Since(start).Minutes()
		if workers == 1 {
			res.ProofsPerMin1 = ppm
		} else {
			res.ProofsPerMin2 = ppm
		}
		b.say("%d prover(s): %.1f proofs per minute (%d batches committed at once)", workers, ppm, b.backlog)
	}

	// Queue latency: batch commit (leader timestamp) to job fetch, for the
	// jobs an idle prover took (a backlogged job waits for a prover by
	// design).
	var lat []float64
	for _, n := range idle {
		b.mu.Lock()
		f, ok := b.fetched[n]
		b.mu.Unlock()
		if rec, err := c().Batch(ctx, n); err == nil && ok {
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
func (b *proverBench) commitBatch(ctx context.Context, c *cluster.Client) (uint64, time.Time, error) {
	txs := b.farmSigner.transfers(b.batch)
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

func waitProven(ctx context.Context, c *cluster.Client, n uint64, timeout time.Duration) error {
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

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
