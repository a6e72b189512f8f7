package cluster

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
	"github.com/hashicorp/raft"
)

// runDuties starts and stops the leader's duties as leadership comes and
// goes. Leadership is a state to re-check, not an event to trust: raft's
// notifications can be dropped, so the loop reads raft.State() on every
// observation and on a short tick, and acts on the difference between what
// Raft says and what is running.
func (n *Node) runDuties(ctx context.Context) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var (
		dutyCancel context.CancelFunc
		dutyDone   chan struct{}
		lastLeader raft.ServerID
		lastTerm   uint64
	)
	stop := func() {
		if dutyCancel != nil {
			dutyCancel()
			<-dutyDone
			dutyCancel, dutyDone = nil, nil
			n.handOver()
		}
	}
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.obsCh:
		case <-tick.C:
		}
		// A new leadership is a known leader in a new term, even when the
		// same replica wins again.
		_, leaderID := n.raft.LeaderWithID()
		if term := n.raft.CurrentTerm(); leaderID != "" && (leaderID != lastLeader || term != lastTerm) {
			n.metrics.leaderChanges.Inc()
			lastLeader, lastTerm = leaderID, term
			n.leaderEvents.notify()
		}
		leader := n.raft.State() == raft.Leader
		running := dutyCancel != nil
		if running {
			select {
			case <-dutyDone:
				// The duties ended by themselves (they saw leadership go).
				dutyCancel()
				dutyCancel, dutyDone = nil, nil
				n.handOver()
				running = false
			default:
			}
		}
		switch {
		case leader && !running:
			// Gained leadership (or duties ended while still leader): catch
			// the fsm up to everything committed before acting on it.
			// Bounded: a barrier queued as Raft shuts down is never
			// answered, and Close waits for this loop.
			if err := n.waitFuture(ctx, n.raft.Barrier(n.cfg.Raft.ApplyTimeout), "barrier not done"); err != nil {
				n.log.Warn("barrier after gaining leadership", "err", err)
				continue
			}
			n.log.Info("leader duties start", "term", n.raft.CurrentTerm())
			dctx, cancel := context.WithCancel(ctx)
			dutyCancel, dutyDone = cancel, make(chan struct{})
			go func(done chan struct{}) {
				defer close(done)
				n.leaderDuties(dctx)
			}(dutyDone)
			n.leaderEvents.notify()
		case !leader && running:
			// Lost leadership: stop at once; another replica may already
			// be proposing.
			n.log.Info("leader duties stop", "state", n.raft.State().String())
			stop()
		}
	}
}

// leaderDuties runs while this replica leads: register its API address so
// followers can forward, then batch until leadership is lost.
func (n *Node) leaderDuties(ctx context.Context) {
	var addr string
	n.rep.read(func(m *fsm.Machine) { addr = m.Members()[n.cfg.ID] })
	if addr != n.apiAddr {
		cmd := fsm.Command{Type: fsm.CmdSetMember, Member: n.cfg.ID, Addr: n.apiAddr}
		if _, err := n.propose(cmd.Encode()); err != nil {
			n.log.Warn("register api address", "err", err)
			return
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { n.runProving(ctx) })
	wg.Go(func() { n.runSettlement(ctx) })
	n.runBatcher(ctx)
	wg.Wait()
}

// handOver forwards what this replica still holds as pending (priority
// operations included) to the new leader, so clients waiting here are not
// stranded by a leader change. Right after a step-down no leader is known
// yet: each forward retries, within WaitTimeout, until one is (or this
// replica leads again and takes it back). Clients still waiting here hear
// from this replica's own log; only a transaction that could not be handed
// over at all is answered with the error.
func (n *Node) handOver() {
	txs := n.mempool.Drain()
	if len(txs) == 0 {
		return
	}
	if n.raft.State() == raft.Shutdown {
		for _, tx := range txs {
			n.waiters.done(tx.Hash(), txOutcome{err: wire.ErrNoLeader})
		}
		return
	}
	n.log.Info("handing pending transactions to the new leader", "count", len(txs))
	// In parallel, a bounded number at a time: they all wait for the same
	// new leader, and one by one they would take that wait each. Close
	// cancels what is still waiting.
	slots := make(chan struct{}, 64)
	for _, tx := range txs {
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			select {
			case slots <- struct{}{}:
			case <-n.ctx.Done():
				n.waiters.done(tx.Hash(), txOutcome{err: wire.ErrNoLeader})
				return
			}
			defer func() { <-slots }()
			if _, err := n.ingress.forwardAndWait(n.ctx, tx, fsm.SigVerified{}, false); err != nil {
				n.waiters.done(tx.Hash(), txOutcome{err: err})
			}
		}()
	}
}

// propose applies a command through Raft and reads both the future's error
// and the fsm's typed result: an apply can fail in either place.
func (n *Node) propose(cmd []byte) (fsm.Result, error) {
	start := time.Now()
	f := n.raft.Apply(cmd, n.cfg.Raft.ApplyTimeout)
	if err := f.Error(); err != nil {
		return fsm.Result{}, err
	}
	n.metrics.proposeLatency.Observe(time.Since(start).Seconds())
	res, ok := f.Response().(fsm.Result)
	if !ok {
		return fsm.Result{}, errors.New("raft apply returned no fsm result")
	}
	return res, res.Err
}

