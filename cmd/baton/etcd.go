package main

import (
	"context"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/watchdog"
)

// heartbeatStatus turns a replica's status into its heartbeat record.
func heartbeatStatus(n *cluster.Node) func() watchdog.SequencerRecord {
	return func() watchdog.SequencerRecord {
		s := n.Status()
		return watchdog.SequencerRecord{ID: s.ID, API: n.APIAddr(), Role: s.Role, Leader: s.Leader, Voter: s.Voter, Term: s.Term,
			CommitIndex: s.CommitIndex, AppliedIndex: s.AppliedIndex, LastBatch: s.LastBatch, LastBatchMs: s.LastBatchMs,
			Pending: s.Mempool, OldestPendingMs: s.OldestPendingMs, LastPosted: s.LastPosted, Settling: s.Settling,
			ProvenThrough: s.ProvenThrough, LastFinalized: s.Finalized}
	}
}

// etcdClaims adapts watchdog.Prover to the worker's Claims.
type etcdClaims struct{ p *watchdog.Prover }

func (c etcdClaims) Claim(ctx context.Context, batch uint64, attempt uint32, circuit string) (prover.Claim, error) {
	j, err := c.p.Claim(ctx, batch, attempt, circuit)
	if err != nil {
		return nil, err
	}
	return j, nil
}
