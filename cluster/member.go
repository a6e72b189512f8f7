package cluster

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/sequencer"
	"github.com/baton-rollup/baton/wire"
)

// member is this replica as the leader's work sees it: the replicated
// state to read and build on, and Raft to propose through and ask about
// leadership. The batcher and each duty declare the part they use as an
// interface of their own; member implements them all.
type member struct {
	raft    *raft.Raft
	rep     *replica
	metrics *Metrics
	// timeout bounds proposals and the waits on Raft futures (the apply
	// timeout).
	timeout time.Duration
}

var _ sequencer.Replica = (*member)(nil)

// Read runs f against the state under the read lock.
func (m *member) Read(f func(*fsm.Machine)) { m.rep.read(f) }

// Applied returns a channel closed at the next applied batch.
func (m *member) Applied() <-chan struct{} { return m.rep.applied.wait() }

// Leading reads the current state from Raft.
func (m *member) Leading() bool { return m.raft.State() == raft.Leader }

// Leader is nil while this replica leads, else Raft's ErrNotLeader (the
// API's 503).
func (m *member) Leader() error {
	if !m.Leading() {
		return raft.ErrNotLeader
	}
	return nil
}

// Leadership is who leads in which term, and whether it is this replica.
func (m *member) Leadership() (self bool, leader string, term uint64) {
	_, id := m.raft.LeaderWithID()
	return m.Leading(), string(id), m.raft.CurrentTerm()
}

// Propose applies a command through Raft (see propose).
func (m *member) Propose(cmd fsm.Command) (fsm.Result, error) { return m.propose(cmd.Encode()) }

// propose applies a command through Raft and reads both the future's error
// and the fsm's typed result: an apply can fail in either place.
func (m *member) propose(cmd []byte) (fsm.Result, error) {
	start := time.Now()
	f := m.raft.Apply(cmd, m.timeout)
	if err := f.Error(); err != nil {
		return fsm.Result{}, err
	}
	m.metrics.proposeLatency.Observe(time.Since(start).Seconds())
	res, ok := f.Response().(fsm.Result)
	if !ok {
		return fsm.Result{}, errors.New("raft apply returned no fsm result")
	}
	return res, res.Err
}

// Build runs the leader's batch build under the read lock, so API reads
// go on meanwhile. Forwarded transactions were checked by another
// replica's API, not this one's: their signatures are checked on every
// core first, and the one-goroutine build finds them done.
func (m *member) Build(txs []fsm.Tx, checked []fsm.SigVerified, timestampMs int64, allowEmpty bool) (res fsm.BuildResult, height uint64) {
	checked = m.rep.verifyAhead(txs, checked)
	m.rep.read(func(fm *fsm.Machine) {
		height = fm.Head().Number
		res = fm.BuildChecked(txs, checked, timestampMs, allowEmpty)
	})
	return res, height
}

// Append caches the build for the leader's own Apply and proposes it.
func (m *member) Append(res fsm.BuildResult) (fsm.Result, error) {
	m.rep.mu.Lock()
	m.rep.m.Adopt(res)
	m.rep.mu.Unlock()
	m.metrics.batchSize.Observe(float64(len(res.Batch.Txs)))
	cmd := fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}
	r, err := m.propose(cmd.Encode())
	if errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrLeadershipLost) || errors.Is(err, raft.ErrRaftShutdown) {
		err = fmt.Errorf("%w: %w", sequencer.ErrNotLeader, err)
	}
	return r, err
}

// Barrier waits until the fsm has applied everything committed before it.
func (m *member) Barrier(ctx context.Context) error {
	return m.waitFuture(ctx, m.raft.Barrier(m.timeout), "barrier not done")
}

// VerifyLeader confirms leadership with a quorum, within the apply
// timeout.
func (m *member) VerifyLeader(ctx context.Context) error {
	return m.waitFuture(ctx, m.raft.VerifyLeader(), "leadership not confirmed")
}

// waitFuture waits for a Raft future, bounded by ctx and the apply
// timeout: hashicorp/raft queues VerifyLeader and Barrier on buffered
// channels, and one queued as Raft shuts down is never answered (waiting
// on it unbounded would hang Close, which waits for the duties).
func (m *member) waitFuture(ctx context.Context, f raft.Future, what string) error {
	done := make(chan error, 1)
	go func() { done <- f.Error() }()
	t := time.NewTimer(m.timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return fmt.Errorf("%s within the apply timeout", what)
	}
}

// outcomes tells the clients waiting on a transaction what the batcher
// decided about it.
type outcomes struct {
	rep     *replica
	waiters *waiters
	rejects *fifoMap[string]
	metrics *Metrics
}

var _ sequencer.Rejecter = outcomes{}

// Rejected settles a transaction the batcher dropped.
func (o outcomes) Rejected(h fsm.TxHash, err error) {
	var (
		loc fsm.TxLocation
		ok  bool
	)
	o.rep.read(func(m *fsm.Machine) { loc, ok = m.TxLocation(h) })
	if ok && errors.Is(err, fsm.ErrNonceTooLow) {
		// A resubmission of a transaction already in the log (a client that
		// retried across a leader change): it is sequenced, not rejected.
		o.waiters.done(h, txOutcome{loc: loc})
		return
	}
	o.rejects.put(h, err.Error())
	o.metrics.txsRejected.WithLabelValues(reasonLabel(err)).Inc()
	o.waiters.done(h, txOutcome{err: err})
}

// reasonLabel maps an error to a bounded metric label.
func reasonLabel(err error) string {
	for _, e := range []error{fsm.ErrNonceTooLow, fsm.ErrNonceTooHigh, fsm.ErrInsufficientBalance,
		fsm.ErrUnknownAccount, fsm.ErrOverflow, fsm.ErrBadSignature, fsm.ErrMalformed,
		fsm.ErrPriorityOrder, wire.ErrNonceGap, wire.ErrMempoolFull} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "other"
}
