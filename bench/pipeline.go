package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/prover"
)

// PipelineConfig is `baton bench pipeline`: a devnet (replicas, provers,
// NATS, etcd, the simulated L1) driven at the most ingress allows.
type PipelineConfig struct {
	// Duration of the driven run (after start-up).
	Duration time.Duration
	Replicas int
	Provers  int
	// BatchSize and TreeDepth are the circuit's (the devnet's: 4, 10).
	BatchSize, TreeDepth int
	// Workers are the load's concurrent senders, each with one
	// transaction in flight.
	Workers int
	// Bound is the replicas' --max-unproven-batches (0: their default,
	// derived from the farm's pace).
	Bound int
	// Bare is how long the provers' bare proving rate is measured, right
	// before the pipeline starts.
	Bare time.Duration
	// Exe is the baton binary the devnet's processes run (empty: this
	// process's executable).
	Exe     string
	KeysDir string
	// Progress receives what happens as it goes.
	Progress io.Writer
	Log      *slog.Logger
}

// DefaultPipelineConfig is make bench's run: the devnet's network for
// five minutes.
func DefaultPipelineConfig() PipelineConfig {
	return PipelineConfig{Duration: 5 * time.Minute, Replicas: 3, Provers: 2, BatchSize: 4, TreeDepth: 10,
		Workers: 64, Bare: 45 * time.Second}
}

// Validate reports a run that cannot go.
func (c PipelineConfig) Validate() error {
	switch {
	case c.Duration < 30*time.Second:
		return errors.New("bench pipeline: duration must be at least 30s (the first minute is start-up's)")
	case c.Provers < 1 || c.Provers > 16 || c.Replicas < 1 || c.Replicas > 7:
		return errors.New("bench pipeline: 1 to 16 provers and 1 to 7 replicas")
	case c.BatchSize < 1 || c.TreeDepth < 1 || c.Workers < 1 || c.Bare < time.Second:
		return errors.New("bench pipeline: batch size, tree depth and workers must be positive, the bare run at least 1s")
	case c.Bound < -1:
		return errors.New("bench pipeline: bound must be -1 (none), 0 (derived) or positive")
	case c.KeysDir == "":
		return errors.New("bench pipeline: a keys dir is required")
	}
	return nil
}

// PipelineResult is `baton bench pipeline --json`'s last line.
type PipelineResult struct {
	DurationS float64 `json:"duration_s"`
	Replicas  int     `json:"replicas"`
	Provers   int     `json:"provers"`
	BatchSize int     `json:"batch_size"`
	Cores     int     `json:"cores"`
	// SustainedFinalizedTxPerS is the transactions in batches finalized on
	// L1 per second after the first minute.
	SustainedFinalizedTxPerS float64 `json:"sustained_finalized_tx_per_s"`
	// BareProvingTxPerS is the provers' bare proving rate: as many bare
	// gnark proves of full batches at once as there are provers, on this
	// machine, right before the pipeline.
	BareProvingTxPerS float64 `json:"bare_proving_tx_per_s"`
	// FarmEfficiency is the sustained rate over the bare one.
	FarmEfficiency float64 `json:"farm_efficiency"`
	// UnprovenBatchesPeak is the most batches sequenced and not yet
	// proven any replica had; UnprovenBound the largest bound the
	// replicas reported (derived bounds follow the farm's pace).
	UnprovenBatchesPeak uint64 `json:"unproven_batches_peak"`
	UnprovenBound       uint64 `json:"unproven_bound"`
	// L1LagPeak is the most batches proven and not yet finalized on L1
	// any replica had: whether the L1 path kept pace.
	L1LagPeak uint64 `json:"l1_lag_batches_peak"`
	// RSS of the largest replica one minute in and at the end.
	RSSFirstMinuteMB float64 `json:"rss_first_minute_mb"`
	RSSEndMB         float64 `json:"rss_end_mb"`
	// HTTP429 counts the load's refusals (each honoured its Retry-After).
	HTTP429 int64 `json:"http_429"`
	// Acked transactions, and those of them the audit did not find;
	// failed ones were given up on for another reason than a 429 (which
	// the load waits out); abandoned ones were in flight at the end.
	Acked     int   `json:"acked"`
	AckedLost int   `json:"acked_lost"`
	Failed    int64 `json:"failed"`
	Abandoned int64 `json:"abandoned"`
	// Finality: acknowledgement to finalized on L1, of the transactions
	// finalized during the run.
	FinalityP50S float64 `json:"finality_p50_s"`
	FinalityP99S float64 `json:"finality_p99_s"`
	// Batches sequenced, proven and finalized by the end.
	Sequenced uint64 `json:"batches_sequenced"`
	Finalized uint64 `json:"batches_finalized"`
}

