package cluster

import (
	"context"
	"fmt"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/duty"
	"github.com/baton-rollup/baton/duty/proving"
	"github.com/baton-rollup/baton/duty/settlement"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/sequencer"
	"github.com/baton-rollup/baton/wire"
)

var (
	_ duty.Member       = (*member)(nil)
	_ proving.Log       = (*member)(nil)
	_ settlement.Log    = (*member)(nil)
	_ duty.Duty         = (*sequencer.Batcher)(nil)
	_ duty.Duty         = (*proving.Duty)(nil)
	_ duty.Duty         = (*settlement.Duty)(nil)
	_ settlement.Proofs = proving.ProofSystem(nil)
)

// leaderWork builds what runs while this replica leads: the batcher, the
// proving and settlement duties when configured, and the loop that starts
// and stops them with leadership.
func (n *Node) leaderWork(clk clock.Clock) {
	cfg := n.cfg
	n.batcher = sequencer.NewBatcher(cfg.Batcher, n.mempool, n.member,
		outcomes{rep: n.rep, waiters: n.waiters, rejects: n.rejects, metrics: n.metrics}, clk, n.log)
	duties := []duty.Duty{n.batcher}
	var proofs settlement.Proofs
	if cfg.Proving != nil {
		n.proving = proving.New(*cfg.Proving, proving.Deps{Log: n.member, Metrics: n.metrics.Registry, Clock: clk, Logger: n.log})
		duties = append(duties, n.proving)
		proofs = cfg.Proving.System
	}
	if cfg.Settlement != nil {
		s := settlement.New(*cfg.Settlement, settlement.Deps{
			Log: n.member, Proofs: proofs, Chain: cfg.Genesis.Config, Sizes: cfg.Genesis.Sizes(), Metrics: n.metrics.Registry, Clock: clk, Logger: n.log,
			// A repeat is no error: the mempool keeps one per hash, and
			// the batcher refuses an entry a batch already consumed.
			Mempool: settlement.MempoolFunc(func(ctx context.Context, tx fsm.Tx) error {
				_, err := n.ingress.enqueue(ctx, tx, fsm.SigVerified{}, false)
				return err
			}),
			Observed: func(v wire.L1View) { n.l1View.Store(&v) },
		})
		duties = append(duties, s)
	}
	n.duties = duty.New(duty.Config{Member: n.member, Duties: duties, Clock: clk, Log: n.log, Hooks: duty.Hooks{
		LeaderChanged: func() {
			n.metrics.leaderChanges.Inc()
			n.leaderEvents.notify()
		},
		Prepare: n.registerAPI,
		// Forwarders waiting for a leader find this one now.
		Started: n.leaderEvents.notify,
		Stopped: n.handOver,
	}})
}

// triggerOn calls trigger for each of Raft's leader observations, until
// ctx ends. The duty loop also looks on its own tick: observations can be
// dropped.
func triggerOn(ctx context.Context, obs <-chan raft.Observation, trigger func()) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-obs:
			trigger()
		}
	}
}

// registerAPI records this leader's API address in the log, so followers
// can forward to it.
func (n *Node) registerAPI(context.Context) error {
	var addr string
	n.rep.read(func(m *fsm.Machine) { addr = m.Members()[n.cfg.ID] })
	if addr == n.apiAddr {
		return nil
	}
	cmd := fsm.Command{Type: fsm.CmdSetMember, Member: n.cfg.ID, Addr: n.apiAddr}
	if _, err := n.propose(cmd.Encode()); err != nil {
		return fmt.Errorf("register api address: %w", err)
	}
	return nil
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
