package cluster

import (
	"context"
	"errors"
	"fmt"

	"github.com/baton-rollup/baton/duty/proving"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/wire"
)

// errNoProvers answers the proving endpoints of a replica without them.
var errNoProvers = fmt.Errorf("%w: this replica runs without provers", fsm.ErrMalformed)

// jobsAPI is the admin API's side of the proving duty: it speaks the
// wire's types and errors, so queue's do not reach the handlers.
type jobsAPI struct {
	duty  *proving.Duty // nil without provers
	queue *queue.Queue  // nil without provers
}

var _ httpapi.Jobs = jobsAPI{}

func newJobsAPI(d *proving.Duty, cfg *proving.Config) jobsAPI {
	if d == nil || cfg == nil {
		return jobsAPI{}
	}
	return jobsAPI{duty: d, queue: cfg.Queue}
}

// DeadJobs lists the proof jobs in the dead letters.
func (j jobsAPI) DeadJobs(ctx context.Context) ([]wire.DeadJob, error) {
	if j.duty == nil {
		return nil, errNoProvers
	}
	dead, err := j.queue.Dead(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]wire.DeadJob, len(dead))
	for i, d := range dead {
		out[i] = wireDeadJob(d)
	}
	return out, nil
}

// ReplayDead takes batch b's job out of the dead letters and offers it
// again as a new attempt. Only the leader can.
func (j jobsAPI) ReplayDead(ctx context.Context, b uint64) error {
	if j.duty == nil {
		return errNoProvers
	}
	err := j.duty.ReplayDead(ctx, b)
	if errors.Is(err, queue.ErrNoDeadLetter) {
		err = fmt.Errorf("%w: batch %d has no dead-lettered job", fsm.ErrUnknownBatch, b)
	}
	return err
}

// ReofferJob offers batch b again as a new attempt if attempt is still its
// latest and it is unproven (see proving.Duty.Reoffer). Only the leader
// can.
func (j jobsAPI) ReofferJob(ctx context.Context, b uint64, attempt uint32) (wire.ReofferResult, error) {
	if j.duty == nil {
		return wire.ReofferResult{}, errNoProvers
	}
	res, err := j.duty.Reoffer(ctx, b, attempt)
	return wire.ReofferResult(res), err
}

// wireDeadJob is d as the API shows it. The pointer conversion compiles
// only while queue.Job and wire.Job have the same fields, so the copy in
// wire cannot drift from queue's type unnoticed.
func wireDeadJob(d queue.DeadJob) wire.DeadJob {
	return wire.DeadJob{Job: (*wire.Job)(d.Job), Reason: d.Reason, Deliveries: d.Deliveries, At: d.At}
}
