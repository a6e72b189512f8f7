package sequencer

import (
	"context"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
)

// The datadriven scripts take the batcher one turn at a time; these run
// its real loop on a goroutine, on the manual clock, to check the waits
// between turns: timers, arrivals and leadership.

type runHarness struct {
	t     *testing.T
	clock *clock.Manual
	pool  *Mempool
	rep   *fakeReplica
	b     *Batcher
	ctx   context.Context
	done  chan struct{}
}

func startRun(t *testing.T, bc BatcherConfig) *runHarness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	h := &runHarness{t: t, clock: clock.NewManual(epoch), pool: NewMempool(MempoolConfig{MaxTxs: 100, MaxBytes: 1 << 20, MaxDeferrals: 2}),
		rep: newFakeReplica(testChain(t, 4, 1000, 16)), ctx: ctx, done: make(chan struct{})}
	h.b = NewBatcher(bc, h.pool, h.rep, &rejections{}, h.clock, nil)
	go func() { defer close(h.done); h.b.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-h.done })
	return h
}

func (h *runHarness) add(tx fsm.Tx) {
	h.t.Helper()
	if _, err := h.pool.Add(tx, fsm.SigVerified{}, h.clock.Now()); err != nil {
		h.t.Fatal(err)
	}
}

// waitArmed waits until the batcher has armed its timer (it is waiting).
func (h *runHarness) waitArmed() {
	h.t.Helper()
	if !h.clock.BlockUntil(h.ctx, 1) {
		h.t.Fatal("the batcher never started waiting")
	}
}

func (h *runHarness) nextBatch() *fsm.Batch {
	h.t.Helper()
	select {
	case b := <-h.rep.appendedCh:
		return b
	case <-h.ctx.Done():
		h.t.Fatal("no batch proposed")
		return nil
	}
}

func TestRunClosesABatchWhenTheIntervalPasses(t *testing.T) {
	h := startRun(t, BatcherConfig{MaxTxs: 4, MaxBytes: 1 << 20, Interval: 100 * time.Millisecond})
	h.add(transfer(t, h.rep.m, 1, 2, 1, 0, 0))
	h.waitArmed()
	h.clock.Advance(99 * time.Millisecond)
	if h.clock.Waiters() != 1 {
		t.Fatal("the batcher stopped waiting before the interval passed")
	}
	h.clock.Advance(time.Millisecond)
	b := h.nextBatch()
	if b.Header.TxCount != 1 || b.Header.Timestamp != epoch.Add(100*time.Millisecond).UnixMilli() {
		t.Fatalf("batch of %d at %d, want 1 at t=100ms", b.Header.TxCount, b.Header.Timestamp)
	}
}

func TestRunClosesAFullBatchAtOnce(t *testing.T) {
	h := startRun(t, BatcherConfig{MaxTxs: 3, MaxBytes: 1 << 20, Interval: time.Hour})
	for i := range uint32(3) {
		h.add(transfer(t, h.rep.m, 1+i, 1+(i+1)%3, 1, 0, 0))
	}
	// No time passes: the size trigger alone closes the batch.
	if b := h.nextBatch(); b.Header.TxCount != 3 || b.Header.Timestamp != epoch.UnixMilli() {
		t.Fatalf("batch of %d at %d, want 3 at t=0", b.Header.TxCount, b.Header.Timestamp)
	}
}

func TestRunStopsWhenLeadershipIsLostMidBatch(t *testing.T) {
	h := startRun(t, BatcherConfig{MaxTxs: 2, MaxBytes: 1 << 20, Interval: time.Hour})
	h.rep.mu.Lock()
	h.rep.failAppends = 1
	h.rep.mu.Unlock()
	h.add(transfer(t, h.rep.m, 1, 2, 1, 0, 0))
	h.add(transfer(t, h.rep.m, 2, 3, 1, 0, 0))
	select {
	case <-h.done:
	case <-h.ctx.Done():
		t.Fatal("the batcher kept running after leadership was lost")
	}
	if n, _, _ := h.pool.Stats(); n != 2 {
		t.Fatalf("%d pending after the failed proposal, want both kept for the hand-over", n)
	}
}

func TestRunWaitsOutANonceGapUntilABatchApplies(t *testing.T) {
	h := startRun(t, BatcherConfig{MaxTxs: 4, MaxBytes: 1 << 20, Interval: 100 * time.Millisecond})
	h.add(transfer(t, h.rep.m, 1, 2, 1, 0, 1)) // nonce 0 missing
	h.waitArmed()
	h.clock.Advance(100 * time.Millisecond)
	// Stuck: it waits for an arrival, a new batch, or the interval again.
	h.waitArmed()
	h.add(transfer(t, h.rep.m, 1, 2, 1, 0, 0))
	if b := h.nextBatch(); b.Txs[0].Nonce != 0 {
		t.Fatalf("first batch starts with nonce %d", b.Txs[0].Nonce)
	}
	// Built on that batch, the deferred transfer fits now.
	if b := h.nextBatch(); b.Txs[0].Nonce != 1 {
		t.Fatalf("second batch starts with nonce %d", b.Txs[0].Nonce)
	}
}