// RunPipeline measures the provers bare, then the pipeline under load.
func RunPipeline(ctx context.Context, cfg PipelineConfig) (*PipelineResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	out := orDiscard(cfg.Progress)
	g := devnet.DevGenesis(256, cfg.BatchSize, cfg.TreeDepth)
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	fmt.Fprintf(out, "bench pipeline: Groth16 keys for %d slots, depth %d in %s\n", cfg.BatchSize, cfg.TreeDepth, cfg.KeysDir)
	keys, _, err := prover.Setup(cfg.KeysDir, prover.ParamsFor(g.Config, cfg.BatchSize), log)
	if err != nil {
		return nil, err
	}
	res := &PipelineResult{Replicas: cfg.Replicas, Provers: cfg.Provers, BatchSize: cfg.BatchSize, Cores: runtime.NumCPU()}
	if res.BareProvingTxPerS, err = bareRate(ctx, g, keys, cfg); err != nil {
		return nil, fmt.Errorf("bare proving: %w", err)
	}
	fmt.Fprintf(out, "bench pipeline: bare proving, %d at once: %.2f tx/s\n", cfg.Provers, res.BareProvingTxPerS)
	if err := runPipeline(ctx, cfg, g, res); err != nil {
		return nil, err
	}
	if res.BareProvingTxPerS > 0 {
		res.FarmEfficiency = res.SustainedFinalizedTxPerS / res.BareProvingTxPerS
	}
	return res, nil
}

