package sequencer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
)

// ErrNotLeader is what Replica.Append wraps when the proposal failed
// because this replica no longer leads (or is shutting down): the batcher
// stops, and what it left pending goes to the next leader.
var ErrNotLeader = errors.New("not the leader")

// Replica is what the batcher needs of the replica it runs on.
type Replica interface {
	// Build executes txs, in order, against a copy of the head state and
	// says what a batch would include, reject and defer; height is the
	// head it built on. checked[i], when not zero, is evidence that this
	// process verified candidate i's signature.
	Build(txs []fsm.Tx, checked []fsm.SigVerified, timestampMs int64, allowEmpty bool) (res fsm.BuildResult, height uint64)
	// Append proposes the built batch through consensus and returns its
	// typed result once applied: an error wrapping ErrNotLeader when
	// leadership is gone, res.Err when it was committed but rejected.
	Append(res fsm.BuildResult) (fsm.Result, error)
	// Applied returns a channel closed when the next batch is applied.
	Applied() <-chan struct{}
	// Leading reports whether this replica leads now.
	Leading() bool
}

// Rejecter hears of each operation the batcher dropped for good (it has
// left the mempool by then): its client is owed the reason.
type Rejecter interface {
	Rejected(h fsm.TxHash, err error)
}

// Batcher closes batches from the mempool with the hybrid trigger: as soon
// as MaxTxs or MaxBytes is pending, or when the oldest pending operation
// has waited Interval. One batch is in flight at a time: the next one is
// built on the state this one produces. It lives as long as the replica
// (its fault hook with it); Run runs it for one leadership.
type Batcher struct {
	cfg   BatcherConfig
	pool  *Mempool
	rep   Replica
	rej   Rejecter
	clock clock.Clock
	log   *slog.Logger

	// frozen pauses the batcher while Raft stays healthy: a fault hook for
	// tests of a leader that is alive but not making progress.
	frozen atomic.Bool
	// idleSince is when the batcher last found nothing pending: with
	// AllowEmpty, an empty batch is due Interval after it. Only Run's
	// goroutine touches it.
	idleSince time.Time
	// fresh: no batch built yet in this leadership (for FlushOnStart).
	// Only Run's goroutine touches it.
	fresh bool
}

// NewBatcher returns a batcher over pool that builds on and proposes
// through rep. A nil clock is the wall clock.
func NewBatcher(cfg BatcherConfig, pool *Mempool, rep Replica, rej Rejecter, clk clock.Clock, log *slog.Logger) *Batcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Batcher{cfg: cfg, pool: pool, rep: rep, rej: rej, clock: clock.Or(clk), log: log}
}

// SetFrozen pauses or resumes batching (a fault hook: Raft stays healthy).
func (b *Batcher) SetFrozen(v bool) { b.frozen.Store(v) }

// Frozen reports the fault hook.
func (b *Batcher) Frozen() bool { return b.frozen.Load() }

// trigger is the hybrid trigger's verdict at one moment.
type trigger struct {
	fire bool
	// why names the rule: "size", "bytes", "interval" or "empty" (what
	// fired, or what is being waited for), "frozen", or "idle" (nothing
	// pending: wait for an arrival).
	why string
	// wait is how long until it fires (or looks again, when frozen);
	// meaningless when idle.
	wait time.Duration
}

// trigger decides at now whether a batch closes.
func (b *Batcher) trigger(now time.Time) trigger {
	count, bytes, oldest := b.pool.Stats()
	if count > 0 {
		b.idleSince = time.Time{}
	}
	switch {
	case b.frozen.Load():
		return trigger{why: "frozen", wait: b.cfg.Interval}
	case count >= b.cfg.MaxTxs:
		return trigger{fire: true, why: "size"}
	case bytes >= b.cfg.MaxBytes:
		return trigger{fire: true, why: "bytes"}
	case count > 0 && b.fresh && b.cfg.FlushOnStart:
		return trigger{fire: true, why: "term start"}
	case count > 0:
		if age := now.Sub(oldest); age < b.cfg.Interval {
			return trigger{why: "interval", wait: b.cfg.Interval - age}
		}
		return trigger{fire: true, why: "interval"}
	case b.cfg.AllowEmpty:
		if b.idleSince.IsZero() {
			b.idleSince = now
		}
		if age := now.Sub(b.idleSince); age < b.cfg.Interval {
			return trigger{why: "empty", wait: b.cfg.Interval - age}
		}
		return trigger{fire: true, why: "empty"}
	}
	return trigger{why: "idle"}
}

