package proving

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/queue"
)

// These tests run the duty against a real embedded NATS and a replica
// without Raft: a log that applies each proposal at once to an
// fsm.Machine. The proof system is a stand-in that calls the proof "ok"
// valid, so no circuit is needed.

const seed = "proving-test"

var errNotLeader = errors.New("not the leader")

type fakeLog struct {
	mu      sync.RWMutex
	m       *fsm.Machine
	index   uint64
	leading bool
	applied chan struct{}
}

var _ Log = (*fakeLog)(nil)

func (l *fakeLog) Read(f func(*fsm.Machine)) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	f(l.m)
}

func (l *fakeLog) Applied() <-chan struct{} {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.applied
}

func (l *fakeLog) Propose(cmd fsm.Command) (fsm.Result, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.index++
	res := l.m.ApplyCommand(l.index, 1, cmd)
	if res.Err == nil && cmd.Type == fsm.CmdAppendBatch {
		close(l.applied)
		l.applied = make(chan struct{})
	}
	return res, res.Err
}

func (l *fakeLog) Leader() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if !l.leading {
		return errNotLeader
	}
	return nil
}

// appendBatch commits a batch of one transfer from account 1.
func (l *fakeLog) appendBatch(t *testing.T) uint64 { return l.appendBatchOf(t, 1) }

// appendBatchOf appends a batch of n transfers.
func (l *fakeLog) appendBatchOf(t *testing.T, n int) uint64 {
	t.Helper()
	var nonce uint64
	l.Read(func(m *fsm.Machine) {
		a, _ := m.Account(1)
		nonce = a.Nonce
	})
	var txs []fsm.Tx
	for i := range n {
		tx := fsm.Tx{Kind: fsm.KindTransfer, From: 1, To: 2, Amount: 1, Nonce: nonce + uint64(i)}
		if err := tx.Sign(fsm.DevKey(seed, 1), fsm.DefaultConfig().ChainID); err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	var res fsm.BuildResult
	l.Read(func(m *fsm.Machine) { res = m.Build(txs, m.Head().Timestamp+1, false) })
	if res.Batch == nil {
		t.Fatal("nothing built")
	}
	r, err := l.Propose(fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch})
	if err != nil {
		t.Fatal(err)
	}
	return r.Batch
}

func (l *fakeLog) batch(b uint64) fsm.BatchRecord {
	var rec fsm.BatchRecord
	l.Read(func(m *fsm.Machine) { rec, _ = m.Batch(b) })
	return rec
}

// stubSystem has two circuit sizes, 1 and 4 slots: a batch of one
// operation goes to the small one.
type stubSystem struct{}

var stubSizes = fsm.Sizes{1, 4}

func (stubSystem) Circuit(rec *fsm.BatchRecord) (string, string, error) {
	n, err := stubSizes.For(rec.Txs)
	return fmt.Sprintf("b%dd8", n), fmt.Sprintf("stub-%d", n), err
}
func (stubSystem) Tags() []string   { return []string{"b1d8", "b4d8"} }
func (stubSystem) Sizes() fsm.Sizes { return stubSizes }
func (stubSystem) JobInput(rec *fsm.BatchRecord, _ *fsm.Witness) ([]byte, error) {
	return fmt.Appendf(nil, `{"batch":%d}`, rec.Header.Number), nil
}
func (stubSystem) VerifyBatch(_ *fsm.BatchRecord, proof []byte) error {
	if string(proof) != "ok" {
		return errors.New("proof does not verify")
	}
	return nil
}
func (stubSystem) SolidityProof([]byte) ([8]*big.Int, error) { return [8]*big.Int{}, nil }

