package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/wire"
)

// reads serves reads at a consistency level, the way etcd and rqlite do.
// A linearizable read needs a read index: on the leader, its commit index
// once an entry of its own term has committed (hashicorp's commit index
// covers earlier terms only then) and a quorum has confirmed it still
// leads; on a follower, the leader's, asked over the internal API. It then
// waits until this replica's machine has consumed the log up to that
// index. A stale read only waits for the catch-up gate. No lease reads:
// the chaos suite pauses clocks, and a paused leader's lease lies.
type reads struct {
	log          *slog.Logger
	raft         *raft.Raft
	rep          *replica
	logs         raft.LogStore
	peers        *peers
	gate         *catchUp
	metrics      *Metrics
	leaderEvents *broadcaster
	verify       *verifyBatcher
	timeout      time.Duration
	start        time.Time
	// txLocal is what this replica's log, mempool and rejections say of
	// a transaction (ingress.txStatus).
	txLocal func(fsm.TxHash) (wire.TxStatus, bool)
	// localLinearizable is the test-only mutation that makes linearizable
	// reads local (Config.Mutation).
	localLinearizable bool

	barrierMu   sync.Mutex
	termBarrier atomic.Uint64 // the term whose barrier has committed
}

var _ httpapi.Consistency = (*reads)(nil)

// maxNoopScan bounds the log entries covered reads between the machine's
// index and the one asked for; more than a few means it is simply behind.
const maxNoopScan = 64

// covered: the machine reflects the log up to idx. Either it consumed an
// entry at or past idx, or Raft has handed it everything up to idx and the
// entries after the machine's last are ones that never reach it (noops,
// barriers, peer changes).
func (rd *reads) covered(idx uint64) bool {
	f := rd.rep.fsmIndex.Load()
	if f >= idx {
		return true
	}
	if rd.raft.AppliedIndex() < idx || idx-f > maxNoopScan {
		return false
	}
	var l raft.Log
	for i := f + 1; i <= idx; i++ {
		if err := rd.logs.GetLog(i, &l); err != nil || l.Type == raft.LogCommand || l.Type == raft.LogConfiguration {
			return false
		}
	}
	return true
}

// waitApplied waits until covered(idx), bounded by ctx.
func (rd *reads) waitApplied(ctx context.Context, idx uint64) error {
	// Raft can apply noops without the machine seeing them: poll a
	// little as well as wait for entries.
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		wake := rd.rep.entries.wait()
		if rd.covered(idx) {
			return nil
		}
		select {
		case <-wake:
		case <-tick.C:
		case <-ctx.Done():
			return fmt.Errorf("%w: applied %d, read needs %d", wire.ErrNotCaughtUp, rd.rep.fsmIndex.Load(), idx)
		}
	}
}

// meta is how this replica stands, for a read's answer.
func (rd *reads) meta(consistency string) wire.ReadMeta {
	applied := rd.raft.AppliedIndex()
	if !rd.covered(applied) {
		applied = rd.rep.fsmIndex.Load()
	}
	commit := rd.raft.CommitIndex()
	_, leader := rd.raft.LeaderWithID()
	m := wire.ReadMeta{Consistency: consistency, AppliedIndex: applied, CommitIndex: commit, Leader: string(leader)}
	if commit > applied {
		m.LagEntries = commit - applied
	}
	switch last := rd.raft.LastContact(); {
	case rd.raft.State() == raft.Leader:
	case !last.After(rd.start):
		m.LastContactMs = -1
	default:
		m.LastContactMs = time.Since(last).Milliseconds()
	}
	return m
}

// Await returns once this replica may serve a read at o's consistency
// and minimum index, with how it stands.
func (rd *reads) Await(ctx context.Context, o wire.ReadOptions) (wire.ReadMeta, error) {
	m, _, err := rd.await(ctx, o, nil)
	return m, err
}

// await is Await that, for a linearizable read of a transaction, also
// returns the leader's own status of it (nil on the leader itself or when
// the leader knows nothing).
func (rd *reads) await(ctx context.Context, o wire.ReadOptions, tx *fsm.TxHash) (wire.ReadMeta, *wire.TxStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, rd.timeout)
	defer cancel()
	consistency := o.Consistency
	if consistency == "" {
		consistency = wire.Linearizable
	}
	need := o.MinIndex
	var remote *wire.TxStatus
	var err error
	switch {
	case consistency == wire.Stale:
		err = rd.gate.since()
	case rd.localLinearizable:
		// The mutation: no read index, no gate.
	default:
		var ri wire.ReadIndex
		ri, err = rd.readIndex(ctx, tx)
		need, remote = max(need, ri.Index), ri.Tx
	}
	if err == nil && need > 0 {
		err = rd.waitApplied(ctx, need)
	}
	m := rd.meta(consistency)
	m.AppliedIndex = max(m.AppliedIndex, need)
	outcome := "ok"
	if err != nil {
		outcome = "error"
		if errors.Is(err, wire.ErrNotCaughtUp) {
			outcome = "not_caught_up"
			rd.metrics.readNotCaughtUp.Inc()
		}
	}
	rd.metrics.reads.WithLabelValues(consistency, outcome).Inc()
	return m, remote, err
}

