package devnet

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/loadgen"
)

// Summary is a run's outcome. `baton devnet --json` prints it as its last
// line: the keys are an interface (scripts and benchmarks read them).
type Summary struct {
	TxsSubmitted      int64   `json:"txs_submitted"`
	TxsSequenced      int64   `json:"txs_sequenced"`
	TxsFailed         int64   `json:"txs_failed"`
	HTTP429           int64   `json:"http_429"`
	BatchesSequenced  uint64  `json:"batches_sequenced"`
	BatchesProven     uint64  `json:"batches_proven"`
	BatchesFinalized  uint64  `json:"batches_finalized"`
	Deposits          int     `json:"deposits"`
	DepositsCredited  int     `json:"deposits_credited"`
	GasCommitPerBatch float64 `json:"gas_commit_per_batch"`
	GasProvePerBatch  float64 `json:"gas_prove_per_batch"`
	GasPerTx          float64 `json:"gas_per_tx"`
	L1Reverted        int     `json:"l1_txs_reverted"`
	ProvenP50S        float64 `json:"proven_p50_s"`
	QueueP50S         float64 `json:"queue_p50_s"`
	ProveP50S         float64 `json:"prove_p50_s"`
	L1P50S            float64 `json:"l1_p50_s"`
	FinalityP50S      float64 `json:"finality_p50_s"`
	FinalityP99S      float64 `json:"finality_p99_s"`
	ProofsRejected    int     `json:"proofs_rejected"`
	Provers           int     `json:"provers"`
	RootsIdentical    bool    `json:"roots_identical"`
	AckedLost         int     `json:"acked_lost"`
	Duplicates        int     `json:"duplicates"`
	LeaderChanges     int     `json:"leader_changes"`
	Replicas          int     `json:"replicas"`
	DurationS         float64 `json:"duration_s"`
	TxPerS            float64 `json:"tx_per_s"`
	P50Ms             float64 `json:"p50_ms"`
	P99Ms             float64 `json:"p99_ms"`
	StateRoot         string  `json:"state_root"`
	DataDir           string  `json:"data_dir"`
	// With chaos: the faults injected and how each was got past.
	ChaosEvents int          `json:"chaos_events,omitempty"`
	Chaos       []ChaosEvent `json:"chaos,omitempty"`
	// JobsReoffered: attempts the watchdog had voided and the leader
	// offered again (counted by replicas alive at the end).
	JobsReoffered int `json:"jobs_reoffered"`

	// nonceOrder counts transactions the audit found out of their
	// sender's nonce order: an invariant Run enforces, not a figure.
	nonceOrder int
}

// ParseSummary reads the JSON summary `baton devnet --json` ends its
// output with.
func ParseSummary(out string) (Summary, error) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var sum Summary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		return sum, fmt.Errorf("the last line is not the devnet's JSON summary: %w", err)
	}
	return sum, nil
}

// Run is `baton devnet`: it starts a devnet (in a temporary Dir unless
// one is given), shows where everything is, drives the load (and the
// faults) with live progress until Txs are done or ctx ends, waits for
// finality, audits the replicas and returns the summary. The summary is
// nil if the run did not get that far; the error says what broke an
// invariant or did not complete.
func Run(ctx context.Context, cfg RunConfig) (*Summary, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Dir == "" {
		dir, err := os.MkdirTemp("", "baton-devnet-")
		if err != nil {
			return nil, err
		}
		cfg.Dir = dir
		if !cfg.Keep {
			defer os.RemoveAll(dir)
		}
	} else if entries, err := os.ReadDir(cfg.Dir); err == nil && len(entries) > 0 {
		// A used directory holds another run's Raft configuration, with
		// ports this run would not reuse.
		return nil, fmt.Errorf("devnet: data dir %s is not empty; give a new or empty one", cfg.Dir)
	}
	d, err := New(cfg.Config)
	if err != nil {
		return nil, err
	}
	// Registered before start, so that a failed start stops what it began.
	defer d.Close()
	if err := d.Start(ctx); err != nil {
		return nil, err
	}
	progress{d, d.out}.banner()
	if err := d.WaitReady(ctx); err != nil {
		return nil, err
	}
	return (&run{d: d, cfg: cfg}).drive(ctx)
}

