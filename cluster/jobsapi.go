package cluster

import (
	"context"
	"errors"
	"fmt"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/wire"
)

// jobsAPI is the admin API's side of the proving duty: it speaks the
// wire's types and errors, so queue's do not reach the handlers.
type jobsAPI struct{ n *Node }

var _ httpapi.Jobs = jobsAPI{}

// DeadJobs lists the proof jobs in the dead letters.
func (j jobsAPI) DeadJobs(ctx context.Context) ([]wire.DeadJob, error) {
	pc := j.n.cfg.Proving
	if pc == nil {
		return nil, fmt.Errorf("%w: this replica runs without provers", fsm.ErrMalformed)
	}
	dead, err := pc.Queue.Dead(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]wire.DeadJob, len(dead))
	for i, d := range dead {
		out[i] = wireDeadJob(d)
	}
	return out, nil
}

// ReplayDead offers batch b's dead-lettered job again (leader only).
func (j jobsAPI) ReplayDead(ctx context.Context, b uint64) error {
	err := j.n.ReplayDead(ctx, b)
	if errors.Is(err, queue.ErrNoDeadLetter) {
		err = fmt.Errorf("%w: batch %d has no dead-lettered job", fsm.ErrUnknownBatch, b)
	}
	return err
}

// ReofferJob gives up an attempt and offers the batch again (leader only).
func (j jobsAPI) ReofferJob(ctx context.Context, b uint64, attempt uint32) (wire.ReofferResult, error) {
	return j.n.ReofferJob(ctx, b, attempt)
}

// wireDeadJob is d as the API shows it. The pointer conversion compiles
// only while queue.Job and wire.Job have the same fields, so the copy in
// wire cannot drift from queue's type unnoticed.
func wireDeadJob(d queue.DeadJob) wire.DeadJob {
	return wire.DeadJob{Job: (*wire.Job)(d.Job), Reason: d.Reason, Deliveries: d.Deliveries, At: d.At}
}