// readIndex is the index a linearizable read must see: this leader's, or
// the leader's asked over the API. Any failure is ErrNotCaughtUp: the
// read is retryable, and says nothing about what it asked.
func (rd *reads) readIndex(ctx context.Context, tx *fsm.TxHash) (wire.ReadIndex, error) {
	start := time.Now()
	defer func() { rd.metrics.readIndex.Observe(time.Since(start).Seconds()) }()
	if rd.raft.State() == raft.Leader {
		idx, err := rd.leaderIndex(ctx)
		if err != nil {
			return wire.ReadIndex{}, fmt.Errorf("%w: confirming leadership: %v", wire.ErrNotCaughtUp, err)
		}
		return wire.ReadIndex{Index: idx}, nil
	}
	ri, err := rd.askLeader(ctx, tx)
	if err != nil {
		return wire.ReadIndex{}, fmt.Errorf("%w: read index from the leader: %v", wire.ErrNotCaughtUp, err)
	}
	return ri, nil
}

// askLeader gets the read index from the leader, abandoning the call if
// leadership changes meanwhile (the answer would come from an old leader,
// or never).
func (rd *reads) askLeader(ctx context.Context, tx *fsm.TxHash) (wire.ReadIndex, error) {
	changed := rd.leaderEvents.wait()
	addr, err := leaderAPI(rd.raft, rd.rep)
	if err != nil {
		return wire.ReadIndex{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-changed:
			cancel()
		case <-ctx.Done():
		}
	}()
	path := "/v1/internal/read-index"
	if tx != nil {
		path += "?tx=" + tx.String()
	}
	var ri wire.ReadIndex
	err = rd.peers.call(ctx, http.MethodGet, addr, path, nil, &ri)
	return ri, err
}

// leaderIndex is this leader's read index: its commit index once its
// term's barrier has committed, confirmed by a quorum after it was read.
func (rd *reads) leaderIndex(ctx context.Context) (uint64, error) {
	if err := rd.termBarrierDone(ctx); err != nil {
		return 0, err
	}
	idx := rd.raft.CommitIndex()
	if err := rd.verify.verify(ctx); err != nil {
		return 0, err
	}
	return idx, nil
}

// termBarrierDone commits a barrier once per term, so that the commit
// index covers every entry of earlier terms.
func (rd *reads) termBarrierDone(ctx context.Context) error {
	term := rd.raft.CurrentTerm()
	if rd.termBarrier.Load() == term {
		return nil
	}
	rd.barrierMu.Lock()
	defer rd.barrierMu.Unlock()
	if rd.termBarrier.Load() == term {
		return nil
	}
	timeout := rd.timeout
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d)
	}
	f := rd.raft.Barrier(timeout)
	done := make(chan error, 1)
	go func() { done <- f.Error() }()
	select {
	case err := <-done:
		if err != nil {
			return err
		}
		rd.termBarrier.Store(term)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ReadIndex is the leader's side of a follower's linearizable read: the
// read index and, when asked, its own status of tx read at that index
// (pending and rejected transactions are known only here).
func (rd *reads) ReadIndex(ctx context.Context, tx *fsm.TxHash) (wire.ReadIndex, error) {
	if rd.raft.State() != raft.Leader {
		return wire.ReadIndex{}, raft.ErrNotLeader
	}
	ctx, cancel := context.WithTimeout(ctx, rd.timeout)
	defer cancel()
	start := time.Now()
	idx, err := rd.leaderIndex(ctx)
	rd.metrics.readIndex.Observe(time.Since(start).Seconds())
	if err != nil {
		return wire.ReadIndex{}, fmt.Errorf("%w: confirming leadership: %v", wire.ErrNotCaughtUp, err)
	}
	ri := wire.ReadIndex{Index: idx, Term: rd.raft.CurrentTerm()}
	if tx != nil {
		if err := rd.waitApplied(ctx, idx); err != nil {
			return wire.ReadIndex{}, err
		}
		if st, ok := rd.txLocal(*tx); ok {
			ri.Tx = &st
		}
	}
	return ri, nil
}

// verifyBatcher coalesces leadership checks: a reader that arrives while
// one is in flight joins the next, which starts after it. Every reader's
// check therefore starts after the reader arrived, and a burst of reads
// costs one or two quorum rounds, not one each.
type verifyBatcher struct {
	raft    *raft.Raft
	mu      sync.Mutex
	next    *verifyRound
	running bool
}

type verifyRound struct {
	done chan struct{}
	err  error
}

func (v *verifyBatcher) verify(ctx context.Context) error {
	v.mu.Lock()
	if v.next == nil {
		v.next = &verifyRound{done: make(chan struct{})}
	}
	r := v.next
	if !v.running {
		v.running = true
		go v.loop()
	}
	v.mu.Unlock()
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// loop runs rounds while readers wait for one. A round on a leader that
// lost its quorum ends when Raft steps it down (the leader lease).
func (v *verifyBatcher) loop() {
	for {
		v.mu.Lock()
		r := v.next
		v.next = nil
		if r == nil {
			v.running = false
			v.mu.Unlock()
			return
		}
		v.mu.Unlock()
		r.err = v.raft.VerifyLeader().Error()
		close(r.done)
	}
}