// runBatcher closes batches with the hybrid trigger: as soon as MaxTxs or
// MaxBytes is pending, or when the oldest pending operation has waited
// Interval. One batch is in flight at a time: the next one is built on the
// state this one produces.
func (n *Node) runBatcher(ctx context.Context) {
	bc := n.cfg.Batcher
	timer := time.NewTimer(bc.Interval)
	defer timer.Stop()
	for {
		count, bytes, oldest := n.mempool.Stats()
		var (
			wait time.Duration // how long until the trigger fires
			idle bool          // nothing to do until something arrives
		)
		switch {
		case n.isFrozen():
			wait = bc.Interval
		case count >= bc.MaxTxs || bytes >= bc.MaxBytes:
			wait = 0
		case count > 0:
			wait = max(0, bc.Interval-time.Since(oldest))
		case bc.AllowEmpty:
			wait = bc.Interval
		default:
			idle = true
		}
		if idle || wait > 0 {
			if !idle {
				timer.Reset(wait)
			}
			select {
			case <-ctx.Done():
				return
			case <-n.mempool.Arrival():
				timer.Stop()
				continue
			case <-timer.C:
				if count == 0 && !bc.AllowEmpty || n.isFrozen() {
					continue
				}
			}
		}
		if ctx.Err() != nil || n.raft.State() != raft.Leader {
			return
		}
		built, err := n.batchOnce()
		switch {
		case errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrLeadershipLost) || errors.Is(err, raft.ErrRaftShutdown):
			return
		case err != nil:
			n.log.Warn("batch", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		case !built:
			// Everything pending waits for something else (an earlier
			// nonce, a priority operation past a gap): building again
			// before anything changes would spin on the same result.
			applied := n.rep.applied.wait()
			select {
			case <-ctx.Done():
				return
			case <-n.mempool.Arrival():
			case <-applied:
			case <-time.After(bc.Interval):
			}
		}
	}
}

// batchOnce builds one batch from the mempool, proposes it and settles its
// transactions. built is false when nothing could go into a batch.
func (n *Node) batchOnce() (built bool, err error) {
	bc := n.cfg.Batcher
	cands, hashes, checked := n.mempool.Candidates(bc.MaxTxs, bc.MaxBytes)
	// Forwarded transactions were checked by another replica's API, not
	// this one's: check them on every core before the one-goroutine build.
	checked = n.rep.verifyAhead(cands, checked)
	var (
		res    fsm.BuildResult
		height uint64
	)
	n.rep.read(func(m *fsm.Machine) {
		height = m.Head().Number
		res = m.BuildChecked(cands, checked, time.Now().UnixMilli(), bc.AllowEmpty)
	})
	for _, r := range res.Rejected {
		n.reject(hashes[r.Pos], r.Err)
	}
	for _, i := range res.Deferred {
		if n.mempool.Defer(hashes[i], height) {
			n.reject(hashes[i], ErrNonceGap)
		}
	}
	if res.Batch == nil {
		return false, nil
	}
	n.rep.mu.Lock()
	n.rep.m.Adopt(res)
	n.rep.mu.Unlock()
	n.metrics.batchSize.Observe(float64(len(res.Batch.Txs)))
	cmd := fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}
	r, err := n.propose(cmd.Encode())
	if err != nil {
		// Not committed, or committed and rejected: the transactions stay
		// pending either way and are retried (or re-forwarded on step-down).
		return true, err
	}
	included := make([]fsm.TxHash, len(res.Included))
	for i, pos := range res.Included {
		included[i] = hashes[pos]
	}
	n.mempool.Remove(included...)
	n.log.Debug("batch committed", "batch", r.Batch, "txs", len(included))
	return true, nil
}

func (n *Node) reject(h fsm.TxHash, err error) {
	n.mempool.Remove(h)
	if loc, ok := n.rep.location(h); ok && errors.Is(err, fsm.ErrNonceTooLow) {
		// A resubmission of a transaction already in the log (a client that
		// retried across a leader change): it is sequenced, not rejected.
		n.waiters.done(h, txOutcome{loc: loc})
		return
	}
	n.rejects.put(h, err.Error())
	n.metrics.txsRejected.WithLabelValues(reasonLabel(err)).Inc()
	n.waiters.done(h, txOutcome{err: err})
}

// reasonLabel maps an error to a bounded metric label.
func reasonLabel(err error) string {
	for _, e := range []error{fsm.ErrNonceTooLow, fsm.ErrNonceTooHigh, fsm.ErrInsufficientBalance,
		fsm.ErrUnknownAccount, fsm.ErrOverflow, fsm.ErrBadSignature, fsm.ErrMalformed,
		fsm.ErrPriorityOrder, ErrNonceGap, ErrMempoolFull} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "other"
}
