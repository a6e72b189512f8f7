package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/sequencer"
	"github.com/baton-rollup/baton/wire"
)

// ingress takes transactions in at any replica: it checks what every
// replica can check (format, nonce window, signature), then puts them into
// the leader's mempool, its own if it leads, forwarded otherwise, and
// waits for their outcome.
type ingress struct {
	log          *slog.Logger
	raft         *raft.Raft
	rep          *replica
	mempool      *sequencer.Mempool
	waiters      *waiters
	rejects      *fifoMap[string] // why recent transactions were rejected
	sigs         *sigCache
	metrics      *Metrics
	peers        *peers
	leaderEvents *broadcaster
	// reads gates TxStatus by its consistency.
	reads *reads
	// verifySlots bounds concurrent signature checks at the API. Without
	// it, a burst of requests makes thousands of goroutines runnable at
	// once, each with 0.2 ms of curve arithmetic, and Raft's own goroutines
	// wait behind them long enough to miss heartbeats and lose leadership.
	verifySlots chan struct{}
	nonceWindow uint64
	waitTimeout time.Duration
	// forwardTimeout bounds one forward attempt (Config.ForwardTimeout).
	forwardTimeout time.Duration
	// backlog bounds the batches sequenced but not yet proven.
	backlog *backlog
	// settling: priority operations come from the L1 contract, not the
	// admin API.
	settling bool
	// clock stamps arrivals: the batcher's interval trigger measures
	// their age on the same clock.
	clock clock.Clock
}

var _ httpapi.Ingress = (*ingress)(nil)

func (in *ingress) isLeader() bool { return in.raft.State() == raft.Leader }

// Submit checks a transaction (format, nonce window, signature) and hands it
// to the leader: into its own mempool if it leads, else forwarded. With wait
// it returns once the transaction is sequenced or rejected.
func (in *ingress) Submit(ctx context.Context, tx fsm.Tx, wait bool) (res wire.SubmitResult, err error) {
	defer func() { res = in.withIndex(res, err) }()
	h := tx.Hash()
	if tx.Kind.IsPriority() {
		return wire.SubmitResult{}, fmt.Errorf("%w: %s comes from L1's priority queue, not the API", fsm.ErrMalformed, tx.Kind)
	}
	if loc, ok := in.rep.location(h); ok {
		return sequenced(h, loc.Batch), nil
	}
	// Before the signature check: refusing is cheap, verifying is not.
	if err := in.checkBacklog(); err != nil {
		in.metrics.refusedAtBound()
		return wire.SubmitResult{}, err
	}
	sig, err := in.admit(&tx)
	if errors.Is(err, fsm.ErrNonceTooLow) {
		// The nonce may have been used by this very transaction, applied
		// between the lookup above and the nonce check.
		if loc, ok := in.rep.location(h); ok {
			return sequenced(h, loc.Batch), nil
		}
	}
	if err != nil {
		in.metrics.txsRejected.WithLabelValues(reasonLabel(err)).Inc()
		return wire.SubmitResult{}, err
	}
	in.metrics.txsAdmitted.WithLabelValues(tx.Kind.String()).Inc()
	if in.isLeader() {
		return in.enqueue(ctx, tx, sig, wait)
	}
	in.metrics.forwarded.Inc()
	return in.forwardAndWait(ctx, tx, sig, wait)
}

// checkBacklog refuses new work while the unproven backlog is at its
// bound. Each replica reads it from its own log, which every replica
// applies alike, so a follower refuses without asking the leader.
func (in *ingress) checkBacklog() error {
	var n, w uint64
	in.rep.read(func(m *fsm.Machine) { n, w = unprovenBatches(m), m.UnprovenWitnessBytes() })
	return in.backlog.check(n, w)
}

// withIndex fills in a sequenced answer's log index from this replica's
// log when the path that produced it did not know it (a forwarded answer
// from the leader carries the leader's).
func (in *ingress) withIndex(res wire.SubmitResult, err error) wire.SubmitResult {
	if err != nil || res.Status != "sequenced" || res.Index != 0 {
		return res
	}
	in.rep.read(func(m *fsm.Machine) {
		if rec, ok := m.Batch(res.Batch); ok {
			res.Index = rec.RaftIndex
		}
	})
	return res
}

func sequenced(h fsm.TxHash, batch uint64) wire.SubmitResult {
	return wire.SubmitResult{Hash: h, Status: "sequenced", Batch: batch}
}

