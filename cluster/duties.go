package cluster

import (
	"context"
	"sync"
	"time"

	"github.com/baton-rollup/baton/fsm"
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
			if err := n.member.Barrier(ctx); err != nil {
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
	n.batcher.Run(ctx)
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
			n.waiters.done(tx.Hash(), txOutcome{err: ErrNoLeader})
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
				n.waiters.done(tx.Hash(), txOutcome{err: ErrNoLeader})
				return
			}
			defer func() { <-slots }()
			if _, err := n.forwardAndWait(n.ctx, tx, fsm.SigVerified{}, false); err != nil {
				n.waiters.done(tx.Hash(), txOutcome{err: err})
			}
		}()
	}
}
