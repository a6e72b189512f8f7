package cluster

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/raft"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// Why a forward was tried again: the label of baton_forward_retries_total.
const (
	// retryLeaderChanged: a new leader (or term) while the forward was
	// open; the leader it went to can no longer sequence it.
	retryLeaderChanged = "leader_changed"
	// retryAttemptTimeout: no answer within Config.ForwardTimeout. A
	// frozen or cut-off leader keeps the connection open and silent; only
	// a new request (a new connection, or a new HTTP/2 stream on a
	// connection the ping check keeps honest) reaches it once it is back.
	retryAttemptTimeout = "attempt_timeout"
	// retryError: the forward failed (no leader known, its API
	// unreachable, a 5xx such as "not the leader").
	retryError = "error"
)

var (
	errLeaderChanged  = errors.New("the leader changed while the forward was open")
	errAttemptTimeout = errors.New("the leader did not answer the forward in time")
)

func newForwardRetries() *prometheus.CounterVec {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "baton_forward_retries_total",
		Help: "Forwards to the leader abandoned or failed and tried again, by why: leader_changed, attempt_timeout, error.",
	}, []string{"reason"})
	for _, r := range []string{retryLeaderChanged, retryAttemptTimeout, retryError} {
		v.WithLabelValues(r)
	}
	return v
}

// forwardAndWait hands the transaction to the leader and waits for its
// outcome, within WaitTimeout for all attempts together. Each attempt is
// one request to the leader of the moment, given up when the leader
// changes or it goes unanswered for ForwardTimeout, then tried again at
// whoever leads; without the retries a frozen or cut-off leader held the
// request until the whole wait was spent. The local waiter is registered
// first: this replica's own log sequencing the transaction answers too,
// whatever the forward is doing (the leader died after committing, or its
// answer was lost). Retrying never makes a second copy: the leader answers
// from its log a transaction already sequenced, keeps one mempool entry
// per hash, and the fsm's nonce check refuses a second copy in a later
// batch.
func (in *ingress) forwardAndWait(ctx context.Context, tx fsm.Tx, sig fsm.SigVerified, wait bool) (wire.SubmitResult, error) {
	h := tx.Hash()
	var local chan txOutcome
	if wait {
		local = in.waiters.add(h)
		defer in.waiters.remove(h, local)
	}
	deadline := time.Now().Add(in.waitTimeout)
	// One deadline for all attempts, or each retry would wait the leader's
	// full WaitTimeout again.
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	const minBackoff = 25 * time.Millisecond
	backoff := minBackoff
	var lastErr error
	for {
		if in.isLeader() {
			// Leadership came here while this call was retrying.
			in.waiters.remove(h, local)
			return in.enqueue(ctx, tx, sig, wait)
		}
		changed := in.leaderEvents.wait()
		a := in.attempt(ctx, tx, wait, changed, local)
		switch {
		case a.local != nil:
			return outcomeResult(h, *a.local)
		case a.retry == "" && a.err == nil:
			if a.res.Status == "sequenced" {
				// Read-your-writes on this replica: its fsm applies the
				// batch a moment after the leader answered.
				in.rep.waitHeight(ctx, a.res.Batch, time.Second)
			}
			return a.res, nil
		}
		if remote := (*remoteError)(nil); errors.As(a.err, &remote) && remote.code < 500 {
			return wire.SubmitResult{}, a.err
		}
		if lastErr == nil || ctx.Err() == nil {
			lastErr = a.err
		}
		if ctx.Err() != nil {
			return wire.SubmitResult{}, waitEnded(ctx, deadline, lastErr)
		}
		in.log.Debug("forward failed; retrying", "tx", h, "reason", a.retry, "err", a.err)
		in.metrics.forwardRetries.WithLabelValues(a.retry).Inc()
		if a.retry != retryError {
			// A new leader, or a new request to a silent one: at once.
			backoff = minBackoff
			continue
		}
		t := time.NewTimer(backoff)
		select {
		case o := <-local: // nil channel when not waiting: never ready
			t.Stop()
			return outcomeResult(h, o)
		case <-ctx.Done():
			t.Stop()
			return wire.SubmitResult{}, waitEnded(ctx, deadline, lastErr)
		case <-changed:
			t.Stop()
			backoff = minBackoff
			continue
		case <-t.C:
		}
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

// waitEnded is the error of a forward whose ctx ended: the caller's own
// cancellation as is, the end of the wait as wire.ErrWaitTimeout.
func waitEnded(ctx context.Context, deadline time.Time, last error) error {
	if time.Now().Before(deadline) {
		return ctx.Err()
	}
	return fmt.Errorf("%w (last error: %v)", wire.ErrWaitTimeout, last)
}

func outcomeResult(h fsm.TxHash, o txOutcome) (wire.SubmitResult, error) {
	if o.err != nil {
		return wire.SubmitResult{}, o.err
	}
	return sequenced(h, o.loc.Batch), nil
}

// attemptResult is how one forward attempt ended: the leader's answer
// (res or err, retry empty), this replica's own log first (local), or a
// reason to try again (retry, with err saying what happened).
type attemptResult struct {
	res   wire.SubmitResult
	err   error
	local *txOutcome
	retry string
}

// attempt forwards the transaction once and waits for the first of: the
// answer; a leader or term other than the one it went to; this replica's
// own log reporting the outcome; ForwardTimeout without an answer; ctx's
// end. Whatever comes first cancels the request, which is what lets go of
// a connection a frozen leader holds open.
func (in *ingress) attempt(ctx context.Context, tx fsm.Tx, wait bool, changed <-chan struct{}, local <-chan txOutcome) attemptResult {
	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	leader, term := in.leadership()
	done := make(chan attemptResult, 1) // the goroutine never blocks on it
	go func() {
		res, err := in.forward(actx, tx, wait)
		a := attemptResult{res: res, err: err}
		if err != nil {
			a.retry = retryError
		}
		done <- a
	}()
	timer := time.NewTimer(in.forwardTimeout)
	defer timer.Stop()
	for {
		select {
		case a := <-done:
			return a
		case o := <-local:
			return attemptResult{local: &o}
		case <-timer.C:
			return attemptResult{err: errAttemptTimeout, retry: retryAttemptTimeout}
		case <-ctx.Done():
			return attemptResult{err: ctx.Err(), retry: retryError}
		case <-changed:
			// The event may be this replica catching up with the very
			// leader the forward went to: keep waiting for that one.
			changed = in.leaderEvents.wait()
			if l, t := in.leadership(); l != leader || t != term {
				return attemptResult{err: errLeaderChanged, retry: retryLeaderChanged}
			}
		}
	}
}

// leadership is the leader this replica knows and its term.
func (in *ingress) leadership() (raft.ServerID, uint64) {
	_, id := in.raft.LeaderWithID()
	return id, in.raft.CurrentTerm()
}

// forward posts an admitted transaction to the leader's internal endpoint.
func (in *ingress) forward(ctx context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error) {
	addr, err := leaderAPI(in.raft, in.rep)
	if err != nil {
		return wire.SubmitResult{}, err
	}
	var res wire.SubmitResult
	err = in.peers.call(ctx, http.MethodPost, addr, fmt.Sprintf("/v1/internal/tx?wait=%t", wait), tx.Encode(nil), &res)
	var re *remoteError
	if err != nil && !errors.As(err, &re) {
		// The leader did not answer: for the forwarder that is no leader,
		// and it retries until one does.
		err = fmt.Errorf("%w: %v", wire.ErrNoLeader, err)
	}
	return res, err
}