// admit runs the stateless and state-dependent checks every replica can do,
// so signature verification is spread over the cluster. It returns the
// evidence of the signature check, which spares the leader's builder a
// second check.
func (in *ingress) admit(tx *fsm.Tx) (fsm.SigVerified, error) {
	var (
		acct  fsm.Account
		ok    bool
		chain uint64
	)
	in.rep.read(func(m *fsm.Machine) {
		acct, ok = m.Account(tx.From)
		chain = m.Config().ChainID
	})
	if !ok {
		return fsm.SigVerified{}, fmt.Errorf("%w: sender %d", fsm.ErrUnknownAccount, tx.From)
	}
	if tx.Nonce < acct.Nonce {
		return fsm.SigVerified{}, fmt.Errorf("%w: nonce %d, account is at %d", fsm.ErrNonceTooLow, tx.Nonce, acct.Nonce)
	}
	if tx.Nonce >= acct.Nonce+in.nonceWindow {
		return fsm.SigVerified{}, fmt.Errorf("%w: nonce %d is beyond the window [%d, %d)", fsm.ErrNonceTooHigh, tx.Nonce, acct.Nonce, acct.Nonce+in.nonceWindow)
	}
	in.verifySlots <- struct{}{}
	sig, err := acct.Verify(tx, chain)
	<-in.verifySlots
	if err != nil {
		return sig, fmt.Errorf("account %d: %w", tx.From, err)
	}
	in.sigs.add(tx.Hash(), sig)
	return sig, nil
}

// enqueue adds to this leader's mempool and optionally waits. sig is
// evidence that this process verified the signature (zero if it did not).
func (in *ingress) enqueue(ctx context.Context, tx fsm.Tx, sig fsm.SigVerified, wait bool) (wire.SubmitResult, error) {
	h := tx.Hash()
	var ch chan txOutcome
	if wait {
		ch = in.waiters.add(h)
		defer in.waiters.remove(h, ch)
	}
	if err := in.add(tx, sig); err != nil {
		return wire.SubmitResult{}, err
	}
	if !in.isLeader() {
		// Leadership went between the caller's check and Add, and the
		// hand-over may already have drained the mempool: take the
		// transaction back and forward it like any other.
		in.mempool.Remove(h)
		if ch != nil {
			in.waiters.remove(h, ch)
		}
		return in.forwardAndWait(ctx, tx, sig, wait)
	}
	if !wait {
		return wire.SubmitResult{Hash: h, Status: "pending"}, nil
	}
	return in.wait(ctx, h, ch)
}

// add puts tx into this leader's mempool. An API transaction must also
// fit the room the unproven backlog leaves, pending ones counted as the
// batches they will make; L1's priority operations are never refused.
func (in *ingress) add(tx fsm.Tx, sig fsm.SigVerified) error {
	room := -1
	if !tx.Kind.IsPriority() {
		var n, w uint64
		in.rep.read(func(m *fsm.Machine) { n, w = unprovenBatches(m), m.UnprovenWitnessBytes() })
		room = in.backlog.room(n, w)
	}
	_, err := in.mempool.AddWithin(tx, sig, in.clock.Now(), room)
	if errors.Is(err, wire.ErrBacklogFull) {
		in.metrics.refusedAtBound()
	}
	return err
}

func (in *ingress) wait(ctx context.Context, h fsm.TxHash, ch chan txOutcome) (wire.SubmitResult, error) {
	// The transaction may have been sequenced before the waiter existed.
	if loc, ok := in.rep.location(h); ok {
		return sequenced(h, loc.Batch), nil
	}
	t := time.NewTimer(in.waitTimeout)
	defer t.Stop()
	select {
	case o := <-ch:
		if o.err != nil {
			return wire.SubmitResult{}, o.err
		}
		return sequenced(h, o.loc.Batch), nil
	case <-t.C:
		return wire.SubmitResult{}, wire.ErrWaitTimeout
	case <-ctx.Done():
		return wire.SubmitResult{}, ctx.Err()
	}
}

// Forwarded is the leader's side of forwarding. The sending replica
// already checked format and signature, which kept junk off the leader; the
// batch builder verifies the signature once more, because the leader's own
// Apply reuses the builder's execution and must check exactly what every
// follower's Apply checks.
func (in *ingress) Forwarded(ctx context.Context, tx fsm.Tx, wait bool) (res wire.SubmitResult, err error) {
	defer func() { res = in.withIndex(res, err) }()
	if !in.isLeader() {
		return wire.SubmitResult{}, raft.ErrNotLeader
	}
	h := tx.Hash()
	if loc, ok := in.rep.location(h); ok {
		return sequenced(h, loc.Batch), nil
	}
	return in.enqueue(ctx, tx, fsm.SigVerified{}, wait)
}