type harness struct {
	t   *testing.T
	ctx context.Context
	log *fakeLog
	q   *queue.Queue
	// jobs and bigJobs are the provers' consumers of the 1-slot and the
	// 4-slot circuit.
	jobs, bigJobs *queue.JobConsumer
	clock         *clock.Manual
	reg           *prometheus.Registry
	d             *Duty
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	srv, err := queue.StartServer(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	qc := queue.DefaultConfig()
	qc.URL = srv.URL()
	q, err := queue.Connect(ctx, qc, "test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	jobs, err := q.Jobs(ctx, "b1d8")
	if err != nil {
		t.Fatal(err)
	}
	bigJobs, err := q.Jobs(ctx, "b4d8")
	if err != nil {
		t.Fatal(err)
	}
	gcfg := fsm.DefaultConfig()
	gcfg.TreeDepth, gcfg.MaxBatchTxs = 8, 4
	m, err := fsm.New(fsm.DevGenesis(gcfg, seed, 3, 1000, 1_700_000_000_000))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, ctx: ctx, log: &fakeLog{m: m, leading: true, applied: make(chan struct{})}, q: q, jobs: jobs, bigJobs: bigJobs,
		clock: clock.NewManual(time.UnixMilli(1_700_000_000_000)), reg: prometheus.NewRegistry()}
	cfg.Queue, cfg.System = q, stubSystem{}
	h.d = New(cfg, Deps{Log: h.log, Metrics: h.reg, Clock: h.clock})
	return h
}

// run starts the duty as a leader would; it stops when the test ends.
func (h *harness) run() {
	ctx, cancel := context.WithCancel(h.ctx)
	done := make(chan struct{})
	go func() { defer close(done); h.d.Run(ctx) }()
	h.t.Cleanup(func() { cancel(); <-done })
}

// nextJob takes the next job a prover of the 1-slot circuit would get.
func (h *harness) nextJob() *queue.Job { return h.nextJobOf(h.jobs) }

// nextJobOf takes the next job of consumer c.
func (h *harness) nextJobOf(c *queue.JobConsumer) *queue.Job {
	h.t.Helper()
	b, err := c.Fetch(h.ctx, 1, 10*time.Second)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, msg := range b {
		_ = msg.Ack()
		j, err := queue.DecodeJob(msg.Data())
		if err != nil {
			h.t.Fatal(err)
		}
		return j
	}
	h.t.Fatal("no job published")
	return nil
}

func (h *harness) prove(b uint64, attempt uint32, proof string) {
	h.proveWith(b, attempt, "stub-1", proof)
}

func (h *harness) proveWith(b uint64, attempt uint32, keyID, proof string) {
	h.t.Helper()
	r := &queue.Result{Batch: b, Attempt: attempt, Prover: "p1", CircuitID: keyID, Proof: []byte(proof)}
	if err := h.q.PublishResult(h.ctx, r); err != nil {
		h.t.Fatal(err)
	}
}

// eventually polls cond on the wall clock (the duty runs on its own
// goroutine).
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	for !cond() {
		select {
		case <-h.ctx.Done():
			h.t.Fatalf("never: %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// TestProvingOffersVerifiesAndRecords: on taking over, the duty offers
// every unproven batch, then each new one; a valid proof is recorded, a
// bad one is counted and its batch offered again as a new attempt.
func TestProvingOffersVerifiesAndRecords(t *testing.T) {
	h := newHarness(t, Config{})
	h.log.appendBatch(t)
	h.log.appendBatch(t)
	h.run()
	for want := uint64(1); want <= 2; want++ {
		if j := h.nextJob(); j.Batch != want || j.Attempt != 1 {
			t.Fatalf("job for batch %d attempt %d, want batch %d attempt 1", j.Batch, j.Attempt, want)
		}
	}
	h.eventually("both jobs recorded", func() bool { return h.log.batch(2).State == fsm.StateProving })

	b3 := h.log.appendBatch(t)
	if j := h.nextJob(); j.Batch != b3 {
		t.Fatalf("job for batch %d, want the new batch %d", j.Batch, b3)
	}

	h.prove(1, 1, "ok")
	h.eventually("batch 1 proven", func() bool { return h.log.batch(1).State == fsm.StateProven })
	if got := h.log.batch(1).Prover; got != "p1" {
		t.Fatalf("proof recorded from %q", got)
	}

	h.prove(2, 1, "forged")
	if j := h.nextJob(); j.Batch != 2 || j.Attempt != 2 {
		t.Fatalf("after a bad proof: job for batch %d attempt %d, want batch 2 attempt 2", j.Batch, j.Attempt)
	}
	if got := testutil.ToFloat64(h.d.m.rejectedBy.WithLabelValues("p1")); got != 1 {
		t.Fatalf("%v bad proofs counted against p1, want 1", got)
	}
	if h.log.batch(2).State >= fsm.StateProven {
		t.Fatal("a bad proof was recorded")
	}
}

// TestProvingRoutesEachBatchToItsCircuit: a batch's job goes to the
// smallest circuit that holds it, under that circuit's tag and key id,
// so only provers with its keys receive it; a proof made with another
// circuit's keys is rejected and the batch offered again.
func TestProvingRoutesEachBatchToItsCircuit(t *testing.T) {
	h := newHarness(t, Config{})
	h.log.appendBatchOf(t, 1)
	h.log.appendBatchOf(t, 3)
	h.run()
	if j := h.nextJobOf(h.jobs); j.Batch != 1 || j.Circuit != "b1d8" || j.CircuitID != "stub-1" {
		t.Fatalf("small circuit's consumer got batch %d for %s/%s, want batch 1 for b1d8/stub-1", j.Batch, j.Circuit, j.CircuitID)
	}
	if j := h.nextJobOf(h.bigJobs); j.Batch != 2 || j.Circuit != "b4d8" || j.CircuitID != "stub-4" {
		t.Fatalf("large circuit's consumer got batch %d for %s/%s, want batch 2 for b4d8/stub-4", j.Batch, j.Circuit, j.CircuitID)
	}
	h.eventually("both jobs recorded", func() bool { return h.log.batch(2).State == fsm.StateProving })

	h.proveWith(2, 1, "stub-1", "ok")
	if j := h.nextJobOf(h.bigJobs); j.Batch != 2 || j.Attempt != 2 {
		t.Fatalf("after a proof with the wrong circuit's keys: batch %d attempt %d, want batch 2 attempt 2", j.Batch, j.Attempt)
	}
	h.proveWith(2, 2, "stub-4", "ok")
	h.eventually("batch 2 proven", func() bool { return h.log.batch(2).State == fsm.StateProven })
	if h.log.batch(1).State >= fsm.StateProven {
		t.Fatal("batch 1 proven without a proof")
	}
}

// TestProvingReoffersAStalledBatchOnTheClock: a batch unproven Reoffer
// after its job went out is offered again as a new attempt, measured on
// the injected clock.
func TestProvingReoffersAStalledBatchOnTheClock(t *testing.T) {
	h := newHarness(t, Config{Sweep: time.Second, Reoffer: time.Minute})
	h.log.appendBatch(t)
	h.run()
	if j := h.nextJob(); j.Attempt != 1 {
		t.Fatalf("first offer is attempt %d", j.Attempt)
	}
	h.eventually("job recorded", func() bool { return h.log.batch(1).Attempt == 1 })
	if !h.clock.BlockUntil(h.ctx, 1) {
		t.Fatal("no sweep ticker")
	}
	h.clock.Advance(59 * time.Second)
	h.clock.Advance(2 * time.Second)
	if j := h.nextJob(); j.Batch != 1 || j.Attempt != 2 {
		t.Fatalf("re-offer is batch %d attempt %d, want 1 and 2", j.Batch, j.Attempt)
	}
	h.eventually("attempt 2 recorded", func() bool { return h.log.batch(1).Attempt == 2 })
}

// TestReofferRules: the watchdog's request offers a new attempt only to a
// leader, only for the latest attempt of an unproven batch; repeats
// change nothing.
func TestReofferRules(t *testing.T) {
	h := newHarness(t, Config{})
	h.log.appendBatch(t)
	h.log.appendBatch(t)

	h.log.leading = false
	if _, err := h.d.Reoffer(h.ctx, 1, 0); !errors.Is(err, errNotLeader) {
		t.Fatalf("a follower reoffered: %v", err)
	}
	h.log.leading = true
	if _, err := h.d.Reoffer(h.ctx, 9, 0); !errors.Is(err, fsm.ErrUnknownBatch) {
		t.Fatalf("unknown batch: %v", err)
	}

	got, err := h.d.Reoffer(h.ctx, 1, 0)
	if err != nil || got.Attempt != 1 {
		t.Fatalf("first reoffer: %+v, %v; want attempt 1", got, err)
	}
	if j := h.nextJob(); j.Batch != 1 || j.Attempt != 1 {
		t.Fatalf("job %d/%d", j.Batch, j.Attempt)
	}
	// A repeat naming the attempt that is no longer the latest does nothing.
	if got, err := h.d.Reoffer(h.ctx, 1, 0); err != nil || got.Attempt != 1 {
		t.Fatalf("repeat: %+v, %v", got, err)
	}
	// The watchdog saw attempt 3 voided, ahead of the log (its record
	// failed): the new attempt goes past it.
	if got, err := h.d.Reoffer(h.ctx, 1, 3); err != nil || got.Attempt != 4 {
		t.Fatalf("past a voided attempt: %+v, %v; want attempt 4", got, err)
	}

	if _, err := h.log.Propose(fsm.Command{Type: fsm.CmdRecordProof, Number: 2, Prover: "p1", Proof: []byte("ok")}); err != nil {
		t.Fatal(err)
	}
	if got, err := h.d.Reoffer(h.ctx, 2, 0); err != nil || !got.Proven {
		t.Fatalf("proven batch: %+v, %v", got, err)
	}
	if got := testutil.ToFloat64(h.d.m.reoffered); got != 2 {
		t.Fatalf("%v reoffers counted, want 2", got)
	}
}