// run is one Run on a started devnet.
type run struct {
	d        *Devnet
	cfg      RunConfig
	chaos    *Chaos
	chaosErr error
}

// drive runs the load and the faults while the progress shows, then
// sums up.
func (r *run) drive(ctx context.Context) (*Summary, error) {
	d := r.d
	watchCtx, cancelWatch := context.WithCancel(ctx)
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		d.stages.run(watchCtx, d.rs, 250*time.Millisecond)
	}()
	// Stopped before the replicas are (d.Close runs after this).
	stopWatch := func() { cancelWatch(); <-watchDone }
	defer stopWatch()
	if err := r.deposit(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	lcfg := d.LoadConfig(r.cfg.DefaultRate(), min(MaxLoadWorkers, len(d.cfg.Genesis.Accounts)-1))
	lcfg.Txs, lcfg.Max = r.cfg.Txs, r.cfg.Max
	load := loadgen.Start(ctx, lcfg)
	defer load.Stop()
	chaosDone := r.startChaos(ctx)
	// Shown until the load is done and every fault is undone
	// (restarted, thawed).
	settled := make(chan struct{})
	go func() { <-load.Done(); <-chaosDone; close(settled) }()
	progress{d, d.out}.watch(ctx, load.Stats(), start, settled)
	load.Stop()
	elapsed := time.Since(start)
	// Interrupted, the faults still end (each step follows ctx) and are
	// undone before their events are read.
	<-chaosDone
	if d.provers != nil && r.cfg.Txs > 0 && ctx.Err() == nil {
		d.WaitFinalized(ctx, r.cfg.FinalityTimeout)
	}
	stopWatch()
	sum := r.summarize(load.Stats(), elapsed)
	progress{d, d.out}.summary(sum, load.Stats().Errors())
	return &sum, r.verdict(sum)
}

// deposit has the L1 user deposit to the accounts after the genesis ones.
func (r *run) deposit(ctx context.Context) error {
	if r.d.l1 == nil {
		return nil
	}
	accounts := len(r.d.cfg.Genesis.Accounts)
	for i := range r.cfg.Deposits {
		key := fsm.DevKey(Seed, uint64(accounts+i)).Public()
		if err := r.d.l1.deposit(ctx, key, 1_000_000); err != nil {
			return err
		}
	}
	return nil
}

// startChaos starts the faults (with Chaos); the channel closes once they
// are all done and undone.
func (r *run) startChaos(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if !r.cfg.Chaos {
		close(done)
		return done
	}
	r.chaos = NewChaos(r.d, r.d.out, r.cfg.ChaosPause)
	go func() { defer close(done); r.chaosErr = r.chaos.Run(ctx) }()
	return done
}

// summarize gathers the figures: the load's, the replicas' metrics, the
// audit's, the faults', the L1's.
func (r *run) summarize(st *loadgen.Stats, elapsed time.Duration) Summary {
	d := r.d
	sum := Summary{
		TxsSubmitted: st.Submitted(), TxsSequenced: st.Sequenced(), TxsFailed: st.Failed(), HTTP429: st.Refused(),
		LeaderChanges: int(metricMax(d.rs, "baton_raft_leader_changes_total")) - 1, Replicas: d.cfg.Replicas, DurationS: elapsed.Seconds(),
		Provers: d.cfg.Provers, ProofsRejected: int(metricSum(d.rs, "baton_proofs_rejected_total")),
		TxPerS: float64(st.Sequenced()) / elapsed.Seconds(),
		P50Ms:  stats.Ms(st.Percentile(0.5)), P99Ms: stats.Ms(st.Percentile(0.99)), DataDir: d.cfg.Dir,
	}
	r.audit(&sum, st)
	sum.LeaderChanges = max(0, sum.LeaderChanges)
	sum.JobsReoffered = int(metricSum(d.rs, "baton_proof_jobs_reoffered_total"))
	if r.chaos != nil {
		sum.Chaos = r.chaos.Events()
		sum.ChaosEvents = len(sum.Chaos)
	}
	if d.l1 != nil {
		d.settlementSummary(&sum, len(d.cfg.Genesis.Accounts), r.cfg.Deposits)
	}
	return sum
}