// Priority accepts an L1 priority operation (deposit or forced exit) on a
// cluster without L1 settlement (tests, a sequencer-only devnet); with it,
// the leader feeds them from the contract's events. Same validation as any
// operation; queue order is enforced by the batch.
func (in *ingress) Priority(ctx context.Context, tx fsm.Tx, wait bool) (res wire.SubmitResult, err error) {
	defer func() { res = in.withIndex(res, err) }()
	if !tx.Kind.IsPriority() {
		return wire.SubmitResult{}, fmt.Errorf("%w: %s is not a priority operation", fsm.ErrMalformed, tx.Kind)
	}
	if in.settling {
		// The contract's queue is the only source then: an entry it does
		// not hold would make every later commit revert.
		return wire.SubmitResult{}, fmt.Errorf("%w: priority operations come from the L1 contract's queue", fsm.ErrMalformed)
	}
	var (
		next  uint64
		depth int
	)
	in.rep.read(func(m *fsm.Machine) { next, depth = m.NextPriority(), m.Config().TreeDepth })
	// The fsm would consume an exit naming an index beyond the tree as a
	// no-op, but the circuit cannot show why; the L1 contract refuses such
	// requests when they are queued, and so does this stand-in for it.
	if tx.Kind == fsm.KindForcedExit && uint64(tx.From) >= uint64(1)<<depth {
		return wire.SubmitResult{}, fmt.Errorf("%w: account %d is beyond the tree (depth %d)", fsm.ErrMalformed, tx.From, depth)
	}
	if tx.QueueIndex < next {
		return wire.SubmitResult{}, fmt.Errorf("%w: queue index %d already consumed (next is %d)", fsm.ErrPriorityOrder, tx.QueueIndex, next)
	}
	if in.isLeader() {
		return in.enqueue(ctx, tx, fsm.SigVerified{}, wait)
	}
	// The same path as forwarded transactions: retried while no leader
	// is reachable, answered from this replica's log if need be.
	return in.forwardAndWait(ctx, tx, fsm.SigVerified{}, wait)
}

// TxStatus reports what the cluster knows of a transaction at o's
// consistency. Linearizable: after the read index is applied here, this
// replica's log; else the leader's own answer (pending and rejected ones
// are known only there); else it is truly unknown. Stale: this replica's
// log, mempool and rejections as they are, and a miss is "not_seen", since
// a stale replica cannot prove absence.
func (in *ingress) TxStatus(ctx context.Context, h fsm.TxHash, o wire.ReadOptions) (wire.TxStatus, bool, error) {
	meta, remote, err := in.reads.await(ctx, o, &h)
	if err != nil {
		return wire.TxStatus{Hash: h}, false, err
	}
	st, found := in.txStatus(h)
	if remote != nil && (!found || st.Batch == 0) {
		// Not in this replica's log at the read index: the leader's
		// mempool and rejections decide, not this replica's leftovers.
		st, found = *remote, true
	}
	if !found {
		st.Status = "unknown"
		if meta.Consistency == wire.Stale {
			st.Status = "not_seen"
		}
	}
	st.Read = &meta
	return st, found, nil
}

// txStatus is what this replica's own log, mempool and rejections say.
func (in *ingress) txStatus(h fsm.TxHash) (wire.TxStatus, bool) {
	st := wire.TxStatus{Hash: h}
	found := false
	in.rep.read(func(m *fsm.Machine) {
		loc, ok := m.TxLocation(h)
		if !ok {
			return
		}
		rec, _ := m.Batch(loc.Batch)
		st.Status, st.Batch, st.Index, found = rec.State.String(), loc.Batch, rec.RaftIndex, true
		st.PostedRef, st.FinalizedRef = rec.PostedRef, rec.FinalizedRef
		if int(loc.Pos) < len(rec.Receipts) {
			rc := rec.Receipts[loc.Pos]
			st.Receipt = &rc
		}
	})
	switch {
	case found:
		if bt, ok := in.rep.stages.get(st.Batch); ok {
			st.Journey = &bt
		}
	case in.mempool.Has(h):
		st.Status, found = "pending", true
	default:
		if reason, ok := in.rejects.get(h); ok {
			st.Status, st.Reason, found = "rejected", reason, true
		}
	}
	return st, found
}
