package cluster

import (
	"errors"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/wire"
)

// What the HTTP API reads of the replica: its status, the status page's
// parts, the health probes.

var (
	_ httpapi.Views      = (*Node)(nil)
	_ httpapi.Reader     = (*Node)(nil)
	_ httpapi.FaultHooks = (*Node)(nil)
	_ httpapi.Probe      = raftProbe{}
)

// Status reports this replica's view.
func (n *Node) Status() wire.Status {
	_, leader := n.raft.LeaderWithID()
	st := wire.Status{
		ID: n.cfg.ID, Role: n.raft.State().String(), Leader: string(leader),
		Term: n.raft.CurrentTerm(), CommitIndex: n.raft.CommitIndex(), AppliedIndex: n.raft.AppliedIndex(),
	}
	st.LeaderAPI, _ = leaderAPI(n.raft, n.rep)
	n.rep.read(func(m *fsm.Machine) {
		head, _ := m.Batch(m.Head().Number)
		st.LastBatch, st.StateRoot, st.HeadHash = head.Header.Number, m.Root(), head.Hash
		st.Accounts, st.Finalized, st.Proven = m.NumAccounts(), m.LastFinalized(), m.Proven()
		st.LastBatchMs, st.LastPosted, st.ProvenThrough = head.Header.Timestamp, m.LastPosted(), m.ProvenThrough()
	})
	var oldest time.Time
	st.Mempool, _, oldest = n.mempool.Stats()
	if st.Mempool > 0 {
		st.OldestPendingMs = oldest.UnixMilli()
	}
	st.Settling, st.BatcherFrozen = n.cfg.Settlement != nil, n.isFrozen()
	for _, s := range n.raft.GetConfiguration().Configuration().Servers {
		if string(s.ID) == n.cfg.ID {
			st.Voter = s.Suffrage == raft.Voter
		}
	}
	return st
}

// BatchRecord returns batch b as this replica's log holds it.
func (n *Node) BatchRecord(b uint64) (rec fsm.BatchRecord, ok bool) {
	n.rep.read(func(m *fsm.Machine) { rec, ok = m.Batch(b) })
	return rec, ok
}

// MemberAPIs is every member's API address as the log names it.
func (n *Node) MemberAPIs() map[string]string { return n.rep.memberAPIs() }

// L1 is what the settlement duty last saw of L1 (nil until it has led).
func (n *Node) L1() *wire.L1View { return n.l1View.Load() }

// Backlog is the overview's backlog section: this replica's log, its
// drain rate and its recent history.
func (n *Node) Backlog() wire.Backlog { return n.backlogView.view() }

// maxPipelineWalk bounds the batches one overview looks at.
const maxPipelineWalk = 2048

// Pipeline counts the log's batches by state and lists the latest few of
// each unfinished state and the last finalized ones.
func (n *Node) Pipeline(perState int) wire.Pipeline {
	p := wire.Pipeline{Counts: map[string]uint64{}}
	per := map[fsm.BatchState]int{}
	n.rep.read(func(m *fsm.Machine) {
		head, fin := m.Head().Number, m.LastFinalized()
		p.Counts[fsm.StateFinalized.String()] = fin
		for _, s := range []fsm.BatchState{fsm.StateSequenced, fsm.StatePosted, fsm.StateProving, fsm.StateProven} {
			p.Counts[s.String()] = 0
		}
		// Bounded: the walk holds the read lock that Apply waits for, and
		// a stalled L1 can leave thousands of batches unfinished.
		for b := head; b > 0; b-- {
			if head-b >= maxPipelineWalk {
				p.Partial = true
				break
			}
			rec, ok := m.Batch(b)
			if !ok {
				break
			}
			if b > fin {
				p.Counts[rec.State.String()]++
			} else if per[fsm.StateFinalized] >= perState {
				break
			}
			if per[rec.State] < perState {
				per[rec.State]++
				p.Latest = append(p.Latest, wire.BatchView{Number: b, State: rec.State.String(), Ops: len(rec.TxHashes), Prover: rec.Prover})
			}
		}
	})
	for i := range p.Latest {
		p.Latest[i].Times, _ = n.rep.stages.get(p.Latest[i].Number)
	}
	p.ProvenP50S, p.FinalizedP50S = n.rep.stages.medians(50)
	return p
}

// raftProbe answers the health endpoints from Raft and the catch-up gate
// (no fsm lock).
type raftProbe struct {
	r    *raft.Raft
	gate *catchUp
}

// Live is nil while Raft runs.
func (p raftProbe) Live() error {
	if p.r.State() == raft.Shutdown {
		return errors.New("raft is shut down")
	}
	return nil
}

// Ready: caught up since start (the gate stale reads share), a leader
// known, and applied what it knows to be committed (give or take a batch
// in flight).
func (p raftProbe) Ready() (string, error) { return p.gate.ready() }

// notLeader: Raft's errors for a replica that does not (or no longer)
// lead, which the API answers 503 like wire.ErrNoLeader.
func notLeader(err error) bool {
	return errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrLeadershipLost)
}