// audit fills in where the replicas agree and what the audit found.
func (r *run) audit(sum *Summary, st *loadgen.Stats) {
	d := r.d
	head, err := d.rs.Converge(context.Background(), d.rs.All(), 10*time.Second)
	if err != nil {
		fmt.Fprintln(d.out, "devnet:", err)
		return
	}
	sum.BatchesSequenced, sum.StateRoot, sum.RootsIdentical = head.LastBatch, head.StateRoot.String(), true
	sum.BatchesProven, sum.BatchesFinalized = head.Proven, head.Finalized
	rep, err := d.rs.Audit(context.Background(), d.rs.All(), st.Acked())
	switch {
	case err != nil:
		fmt.Fprintln(d.out, "devnet: audit:", err)
	case rep.Fork != "" || rep.Chain != "":
		sum.RootsIdentical = false
		fmt.Fprintln(d.out, "devnet: replicas forked at", rep.Fork+rep.Chain)
	}
	if rep.NonceOrder > 0 {
		fmt.Fprintln(d.out, "devnet:", rep.Err())
	}
	sum.AckedLost, sum.Duplicates, sum.nonceOrder = rep.Lost, rep.Duplicates, rep.NonceOrder
}

// settlementSummary adds the L1's figures: gas from the chain itself,
// stage latencies from the watcher, deposits from the accounts they made.
func (d *Devnet) settlementSummary(sum *Summary, accounts, deposits int) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d.stages.poll(ctx, d.rs)
	proven, final, l1, ops := d.stages.latencies()
	sum.ProvenP50S, sum.FinalityP50S, sum.FinalityP99S = stats.Quantile(proven, 0.5), stats.Quantile(final, 0.5), stats.Quantile(final, 0.99)
	sum.L1P50S = stats.Quantile(l1, 0.5)
	q, p := d.farm.times()
	sum.QueueP50S, sum.ProveP50S = stats.Quantile(q, 0.5), stats.Quantile(p, 0.5)
	if g, err := d.l1.gas(ctx); err != nil {
		fmt.Fprintln(d.out, "devnet: L1 gas:", err)
	} else {
		sum.L1Reverted = g.reverted
		if n := float64(sum.BatchesFinalized); n > 0 {
			sum.GasCommitPerBatch, sum.GasProvePerBatch = float64(g.commit)/n, float64(g.prove)/n
		}
		if ops > 0 {
			sum.GasPerTx = float64(g.commit+g.prove) / float64(ops)
		}
	}
	sum.Deposits = deposits
	c := d.rs.Client(0)
	for i := range deposits {
		a, err := c.Account(ctx, uint32(accounts+i))
		if err == nil && a.PubKey == fsm.DevKey(Seed, uint64(accounts+i)).Public() && a.Balance == 1_000_000 {
			sum.DepositsCredited++
		}
	}
}

// verdict is the run's error: a fault not got past, an invariant broken,
// or (with Txs) work not done.
func (r *run) verdict(sum Summary) error {
	txs := int64(r.cfg.Txs)
	switch {
	case r.chaosErr != nil:
		return fmt.Errorf("chaos: a fault was not got past: %w", r.chaosErr)
	case sum.AckedLost > 0 || sum.Duplicates > 0 || sum.nonceOrder > 0:
		return fmt.Errorf("devnet broke an invariant: %d acknowledged transactions lost, %d duplicated, %d out of nonce order",
			sum.AckedLost, sum.Duplicates, sum.nonceOrder)
	case txs > 0 && (sum.TxsSequenced < txs || !sum.RootsIdentical):
		return fmt.Errorf("devnet incomplete: %d of %d sequenced, roots identical %v", sum.TxsSequenced, txs, sum.RootsIdentical)
	case txs > 0 && r.cfg.Provers > 0 && (sum.BatchesFinalized < sum.BatchesSequenced || sum.DepositsCredited < sum.Deposits):
		return fmt.Errorf("devnet incomplete: %d of %d batches finalized, %d of %d deposits credited",
			sum.BatchesFinalized, sum.BatchesSequenced, sum.DepositsCredited, sum.Deposits)
	}
	return nil
}