// outcome is what one turn of the loop did.
type outcome int

const (
	waiting outcome = iota // the trigger has not fired
	built                  // a batch was proposed and committed
	stuck                  // everything pending waits on something else
	failed                 // the proposal failed for a reason other than leadership
	stopped                // leadership is gone (or ctx ended): Run returns
)

// turn is one turn of the batcher loop.
type turn struct {
	outcome outcome
	trigger trigger
	// applied, when stuck, is closed at the next applied batch: taken
	// before building, so one applied meanwhile is not missed.
	applied <-chan struct{}
	err     error
}

// step decides by the trigger at the clock's now, and builds and proposes
// one batch if it fires.
func (b *Batcher) step(ctx context.Context) turn {
	tr := b.trigger(b.clock.Now())
	if !tr.fire {
		return turn{outcome: waiting, trigger: tr}
	}
	if ctx.Err() != nil || !b.rep.Leading() {
		return turn{outcome: stopped, trigger: tr}
	}
	b.idleSince = time.Time{}
	applied := b.rep.Applied()
	ok, err := b.once()
	switch {
	case errors.Is(err, ErrNotLeader):
		return turn{outcome: stopped, trigger: tr, err: err}
	case err != nil:
		return turn{outcome: failed, trigger: tr, err: err}
	case !ok:
		return turn{outcome: stuck, trigger: tr, applied: applied}
	}
	b.fresh = false
	return turn{outcome: built, trigger: tr}
}

// Run batches until leadership is lost or ctx ends. What is pending when
// it returns stays in the mempool, for the hand-over.
func (b *Batcher) Run(ctx context.Context) {
	b.startTerm()
	timer := b.clock.NewTimer(b.cfg.Interval)
	defer timer.Stop()
	for {
		t := b.step(ctx)
		var (
			arrival = b.pool.Arrival()
			applied <-chan struct{}
			wake    <-chan time.Time
		)
		switch t.outcome {
		case stopped:
			return
		case built:
			continue
		case waiting:
			if t.trigger.why != "idle" {
				timer.Reset(t.trigger.wait)
				wake = timer.C()
			}
		case failed:
			b.log.Warn("batch", "err", t.err)
			arrival = nil // a pause, whatever arrives
			timer.Reset(50 * time.Millisecond)
			wake = timer.C()
		case stuck:
			// Building again before anything changes would spin on the
			// same result.
			applied = t.applied
			timer.Reset(b.cfg.Interval)
			wake = timer.C()
		}
		select {
		case <-ctx.Done():
			return
		case <-arrival:
		case <-applied:
		case <-wake:
		}
		timer.Stop()
	}
}

// startTerm marks the start of a leadership: its first batch is the one
// FlushOnStart closes early.
func (b *Batcher) startTerm() { b.fresh = true }

// once builds one batch from the mempool, proposes it and settles its
// operations. ok is false when nothing could go into a batch.
func (b *Batcher) once() (ok bool, err error) {
	cands, hashes, checked := b.pool.Candidates(b.cfg.MaxTxs, b.cfg.MaxBytes)
	res, height := b.rep.Build(cands, checked, b.clock.Now().UnixMilli(), b.cfg.AllowEmpty)
	for _, r := range res.Rejected {
		b.reject(hashes[r.Pos], r.Err)
	}
	for _, i := range res.Deferred {
		if b.pool.Defer(hashes[i], height) {
			b.reject(hashes[i], ErrNonceGap)
		}
	}
	if res.Batch == nil {
		return false, nil
	}
	r, err := b.rep.Append(res)
	if err != nil {
		// Not committed, or committed and rejected: the operations stay
		// pending either way and are retried (or handed over on
		// step-down).
		return true, fmt.Errorf("append batch: %w", err)
	}
	included := make([]fsm.TxHash, len(res.Included))
	for i, pos := range res.Included {
		included[i] = hashes[pos]
	}
	b.pool.Remove(included...)
	b.log.Debug("batch committed", "batch", r.Batch, "txs", len(included))
	return true, nil
}

func (b *Batcher) reject(h fsm.TxHash, err error) {
	b.pool.Remove(h)
	b.rej.Rejected(h, err)
}
