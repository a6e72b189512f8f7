package prover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/queue"
)

// Worker takes proof jobs for its circuit from the queue, one at a time,
// and publishes the proofs.
type Worker struct {
	ID      string
	Keys    *Keys
	Queue   *queue.Queue
	Log     *slog.Logger
	Metrics *Metrics
	// Heartbeat is how often a job in progress is reported (in-progress
	// ack and heartbeat message); a third of the AckWait by default.
	Heartbeat time.Duration
	// Claims records in etcd which prover works on which job, so the
	// watchdog can reassign a job whose prover died or hung long before
	// the AckWait would (watchdog.Prover behind it; nil: no etcd, and
	// JetStream's AckWait is the only backstop).
	Claims Claims
}

// Claims takes job claims (see watchdog.Prover).
type Claims interface {
	Claim(ctx context.Context, batch uint64, attempt uint32, circuit string) (Claim, error)
}

// Claim is one held claim. Progress is called only at real steps of the
// work, never from a timer, so a hung prover looks hung.
type Claim interface {
	Progress(ctx context.Context, phase string) error
	Done(ctx context.Context, took time.Duration) error
	Release(ctx context.Context) error
}

// claimRefusal is how a refused claim says why (watchdog.ClaimError).
type claimRefusal interface {
	Superseded() bool
}

