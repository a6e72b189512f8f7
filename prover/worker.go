package prover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/queue"
)

// Worker takes proof jobs for its circuits from the queue, one at a time
// whatever their circuit (a proof takes every core: two at once would
// only halve each), and publishes the proofs.
type Worker struct {
	ID string
	// Backends prove, one per circuit size this process serves; their
	// keys decide which jobs it takes: it subscribes to their tags only,
	// so a job of a size it has no keys for never reaches it.
	Backends []Backend
	// Backend is the one-circuit form: one more backend, if set.
	Backend Backend
	// FetchWait is how long one fetch waits for a job before the next
	// circuit's queue is asked: 5 s with one circuit, 1 s by default with
	// several, so that an idle circuit delays another's job by at most
	// that much per circuit.
	FetchWait time.Duration
	Queue     *queue.Queue
	Log       *slog.Logger
	Metrics   *Metrics
	// InProgressEvery is how often JetStream hears that a job is in
	// progress (an in-progress ack); a third of the AckWait by default.
	InProgressEvery time.Duration
	// BeatEvery is how often a heartbeat message tells the cluster who
	// proves what (250 ms by default): the watchdog's sign, well before
	// the etcd lease runs out, that a prover went quiet.
	BeatEvery time.Duration
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
func (w *Worker) claim(ctx context.Context, be Backend, log *slog.Logger, d queue.Delivery, job *queue.Job) (c Claim, ok bool) {
	if w.Claims == nil {
		return nil, true
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	c, err := w.Claims.Claim(cctx, job.Batch, job.Attempt, be.Tag())
	var r claimRefusal
	switch {
	case err == nil:
		return c, true
	case errors.As(err, &r) && r.Superseded():
		// Voided by the watchdog (a new attempt is out) or proven
		// already: this message is stale.
		log.Info("job superseded; dropped", "why", err)
		_ = d.Term("superseded")
		w.Metrics.jobs.WithLabelValues("superseded").Inc()
		return nil, false
	case errors.As(err, &r):
		log.Info("job held by a live prover; handed back", "why", err)
		_ = d.Nak(w.Queue.Config().AckWait)
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

// lane is one circuit's job queue and the backend that proves it.
type lane struct {
	be   Backend
	cons *queue.JobConsumer
}

// Run works until ctx ends. A job in progress at that moment is handed
// back at once (Nak), so another prover can take it without waiting for
// the AckWait.
//
// With several circuits it asks their queues in turn, one fetch each,
// and only between proofs: a job waits in its queue, where another
// prover can take it, never inside a process busy with another proof.
// After a job it moves on to the next circuit, so a long queue of one
// size does not starve another.
func (w *Worker) Run(ctx context.Context) error {
	lanes, err := w.lanes(ctx)
	if err != nil {
		return err
	}
	if w.InProgressEvery <= 0 {
		w.InProgressEvery = w.Queue.Config().AckWait / 3
	}
	if w.BeatEvery <= 0 {
		w.BeatEvery = DefaultBeatEvery
	}
	wait := w.FetchWait
	if wait <= 0 {
		wait = 5 * time.Second
		if len(lanes) > 1 {
			wait = time.Second
		}
	}
	for i := 0; ctx.Err() == nil; i = (i + 1) % len(lanes) {
		l := lanes[i]
		jobs, err := l.cons.Fetch(ctx, 1, wait)
		for _, d := range jobs {
			w.handle(ctx, l.be, d)
		}
		if err != nil && ctx.Err() == nil {
			w.Log.Warn("fetch failed; retrying", "circuit", l.be.Tag(), "err", err)
			ctxsleep.Sleep(ctx, time.Second)
		}
	}
	return nil
}

// backends are Backends and Backend together.
func (w *Worker) backends() []Backend {
	if w.Backend == nil {
		return w.Backends
	}
	return append(slices.Clip(w.Backends), w.Backend)
}

// Tags are the circuits the worker proves (its backends' tags), as the
// watchdog's prover record lists them.
func (w *Worker) Tags() []string {
	var tags []string
	for _, be := range w.backends() {
		tags = append(tags, be.Tag())
	}
	return tags
}

// lanes opens the job consumer of each backend's circuit.
func (w *Worker) lanes(ctx context.Context) ([]lane, error) {
	bes := w.backends()
	if len(bes) == 0 {
		return nil, errors.New("worker: no backend")
	}
	lanes := make([]lane, 0, len(bes))
	seen := map[string]bool{}
	for _, be := range bes {
		if seen[be.Tag()] {
			return nil, fmt.Errorf("worker: circuit %s given twice", be.Tag())
		}
		seen[be.Tag()] = true
		cons, err := w.Queue.Jobs(ctx, be.Tag())
		if err != nil {
			return nil, fmt.Errorf("job consumer of %s: %w", be.Tag(), err)
		}
		lanes = append(lanes, lane{be: be, cons: cons})
		w.Log.Info("prover ready", "id", w.ID, "backend", be.Name(), "circuit", be.Params().String(), "tag", be.Tag(), "keys", be.KeyID())
	}
	return lanes, nil
}

// task is one job being worked on, from its fetch.
type task struct {
	be      Backend
	d       queue.Delivery
	job     *queue.Job
	claim   Claim
	log     *slog.Logger
	fetched time.Time
	queued  time.Duration // from the job's publication to its fetch
}

// handle proves one job and acks it, or hands it back, or dead-letters it.
func (w *Worker) handle(ctx context.Context, be Backend, d queue.Delivery) {
	job, ok := w.decode(ctx, d)
	if !ok {
		return
	}
	log := w.Log.With("batch", job.Batch, "attempt", job.Attempt)
	if d.Deliveries() > 1 {
		w.Metrics.jobs.WithLabelValues("redelivered").Inc()
	}
	if !w.canProve(be, log, d, job) || w.passOn(ctx, be, log, d, job) {
		return
	}
	c, ok := w.claim(ctx, be, log, d, job)
	if !ok {
		return
	}
	if c == nil {
		c = noClaim{}
	}
	t := &task{be: be, d: d, job: job, claim: c, log: log, fetched: time.Now()}
	t.queued = t.fetched.Sub(time.UnixMilli(job.PublishedMs))
	w.Metrics.queueSeconds.Observe(t.queued.Seconds())

	stop := w.keepAlive(ctx, t)
	defer stop()
	proof, done, err := w.prove(ctx, t)
	if !done {
		w.handBack(t)
		return
	}
	took := time.Since(t.fetched)
	if err != nil {
		_ = c.Release(ctx)
		w.fail(ctx, t, err)
		return
	}
	w.Metrics.proveSeconds.Observe(took.Seconds())
	w.publish(ctx, t, proof, took)
}

// decode reads the job. ok false: it cannot be read, and was
// dead-lettered (or handed back if even that failed).
func (w *Worker) decode(ctx context.Context, d queue.Delivery) (job *queue.Job, ok bool) {
	job, err := queue.DecodeJob(d.Data())
	if err == nil {
		return job, true
	}
	// This prover will never read it: keep it in the dead letters, named
	// by the batch in its subject, for an operator (the leader also
	// offers an unproven batch again after a while).
	w.Log.Error("undecodable job; dead-lettered", "subject", d.Subject(), "err", err)
	if err := w.Queue.DeadLetterSubject(ctx, d.Subject(), d.Data(), "undecodable: "+err.Error(), d.Deliveries()); err != nil {
		w.Log.Error("dead letter failed; job kept", "err", err)
		_ = d.Nak(w.Queue.Config().AckWait)
		return nil, false
	}
	_ = d.Term("undecodable")
	w.Metrics.jobs.WithLabelValues("dead").Inc()
	return nil, false
}

// canProve hands back a job made for other keys: proofs from ours would
// not verify, so it is left to a prover that has the right ones.
func (w *Worker) canProve(be Backend, log *slog.Logger, d queue.Delivery, job *queue.Job) bool {
	if job.CircuitID == be.KeyID() {
		return true
	}
	log.Error("job is for other keys; handed back", "job_keys", job.CircuitID, "mine", be.KeyID())
	w.Metrics.jobs.WithLabelValues("refused").Inc()
	_ = d.Nak(w.Queue.Config().AckWait)
	return false
}

// passOnDelay is how long a job handed on waits before its redelivery:
// the prover that waits for work has its pull in first, and this one's
// next fetch, coming at once, takes other work meanwhile.
const passOnDelay = 200 * time.Millisecond

// passOn hands back a job this prover failed before, in this attempt or
// the one before it (a prover whose stalled attempt was reoffered, and
// which then failed, is listed there), when another prover is waiting
// for work: JetStream serves waiting pulls in order, so the job goes to
// that prover. With nobody waiting it proves the job itself, as a busy
// prover would take it only after its own proof: a job is never left
// unproven for want of a different prover. A pass-on spends a delivery
// but no retry budget; at most Config.PassOns per attempt, and never one
// of the job's last two deliveries, so it cannot bring a job to its
// MaxDeliver. Errors of the lookups mean proving it here.
func (w *Worker) passOn(ctx context.Context, be Backend, log *slog.Logger, d queue.Delivery, job *queue.Job) bool {
	cfg := w.Queue.Config()
	n := d.Deliveries()
	if (n <= 1 && job.Attempt <= 1) || n+2 > uint64(cfg.MaxDeliver) || cfg.PassOns == 0 {
		return false
	}
	cur, err := w.Queue.Failures(ctx, job.Batch, job.Attempt)
	if err != nil || cur.PassedOn >= cfg.PassOns {
		return false
	}
	mine := cur.FailedBy(w.ID)
	if !mine && job.Attempt > 1 {
		prev, err := w.Queue.Failures(ctx, job.Batch, job.Attempt-1)
		mine = err == nil && prev.FailedBy(w.ID)
	}
	if !mine {
		return false
	}
	if waiting, err := w.Queue.WaitingProvers(ctx, be.Tag()); err != nil || waiting == 0 {
		return false
	}
	// Counted before the Nak: two provers racing both pass on, and the
	// count still bounds the total.
	if passed, err := w.Queue.PassOn(ctx, job.Batch, job.Attempt); err != nil || passed > cfg.PassOns {
		return false
	}
	log.Info("failed this job before and another prover is free; passed on")
	_ = d.Nak(passOnDelay)
	w.Metrics.jobs.WithLabelValues("passed_on").Inc()
	return true
}

// DefaultBeatEvery is Worker.BeatEvery's default.
const DefaultBeatEvery = 250 * time.Millisecond

// keepAlive sends in-progress acks, which keep JetStream from
// redelivering while we prove, and heartbeats, which tell the cluster who
// is working on what, until stop is called. They go on separate clocks:
// acks are a JetStream round trip and need only beat the AckWait, beats
// are core NATS messages and must come often for silence to be news.
func (w *Worker) keepAlive(ctx context.Context, t *task) (stop func()) {
	hbCtx, stop := context.WithCancel(ctx)
	job := t.job
	beat := func() {
		_ = w.Queue.Heartbeat(queue.Heartbeat{Batch: job.Batch, Attempt: job.Attempt, Prover: w.ID,
			ElapsedMs: time.Since(t.fetched).Milliseconds()})
	}
	beat()
	go func() {
		acks, beats := time.NewTicker(w.InProgressEvery), time.NewTicker(w.BeatEvery)
		defer acks.Stop()
		defer beats.Stop()
		for {
			select {
			case <-hbCtx.Done():
				return
			case <-acks.C:
				_ = t.d.InProgress()
			case <-beats.C:
				beat()
			}
		}
	}()
	return stop
}

// prove proves and verifies t's job on a goroutine of its own, so that a
// shutdown need not wait for the backend. done false: ctx ended first
// (the proof, if it ever ends, is dropped).
func (w *Worker) prove(ctx context.Context, t *task) (proof []byte, done bool, err error) {
	type outcome struct {
		proof []byte
		err   error
	}
	out := make(chan outcome, 1)
	go func() {
		proof, err := w.proveInput(ctx, t)
		out <- outcome{proof, err}
	}()
	select {
	case <-ctx.Done():
		return nil, false, nil
	case o := <-out:
		return o.proof, true, o.err
	}
}

// proveInput fetches and checks the job's input, proves it and verifies
// the proof: one this process cannot verify would only be rejected by
// the leader, so it is the failure it is.
func (w *Worker) proveInput(ctx context.Context, t *task) ([]byte, error) {
	input, err := w.Queue.Input(ctx, t.job)
	if err != nil {
		return nil, err
	}
	b, err := DecodeBatch(input)
	if err != nil {
		return nil, err
	}
	if b.Number != t.job.Batch {
		return nil, fmt.Errorf("%w: input is batch %d", ErrUnprovable, b.Number)
	}
	w.progress(ctx, t, "proving")
	proof, pi, err := t.be.Prove(ctx, b)
	if err != nil {
		return nil, err
	}
	w.progress(ctx, t, "verifying")
	return proof, t.be.Verify(proof, pi)
}

func (w *Worker) progress(ctx context.Context, t *task, phase string) {
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := t.claim.Progress(pctx, phase); err != nil {
		t.log.Info("claim update failed; proving on (a late proof is still accepted)", "phase", phase, "err", err)
	}
}

// handBack gives the job back at shutdown, now rather than after the
// AckWait, its claim marked released.
func (w *Worker) handBack(t *task) {
	rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	_ = t.claim.Release(rctx)
	cancel()
	_ = t.d.Nak(0)
	w.Metrics.jobs.WithLabelValues("returned").Inc()
	t.log.Info("shutting down; job handed back")
}

// publish sends the proof and then acks the job.
func (w *Worker) publish(ctx context.Context, t *task, proof []byte, took time.Duration) {
	job := t.job
	res := &queue.Result{Batch: job.Batch, Attempt: job.Attempt, Prover: w.ID, CircuitID: job.CircuitID, Proof: proof,
		QueueMs: t.queued.Milliseconds(), ProveMs: took.Milliseconds(), FetchedMs: t.fetched.UnixMilli(), FinishedMs: time.Now().UnixMilli()}
	if err := w.Queue.PublishResult(ctx, res); err != nil {
		t.log.Warn("publish result failed; job handed back", "err", err)
		_ = t.claim.Release(ctx)
		_ = t.d.Nak(0)
		return
	}
	if err := t.claim.Done(ctx, took); err != nil {
		// Voided while we proved: the proof is published all the same
		// and the leader takes it if it is the first valid one.
		t.log.Info("claim was voided while proving; proof published anyway", "err", err)
	}
	// Double ack: the server confirms it, so a lost ack cannot bring the
	// job back for a second proof.
	if err := t.d.DoubleAck(ctx); err != nil {
		t.log.Warn("ack not confirmed (the result is published; a repeat proof is harmless)", "err", err)
	}
	w.Metrics.jobs.WithLabelValues("done").Inc()
	t.log.Info("proved", "took", took.Round(time.Millisecond), "queued", t.queued.Round(time.Millisecond))
}

// fail decides what a failed job becomes: dead at once when it can never
// be proven, retried with backoff otherwise, dead once its budget is spent.
func (w *Worker) fail(ctx context.Context, t *task, err error) {
	if errors.Is(err, ErrUnprovable) {
		t.log.Error("job can never be proven; dead-lettered", "err", err)
		w.deadLetter(ctx, t, err.Error())
		return
	}
	n, cerr := w.Queue.Failure(ctx, t.job.Batch, t.job.Attempt, w.ID)
	if cerr == nil && n >= w.Queue.RetryBudget() {
		t.log.Error("retry budget spent; dead-lettered", "failures", n, "err", err)
		w.deadLetter(ctx, t, fmt.Sprintf("%d failures, last: %v", n, err))
		return
	}
	delay := time.Duration(1<<min(n, 6)) * time.Second
	t.log.Warn("proving failed; retrying later", "failures", n, "delay", delay, "err", err)
	w.Metrics.jobs.WithLabelValues("failed").Inc()
	_ = t.d.Nak(delay)
}

func (w *Worker) deadLetter(ctx context.Context, t *task, reason string) {
	if err := w.Queue.DeadLetter(ctx, t.d.Data(), reason, t.d.Deliveries()); err != nil {
		// Keep the job rather than lose it: it comes back after AckWait.
		t.log.Error("dead letter failed; job kept", "err", err)
		_ = t.d.Nak(0)
		return
	}
	_ = t.d.Term(reason)
	w.Metrics.jobs.WithLabelValues("dead").Inc()
}
