package cluster

import (
	"cmp"
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/raft"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/wire"
)

// ProofSystem is what the leader needs of the proof system; prover.Keys
// provides it (cmd/baton wires them, so cluster does not import prover).
type ProofSystem interface {
	// KeyID names circuit and keys; jobs carry it.
	KeyID() string
	// Tag is the circuit size in job subjects.
	Tag() string
	// BatchSize is the circuit's operation slots: no batch may be longer.
	BatchSize() int
	// JobInput encodes an unproven batch for provers.
	JobInput(rec *fsm.BatchRecord) ([]byte, error)
	// VerifyBatch checks a proof natively against the public inputs the
	// log gives for the batch, with the key the L1 verifier is made from.
	VerifyBatch(rec *fsm.BatchRecord, proof []byte) error
	// SolidityProof turns a recorded proof into the L1 verifier's words.
	SolidityProof(proof []byte) ([8]*big.Int, error)
}

// ProvingConfig connects a replica to the prover farm. Without it batches
// stay sequenced.
type ProvingConfig struct {
	Queue  *queue.Queue
	System ProofSystem
	// Sweep is how often the leader moves exhausted jobs to the dead
	// letters and samples the queue depth.
	Sweep time.Duration
	// Reoffer is how long a batch may stay unproven after its job went
	// out before the leader offers it again as a new attempt: the backstop
	// for a job lost on the way (its result undecodable, say). Zero means
	// ten minutes.
	Reoffer time.Duration
}

type provingMetrics struct {
	published  prometheus.Counter
	accepted   prometheus.Counter
	rejected   prometheus.Counter
	rejectedBy *prometheus.CounterVec
	duplicates prometheus.Counter
	dead       prometheus.Counter
	reoffered  prometheus.Counter
	depth      prometheus.Gauge
	toProven   prometheus.Histogram
}

func newProvingMetrics(reg prometheus.Registerer) *provingMetrics {
	m := &provingMetrics{
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proof_jobs_published_total", Help: "Proof jobs the leader published (repeats JetStream dropped included)."}),
		accepted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proofs_accepted_total", Help: "Proofs verified and recorded through Raft."}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proofs_rejected_total", Help: "Proofs that did not verify."}),
		rejectedBy: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_proofs_rejected_by_prover_total", Help: "Proofs that did not verify, by prover."}, []string{"prover"}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proofs_duplicate_total", Help: "Results for batches already proven (harmless)."}),
		dead: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proof_jobs_dead_total", Help: "Jobs moved to the dead letters after MaxDeliver."}),
		reoffered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_proof_jobs_reoffered_total", Help: "Attempts given up on the watchdog's request and offered again."}),
		depth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_proof_job_queue_depth", Help: "Jobs waiting or in progress (sampled by the leader)."}),
		toProven: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_batch_sequenced_to_proven_seconds", Help: "From a batch's leader timestamp to its proof's record.",
			Buckets: prometheus.ExponentialBuckets(0.25, 2, 14)}),
	}
	reg.MustRegister(m.published, m.accepted, m.rejected, m.rejectedBy, m.duplicates, m.dead, m.reoffered, m.depth, m.toProven)
	return m
}

// runProving is the leader's part of the prover farm, while it leads:
// publish a job for every committed, unproven batch (all of them on taking
// over: idempotent by message id), verify and record results, and move
// exhausted jobs to the dead letters.
func (n *Node) runProving(ctx context.Context) {
	pc := n.cfg.Proving
	if pc == nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.acceptResults(ctx)
	}()
	defer func() { <-done }()
	sweep := time.NewTicker(cmp.Or(pc.Sweep, 2*time.Second))
	defer sweep.Stop()
	// On taking over, every unfinished batch is a candidate: the log says
	// which are unproven; a job already out is dropped as a repeat.
	var (
		todo []uint64
		next uint64
		// offered: when this leader last offered each unproven batch.
		offered = map[uint64]offerMark{}
		reoffer = cmp.Or(pc.Reoffer, 10*time.Minute)
	)
	n.rep.read(func(m *fsm.Machine) { todo, next = m.Unfinished(), m.Head().Number+1 })
	for {
		applied := n.rep.applied.wait()
		var head uint64
		n.rep.read(func(m *fsm.Machine) { head = m.Head().Number })
		for b := next; b <= head; b++ {
			todo = append(todo, b)
		}
		next = head + 1
		var retry []uint64
		for _, b := range todo {
			if ctx.Err() != nil {
				return
			}
			a, err := n.offerPast(ctx, b, false, 0)
			if err != nil {
				n.log.Warn("publish proof job failed; will retry", "batch", b, "err", err)
				retry = append(retry, b)
				continue
			}
			if a > 0 {
				offered[b] = offerMark{at: time.Now(), attempt: a}
			}
		}
		todo = retry
		var again <-chan time.Time // nil (never) unless publishing failed
		if len(todo) > 0 {
			again = time.After(time.Second)
		}
		select {
		case <-ctx.Done():
			return
		case <-applied:
		case <-again:
		case <-sweep.C:
			n.sweepJobs(ctx)
			n.reofferStalled(ctx, offered, reoffer)
		}
	}
}