// claim takes the job's claim. ok false: the job was dealt with (dropped
// as stale, or handed back because a live prover holds it).
func (w *Worker) claim(ctx context.Context, log *slog.Logger, msg queue.Delivery, job *queue.Job) (c Claim, ok bool) {
	if w.Claims == nil {
		return nil, true
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	c, err := w.Claims.Claim(cctx, job.Batch, job.Attempt, w.Keys.Tag())
	var r claimRefusal
	switch {
	case err == nil:
		return c, true
	case errors.As(err, &r) && r.Superseded():
		// Voided by the watchdog (a new attempt is out) or proven
		// already: this message is stale.
		log.Info("job superseded; dropped", "why", err)
		_ = msg.Term("superseded")
		w.Metrics.jobs.WithLabelValues("superseded").Inc()
		return nil, false
	case errors.As(err, &r):
		log.Info("job held by a live prover; handed back", "why", err)
		_ = msg.Nak(w.Queue.Config().AckWait)
		w.Metrics.jobs.WithLabelValues("held").Inc()
		return nil, false
	}
	// etcd away: prove anyway. Only the watchdog's early reassignment is
	// lost; the AckWait still guards the job.
	log.Warn("no etcd claim; proving without one", "err", err)
	return nil, true
}

// noClaim stands in when there is no etcd.
type noClaim struct{}

func (noClaim) Progress(context.Context, string) error    { return nil }
func (noClaim) Done(context.Context, time.Duration) error { return nil }
func (noClaim) Release(context.Context) error             { return nil }

// Run works until ctx ends. A job in progress at that moment is handed
// back at once (Nak), so another prover can take it without waiting for
// the AckWait.
func (w *Worker) Run(ctx context.Context) error {
	if w.Heartbeat <= 0 {
		w.Heartbeat = w.Queue.Config().AckWait / 3
	}
	cons, err := w.Queue.Jobs(ctx, w.Keys.Tag())
	if err != nil {
		return fmt.Errorf("job consumer: %w", err)
	}
	w.Log.Info("prover ready", "id", w.ID, "circuit", w.Keys.Params.String(), "keys", w.Keys.KeyID())
	for ctx.Err() == nil {
		jobs, err := cons.Fetch(ctx, 1, 5*time.Second)
		for _, msg := range jobs {
			w.handle(ctx, msg)
		}
		if err != nil && ctx.Err() == nil {
			w.Log.Warn("fetch failed; retrying", "err", err)
			ctxsleep.Sleep(ctx, time.Second)
		}
	}
	return nil
}

// handle proves one job and acks it, or hands it back, or dead-letters it.
func (w *Worker) handle(ctx context.Context, msg queue.Delivery) {
	job, err := queue.DecodeJob(msg.Data())
	if err != nil {
		// This prover will never read it: keep it in the dead letters,
		// named by the batch in its subject, for an operator (the leader
		// also offers an unproven batch again after a while).
		w.Log.Error("undecodable job; dead-lettered", "subject", msg.Subject(), "err", err)
		if err := w.Queue.DeadLetterSubject(ctx, msg.Subject(), msg.Data(), "undecodable: "+err.Error(), msg.Deliveries()); err != nil {
			w.Log.Error("dead letter failed; job kept", "err", err)
			_ = msg.Nak(w.Queue.Config().AckWait)
			return
		}
		_ = msg.Term("undecodable")
		w.Metrics.jobs.WithLabelValues("dead").Inc()
		return
	}
	log := w.Log.With("batch", job.Batch, "attempt", job.Attempt)
	if msg.Deliveries() > 1 {
		w.Metrics.jobs.WithLabelValues("redelivered").Inc()
	}
	if job.CircuitID != w.Keys.KeyID() {
		// Proofs from other keys would not verify; leave the job to a
		// prover that has the right ones.
		log.Error("job is for other keys; handed back", "job_keys", job.CircuitID, "mine", w.Keys.KeyID())
		w.Metrics.jobs.WithLabelValues("refused").Inc()
		_ = msg.Nak(w.Queue.Config().AckWait)
		return
	}
	c, ok := w.claim(ctx, log, msg, job)
	if !ok {
		return
	}
	if c == nil {
		c = noClaim{}
	}
	fetched := time.Now()
	queued := fetched.Sub(time.UnixMilli(job.PublishedMs))
	w.Metrics.queueSeconds.Observe(queued.Seconds())

	// In-progress acks keep JetStream from redelivering while we prove;
	// heartbeats tell the cluster who is working on what.
	hbCtx, stopHB := context.WithCancel(ctx)
	defer stopHB()
	_ = w.Queue.Heartbeat(queue.Heartbeat{Batch: job.Batch, Attempt: job.Attempt, Prover: w.ID})
	go func() {
		t := time.NewTicker(w.Heartbeat)
		defer t.Stop()
		for {
			select {
			case <-hbCtx.Done():
				return
			case <-t.C:
				_ = msg.InProgress()
				_ = w.Queue.Heartbeat(queue.Heartbeat{Batch: job.Batch, Attempt: job.Attempt, Prover: w.ID, ElapsedMs: time.Since(fetched).Milliseconds()})
			}
		}
	}()

	type outcome struct {
		proof []byte
		err   error
	}
	done := make(chan outcome, 1)
	go func() {
		input, err := w.Queue.Input(ctx, job)
		if err != nil {
			done <- outcome{err: err}
			return
		}
		b, err := DecodeBatch(input)
		if err != nil {
			done <- outcome{err: err}
			return
		}
		if b.Number != job.Batch {
			done <- outcome{err: fmt.Errorf("%w: input is batch %d", ErrUnprovable, b.Number)}
			return
		}
		w.progress(ctx, log, c, "proving")
		proof, pi, err := w.Keys.Prove(b)
		if err == nil {
			w.progress(ctx, log, c, "verifying")
			// A proof this process cannot verify would only be rejected
			// by the leader: treat it as the failure it is.
			err = w.Keys.Verify(proof, pi)
		}
		done <- outcome{proof: proof, err: err}
	}()
	var out outcome
	select {
	case <-ctx.Done():
		// Shutting down: give the job back now rather than after AckWait.
		rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = c.Release(rctx)
		cancel()
		_ = msg.Nak(0)
		w.Metrics.jobs.WithLabelValues("returned").Inc()
		log.Info("shutting down; job handed back")
		return
	case out = <-done:
	}
	took := time.Since(fetched)
	if out.err != nil {
		_ = c.Release(ctx)
		w.fail(ctx, log, msg, job, out.err)
		return
	}
	w.Metrics.proveSeconds.Observe(took.Seconds())
	res := &queue.Result{Batch: job.Batch, Attempt: job.Attempt, Prover: w.ID, CircuitID: job.CircuitID, Proof: out.proof,
		QueueMs: queued.Milliseconds(), ProveMs: took.Milliseconds(), FetchedMs: fetched.UnixMilli(), FinishedMs: time.Now().UnixMilli()}
	if err := w.Queue.PublishResult(ctx, res); err != nil {
		log.Warn("publish result failed; job handed back", "err", err)
		_ = c.Release(ctx)
		_ = msg.Nak(0)
		return
	}
	if err := c.Done(ctx, took); err != nil {
		// Voided while we proved: the proof is published all the same
		// and the leader takes it if it is the first valid one.
		log.Info("claim was voided while proving; proof published anyway", "err", err)
	}
	// Double ack: the server confirms it, so a lost ack cannot bring the
	// job back for a second proof.
	if err := msg.DoubleAck(ctx); err != nil {
		log.Warn("ack not confirmed (the result is published; a repeat proof is harmless)", "err", err)
	}
	w.Metrics.jobs.WithLabelValues("done").Inc()
	log.Info("proved", "took", took.Round(time.Millisecond), "queued", queued.Round(time.Millisecond))
}

func (w *Worker) progress(ctx context.Context, log *slog.Logger, c Claim, phase string) {
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := c.Progress(pctx, phase); err != nil {
		log.Info("claim update failed; proving on (a late proof is still accepted)", "phase", phase, "err", err)
	}
}

// fail decides what a failed job becomes: dead at once when it can never
// be proven, retried with backoff otherwise, dead once its budget is spent.
func (w *Worker) fail(ctx context.Context, log *slog.Logger, msg queue.Delivery, job *queue.Job, err error) {
	deliveries := msg.Deliveries()
	if errors.Is(err, ErrUnprovable) {
		log.Error("job can never be proven; dead-lettered", "err", err)
		w.deadLetter(ctx, log, msg, err.Error(), deliveries)
		return
	}
	n, cerr := w.Queue.Failure(ctx, job.Batch, job.Attempt)
	if cerr == nil && n >= w.Queue.RetryBudget() {
		log.Error("retry budget spent; dead-lettered", "failures", n, "err", err)
		w.deadLetter(ctx, log, msg, fmt.Sprintf("%d failures, last: %v", n, err), deliveries)
		return
	}
	delay := time.Duration(1<<min(n, 6)) * time.Second
	log.Warn("proving failed; retrying later", "failures", n, "delay", delay, "err", err)
	w.Metrics.jobs.WithLabelValues("failed").Inc()
	_ = msg.Nak(delay)
}

func (w *Worker) deadLetter(ctx context.Context, log *slog.Logger, msg queue.Delivery, reason string, deliveries uint64) {
	if err := w.Queue.DeadLetter(ctx, msg.Data(), reason, deliveries); err != nil {
		// Keep the job rather than lose it: it comes back after AckWait.
		log.Error("dead letter failed; job kept", "err", err)
		_ = msg.Nak(0)
		return
	}
	_ = msg.Term(reason)
	w.Metrics.jobs.WithLabelValues("dead").Inc()
}
