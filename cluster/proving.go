package cluster

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/queue"
)

// errNoProvers answers the proving endpoints of a replica without them.
var errNoProvers = fmt.Errorf("%w: this replica runs without provers", fsm.ErrMalformed)

// ReplayDead takes batch b's job out of the dead letters and offers it
// again as a new attempt. Only the leader can.
func (n *Node) ReplayDead(ctx context.Context, b uint64) error {
	if n.proving == nil {
		return errNoProvers
	}
	return n.proving.ReplayDead(ctx, b)
}

func (n *Node) handleDeadJobs(w http.ResponseWriter, r *http.Request) {
	if n.cfg.Proving == nil {
		n.fail(w, fmt.Errorf("%w: this replica runs without provers", fsm.ErrMalformed))
		return
	}
	dead, err := n.cfg.Proving.Queue.Dead(r.Context())
	if err != nil {
		n.fail(w, err)
		return
	}
	if dead == nil {
		dead = []queue.DeadJob{}
	}
	writeJSON(w, http.StatusOK, dead)
}

// ReplayRequest asks the leader to offer a dead-lettered job again.
type ReplayRequest struct {
	Batch uint64 `json:"batch"`
}

func (n *Node) handleReplayJob(w http.ResponseWriter, r *http.Request) {
	var req ReplayRequest
	if err := decodeBody(r, &req); err != nil {
		n.fail(w, err)
		return
	}
	if err := n.ReplayDead(r.Context(), req.Batch); err != nil {
		if errors.Is(err, queue.ErrNoDeadLetter) {
			err = fmt.Errorf("%w: batch %d has no dead-lettered job", fsm.ErrUnknownBatch, req.Batch)
		}
		n.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]uint64{"replayed": req.Batch})
}

// ReofferRequest asks the leader to give up an attempt (the watchdog saw
// its prover die or miss its deadline).
type ReofferRequest struct {
	Batch   uint64 `json:"batch"`
	Attempt uint32 `json:"attempt"`
}

// ReofferResult is the batch's attempt after the request; Proven when
// there was nothing left to do.
type ReofferResult struct {
	Batch   uint64 `json:"batch"`
	Attempt uint32 `json:"attempt"`
	Proven  bool   `json:"proven,omitempty"`
}

// ReofferJob offers batch b again as a new attempt if attempt is still its
// latest and it is unproven (see proving.Duty.Reoffer). Only the leader
// can.
func (n *Node) ReofferJob(ctx context.Context, b uint64, attempt uint32) (ReofferResult, error) {
	if n.proving == nil {
		return ReofferResult{}, errNoProvers
	}
	res, err := n.proving.Reoffer(ctx, b, attempt)
	return ReofferResult(res), err
}

func (n *Node) handleReofferJob(w http.ResponseWriter, r *http.Request) {
	var req ReofferRequest
	if err := decodeBody(r, &req); err != nil {
		n.fail(w, err)
		return
	}
	res, err := n.ReofferJob(r.Context(), req.Batch, req.Attempt)
	if err != nil {
		n.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// BatchRecord returns batch b as this replica's log holds it.
func (n *Node) BatchRecord(b uint64) (rec fsm.BatchRecord, ok bool) {
	n.rep.read(func(m *fsm.Machine) { rec, ok = m.Batch(b) })
	return rec, ok
}