// bareRate proves full batches with as many goroutines as there are
// provers for cfg.Bare and returns the transactions proven per second:
// the sum over goroutines of each one's whole proofs over the time they
// took, all of them under the same contention. A prove cut short by the
// deadline counts neither its proof nor its time.
func bareRate(ctx context.Context, g fsm.Genesis, keys *prover.Keys, cfg PipelineConfig) (float64, error) {
	pb := &proverBench{cfg: ProverConfig{BatchSize: cfg.BatchSize}, genesis: g, keys: keys}
	ctx, cancel := context.WithTimeout(ctx, cfg.Bare)
	defer cancel()
	rates := make([]float64, cfg.Provers)
	errs := make([]error, cfg.Provers)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cfg.Provers {
		bp, err := pb.newBare()
		if err != nil {
			return 0, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			proofs := 0
			for ctx.Err() == nil {
				if _, errs[i] = bp.prove(); errs[i] != nil {
					return
				}
				if ctx.Err() == nil {
					proofs++
					rates[i] = float64(proofs*cfg.BatchSize) / time.Since(start).Seconds()
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	total := 0.0
	for _, r := range rates {
		if r == 0 {
			return 0, fmt.Errorf("a bare prover finished no proof in %v", cfg.Bare)
		}
		total += r
	}
	return total, nil
}

// runPipeline starts the devnet, drives it at the most ingress allows for
// cfg.Duration while sampling it, and fills in res.
func runPipeline(ctx context.Context, cfg PipelineConfig, g fsm.Genesis, res *PipelineResult) error {
	out := orDiscard(cfg.Progress)
	dir, err := os.MkdirTemp("", "baton-bench-pipeline-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dc := devnet.DefaultConfig()
	dc.Dir, dc.KeysDir, dc.Exe, dc.Genesis, dc.Replicas, dc.Provers = dir, cfg.KeysDir, cfg.Exe, g, cfg.Replicas, cfg.Provers
	dc.UnprovenBound, dc.Log = cfg.Bound, cfg.Log
	d, err := devnet.StartReady(ctx, dc)
	if err != nil {
		return err
	}
	defer d.Close()
	lcfg := d.LoadConfig(0, cfg.Workers)
	lcfg.Max = true
	fmt.Fprintf(out, "bench pipeline: %d replicas, %d provers; load from %d workers at the most ingress allows for %v\n",
		cfg.Replicas, cfg.Provers, cfg.Workers, cfg.Duration)
	load := loadgen.Start(ctx, lcfg)
	s := newPipelineSampler(d, load.Stats())
	s.run(ctx, cfg.Duration, out)
	load.Stop()
	if err := load.Err(); err != nil {
		return err
	}
	s.fill(res)
	rep, err := d.Replicas().Audit(context.Background(), d.Replicas().All(), load.Stats().Acked())
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if rep.Fork != "" || rep.Chain != "" {
		return fmt.Errorf("audit: replicas forked at %s%s", rep.Fork, rep.Chain)
	}
	res.AckedLost = rep.Lost
	return nil
}

// pipelineSampler watches a driven devnet once a second.
type pipelineSampler struct {
	d  *devnet.Devnet
	st *loadgen.Stats

	start time.Time
	// ackedAt is when each acknowledged transaction was first seen.
	ackedAt  map[fsm.TxHash]time.Time
	perBatch map[uint64][]time.Time // batch → its transactions' ack times
	// finality of each transaction finalized, acked → finalized.
	finality []time.Duration
	final    uint64 // last batch finalized on every replica
	// finalizedTxs counts transactions in finalized batches; at1m is
	// that count and its time one minute in.
	finalizedTxs  int
	at1m          int
	at1mTime      time.Time
	peak, bound   uint64
	l1Lag         uint64
	rss1m, rssEnd float64
	head          uint64
}

func newPipelineSampler(d *devnet.Devnet, st *loadgen.Stats) *pipelineSampler {
	return &pipelineSampler{d: d, st: st, ackedAt: map[fsm.TxHash]time.Time{}, perBatch: map[uint64][]time.Time{}}
}

// run samples until duration has passed or ctx ends, printing a line
// every 10 s.
func (s *pipelineSampler) run(ctx context.Context, duration time.Duration, out io.Writer) {
	s.start = time.Now()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for i := 1; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.sample(ctx)
		el := time.Since(s.start)
		if s.at1mTime.IsZero() && el >= time.Minute {
			s.at1m, s.at1mTime, s.rss1m = s.finalizedTxs, time.Now(), s.rss()
		}
		if i%10 == 0 {
			fmt.Fprintf(out, "  %3.0fs: %d batches, %d finalized, unproven peak %d (bound %d), %d acked, %d refused (429), rss %.0f MB\n",
				el.Seconds(), s.head, s.final, s.peak, s.bound, s.st.Sequenced(), s.st.Refused(), s.rss())
		}
		if el >= duration {
			s.rssEnd = s.rss()
			return
		}
	}
}

// sample reads the replicas' statuses, bound and the load's new
// acknowledgements.
func (s *pipelineSampler) sample(ctx context.Context) {
	now := time.Now()
	for h, a := range s.st.Acked() {
		if _, ok := s.ackedAt[h]; !ok {
			s.ackedAt[h] = now
			s.perBatch[a.Batch] = append(s.perBatch[a.Batch], now)
		}
	}
	final := uint64(1<<63 - 1)
	up := 0
	for _, st := range s.d.Replicas().Statuses(ctx) {
		if st == nil {
			continue
		}
		up++
		s.head = max(s.head, st.LastBatch)
		s.peak = max(s.peak, st.LastBatch-min(st.LastBatch, st.ProvenThrough))
		s.l1Lag = max(s.l1Lag, st.ProvenThrough-min(st.ProvenThrough, st.Finalized))
		final = min(final, st.Finalized)
	}
	for _, b := range s.d.Metric("baton_unproven_bound") {
		s.bound = max(s.bound, uint64(b))
	}
	if up == 0 {
		return
	}
	for b := s.final + 1; b <= final; b++ {
		for _, at := range s.perBatch[b] {
			s.finality = append(s.finality, now.Sub(at))
		}
		s.finalizedTxs += len(s.perBatch[b])
	}
	s.final = max(s.final, final)
}

// rss is the largest replica's resident set in MB.
func (s *pipelineSampler) rss() float64 {
	most := 0.0
	for i := range s.d.Replicas().Len() {
		if kb, err := rssKB(s.d.Replicas().Pid(i)); err == nil {
			most = max(most, float64(kb)/1024)
		}
	}
	return most
}

func (s *pipelineSampler) fill(res *PipelineResult) {
	end := time.Now()
	res.DurationS = end.Sub(s.start).Seconds()
	if !s.at1mTime.IsZero() && end.After(s.at1mTime) {
		res.SustainedFinalizedTxPerS = float64(s.finalizedTxs-s.at1m) / end.Sub(s.at1mTime).Seconds()
	}
	res.UnprovenBatchesPeak, res.UnprovenBound, res.L1LagPeak = s.peak, s.bound, s.l1Lag
	res.RSSFirstMinuteMB, res.RSSEndMB = s.rss1m, s.rssEnd
	res.HTTP429, res.Acked, res.Failed, res.Abandoned = s.st.Refused(), len(s.st.Acked()), s.st.Failed(), s.st.Abandoned()
	slices.Sort(s.finality)
	res.FinalityP50S = stats.Quantile(s.finality, 0.5).Seconds()
	res.FinalityP99S = stats.Quantile(s.finality, 0.99).Seconds()
	res.Sequenced, res.Finalized = s.head, s.final
}

// rssKB is a process's resident set in kB, from /proc (Linux).
func rssKB(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err != nil {
				return 0, fmt.Errorf("VmRSS of %d: %w", pid, err)
			}
			return kb, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d", pid)
}