// offerMark is when a batch's job was last offered, and as which attempt.
type offerMark struct {
	at      time.Time
	attempt uint32
}

// reofferStalled offers again, as a new attempt, every batch still
// unproven longer than after its last offer, and forgets proven ones. A
// later attempt in the log (the watchdog's reoffer, a rejected proof's)
// is an offer too: the clock restarts from it rather than voiding the
// attempt a prover just took.
func (n *Node) reofferStalled(ctx context.Context, offered map[uint64]offerMark, after time.Duration) {
	for b, o := range offered {
		var (
			state   fsm.BatchState
			attempt uint32
		)
		n.rep.read(func(m *fsm.Machine) {
			if rec, ok := m.Batch(b); ok {
				state, attempt = rec.State, rec.Attempt
			}
		})
		switch {
		case state == 0 || state >= fsm.StateProven:
			delete(offered, b)
		case attempt > o.attempt:
			offered[b] = offerMark{at: time.Now(), attempt: attempt}
		case time.Since(o.at) > after:
			n.log.Warn("batch still unproven; offering its job again", "batch", b, "since", time.Since(o.at).Round(time.Second))
			if a, err := n.offerPast(ctx, b, true, 0); err == nil && a > 0 {
				offered[b] = offerMark{at: time.Now(), attempt: a}
			}
		}
	}
}

// offer publishes the proof job of batch b if it is unproven. With anew,
// it is a new attempt (the last one failed verification or was replayed),
// which JetStream does not drop as a repeat.
func (n *Node) offer(ctx context.Context, b uint64, anew bool) error {
	_, err := n.offerPast(ctx, b, anew, 0)
	return err
}

// offerPast is offer whose new attempt is also past the attempt given: one
// the watchdog saw voided can be ahead of the log, when its job went out
// but recording it through Raft failed, and offering that number again
// would be dropped by JetStream as a repeat. It returns the attempt it
// published, 0 when the batch needs none (proven, or unknown).
func (n *Node) offerPast(ctx context.Context, b uint64, anew bool, past uint32) (uint32, error) {
	pc := n.cfg.Proving
	var (
		rec fsm.BatchRecord
		ok  bool
	)
	n.rep.read(func(m *fsm.Machine) { rec, ok = m.Batch(b) })
	if !ok || b == 0 || rec.State >= fsm.StateProven {
		return 0, nil
	}
	attempt := max(rec.Attempt, 1)
	if anew {
		attempt = max(rec.Attempt, past) + 1
	}
	input, err := pc.System.JobInput(&rec)
	if err != nil {
		return 0, err
	}
	job := &queue.Job{Batch: b, RaftTerm: rec.RaftTerm, RaftIndex: rec.RaftIndex, Attempt: attempt,
		Circuit: pc.System.Tag(), CircuitID: pc.System.KeyID()}
	dup, err := pc.Queue.PublishJob(ctx, job, input)
	if err != nil {
		return 0, err
	}
	n.metrics.proving.published.Inc()
	if attempt > rec.Attempt {
		cmd := fsm.Command{Type: fsm.CmdRecordJob, Number: b, Attempt: attempt}
		if _, err := n.propose(cmd.Encode()); err != nil {
			// The job is out either way; a later leader records it.
			return 0, fmt.Errorf("record job: %w", err)
		}
	}
	n.log.Debug("proof job published", "batch", b, "attempt", attempt, "repeat", dup)
	return attempt, nil
}

// acceptResults verifies each result against the log and records a valid
// proof through Raft. An invalid one is rejected, counted against its
// prover, and the job is offered again.
func (n *Node) acceptResults(ctx context.Context) {
	// Whatever ends the consumer or its iterator (a NATS restart, a
	// deleted consumer), take results up again: a leader that stopped here
	// would publish jobs and never record a proof.
	for ctx.Err() == nil {
		if err := n.takeResults(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn("taking proof results; retrying", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}

// takeResults handles results the moment they arrive, until ctx ends or
// the pull fails.
func (n *Node) takeResults(ctx context.Context) error {
	return n.cfg.Proving.Queue.TakeResults(ctx, func(d queue.Delivery) { n.accept(ctx, d) })
}

func (n *Node) accept(ctx context.Context, msg queue.Delivery) {
	pc := n.cfg.Proving
	r, err := queue.DecodeResult(msg.Data())
	if err != nil {
		n.log.Warn("undecodable proof result dropped", "err", err)
		_ = msg.Term("")
		return
	}
	log := n.log.With("batch", r.Batch, "attempt", r.Attempt, "prover", r.Prover)
	var (
		rec fsm.BatchRecord
		ok  bool
	)
	n.rep.read(func(m *fsm.Machine) { rec, ok = m.Batch(r.Batch) })
	switch {
	case !ok || r.Batch == 0:
		log.Warn("result for a batch not in the log dropped")
		_ = msg.Term("")
		return
	case rec.State >= fsm.StateProven:
		n.metrics.proving.duplicates.Inc()
		_ = msg.Ack()
		return
	}
	// Results of any attempt count: a late proof from a voided attempt is
	// as good as any, if it verifies.
	err = nil
	if r.CircuitID != pc.System.KeyID() {
		err = fmt.Errorf("made for keys %s, the cluster uses %s", r.CircuitID, pc.System.KeyID())
	} else {
		err = pc.System.VerifyBatch(&rec, r.Proof)
	}
	if err != nil {
		log.Warn("proof rejected", "err", err)
		n.metrics.proving.rejected.Inc()
		n.metrics.proving.rejectedBy.WithLabelValues(r.Prover).Inc()
		if err := n.offer(ctx, r.Batch, true); err != nil {
			log.Warn("offering the job again failed; the result stays for the next leader", "err", err)
			_ = msg.Nak(time.Second)
			return
		}
		_ = msg.Ack()
		return
	}
	cmd := fsm.Command{Type: fsm.CmdRecordProof, Number: r.Batch, Prover: r.Prover, Proof: r.Proof}
	if _, err := n.propose(cmd.Encode()); err != nil {
		// Not recorded (leadership lost?): leave the result for whoever
		// leads next.
		log.Warn("record proof failed", "err", err)
		_ = msg.Nak(time.Second)
		return
	}
	_ = msg.Ack()
	n.metrics.proving.accepted.Inc()
	n.metrics.proving.toProven.Observe(time.Since(time.UnixMilli(rec.Header.Timestamp)).Seconds())
	for a := uint32(1); a <= max(rec.Attempt, r.Attempt); a++ {
		pc.Queue.DropInput(ctx, r.Batch, a)
	}
	log.Info("proof verified and recorded", "prove_ms", r.ProveMs, "queue_ms", r.QueueMs)
}

// sweepJobs moves exhausted jobs to the dead letters and samples the depth.
func (n *Node) sweepJobs(ctx context.Context) {
	pc := n.cfg.Proving
	moved, err := pc.Queue.MoveExhausted(ctx)
	if err != nil && ctx.Err() == nil {
		n.log.Warn("dead-letter sweep", "err", err)
	}
	for _, b := range moved {
		n.metrics.proving.dead.Inc()
		n.log.Error("proof job exhausted its deliveries; dead-lettered (baton ctl jobs replay)", "batch", b)
	}
	if d, err := pc.Queue.PendingJobs(ctx, pc.System.Tag()); err == nil {
		n.metrics.proving.depth.Set(float64(d))
	}
}

// ReplayDead takes batch b's job out of the dead letters and offers it
// again as a new attempt. Only the leader can.
func (n *Node) ReplayDead(ctx context.Context, b uint64) error {
	pc := n.cfg.Proving
	if pc == nil {
		return fmt.Errorf("%w: this replica runs without provers", fsm.ErrMalformed)
	}
	if !n.IsLeader() {
		return raft.ErrNotLeader
	}
	if _, err := pc.Queue.DeadJob(ctx, b); err != nil {
		return err
	}
	// Offer first: if that fails, the dead letter is still there.
	if err := n.offer(ctx, b, true); err != nil {
		return err
	}
	return pc.Queue.RemoveDead(ctx, b)
}

// ReofferJob offers batch b again as a new attempt if attempt is still its
// latest and it is unproven. Asking twice, or after another leader already
// moved on, does nothing more: the watchdog cannot know whether its last
// request landed (a timeout has an unknown outcome), so repeats must be
// harmless. A proof from the given-up attempt is still accepted.
func (n *Node) ReofferJob(ctx context.Context, b uint64, attempt uint32) (wire.ReofferResult, error) {
	if n.cfg.Proving == nil {
		return wire.ReofferResult{}, fmt.Errorf("%w: this replica runs without provers", fsm.ErrMalformed)
	}
	if !n.IsLeader() {
		return wire.ReofferResult{}, raft.ErrNotLeader
	}
	rec, ok := n.BatchRecord(b)
	switch {
	case !ok || b == 0:
		return wire.ReofferResult{}, fmt.Errorf("%w: %d", fsm.ErrUnknownBatch, b)
	case rec.State >= fsm.StateProven:
		return wire.ReofferResult{Batch: b, Attempt: rec.Attempt, Proven: true}, nil
	case rec.Attempt > attempt:
		return wire.ReofferResult{Batch: b, Attempt: rec.Attempt}, nil
	}
	out, err := n.offerPast(ctx, b, true, attempt)
	if err != nil {
		return wire.ReofferResult{}, err
	}
	if out == 0 {
		// Proven since the check above: nothing was offered.
		rec, _ = n.BatchRecord(b)
		return wire.ReofferResult{Batch: b, Attempt: rec.Attempt, Proven: true}, nil
	}
	n.metrics.proving.reoffered.Inc()
	n.log.Info("proof attempt given up; batch offered again", "batch", b, "voided", attempt, "attempt", out)
	return wire.ReofferResult{Batch: b, Attempt: out}, nil
}

// BatchRecord returns batch b as this replica's log holds it.
func (n *Node) BatchRecord(b uint64) (rec fsm.BatchRecord, ok bool) {
	n.rep.read(func(m *fsm.Machine) { rec, ok = m.Batch(b) })
	return rec, ok
}
