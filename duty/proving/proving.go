// Package proving is the leader's part of the prover farm: publish a
// proof job for every committed, unproven batch, verify the results
// against the log and record valid proofs through Raft, offer stalled or
// rejected jobs again, and sweep exhausted ones to the dead letters.
package proving

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/queue"
)

// ProofSystem is what the leader needs of the proof system: the
// verifying keys of every circuit size (prover.Verifiers provides it;
// cmd/baton wires them, so the sequencer side does not import prover).
type ProofSystem interface {
	// Circuit names the circuit that proves rec (the smallest size that
	// holds it): its tag in job subjects, so the job reaches only provers
	// with keys for that size, and the key id jobs and proofs carry.
	Circuit(rec *fsm.BatchRecord) (tag, keyID string, err error)
	// Sizes are the circuit sizes it has keys for (the genesis's, all of
	// them); Tags their tags (queue depth is sampled per circuit).
	Sizes() fsm.Sizes
	Tags() []string
	// JobInput encodes an unproven batch for provers.
	JobInput(rec *fsm.BatchRecord, w *fsm.Witness) ([]byte, error)
	// VerifyBatch checks a proof natively against the public inputs the
	// log gives for the batch, with the key of its circuit, the one its
	// L1 verifier is made from.
	VerifyBatch(rec *fsm.BatchRecord, proof []byte) error
	// SolidityProof turns a recorded proof into the L1 verifier's words.
	SolidityProof(proof []byte) ([8]*big.Int, error)
}

// Config connects a replica to the prover farm. Without it batches stay
// sequenced.
type Config struct {
	Queue  *queue.Queue
	System ProofSystem
	// Sweep is how often the leader moves exhausted jobs to the dead
	// letters and samples the queue depth (default 2 s).
	Sweep time.Duration
	// Reoffer is how long a batch may stay unproven after its job went
	// out before the leader offers it again as a new attempt: the backstop
	// for a job lost on the way (its result undecodable, say). Zero means
	// ten minutes.
	Reoffer time.Duration
}

// Log is what the duty needs of the replica: its log and state, and
// Raft to record through.
type Log interface {
	// Read runs f against the state under the read lock.
	Read(f func(m *fsm.Machine))
	// Applied returns a channel closed when the next batch is applied.
	Applied() <-chan struct{}
	// Propose applies a command through Raft and returns its typed
	// result (res.Err: committed but rejected).
	Propose(cmd fsm.Command) (fsm.Result, error)
	// Leader is nil while this replica leads, else the error to answer
	// a leader-only request with.
	Leader() error
}

// Deps are what the duty works with besides its Config.
type Deps struct {
	Log     Log
	Metrics prometheus.Registerer
	// Clock is the time source (nil: the wall clock).
	Clock  clock.Clock
	Logger *slog.Logger
}

// Duty is the proving duty of one replica. Run works for one leadership;
// the leader-only requests (ReplayDead, Reoffer) may come at any time.
type Duty struct {
	cfg   Config
	log   Log
	clock clock.Clock
	slog  *slog.Logger
	m     *metrics
	// unserved counts, per circuit, the sweeps in a row that found its
	// jobs waiting with no prover fetching or proving any of them.
	unserved map[string]int
}

// New returns the duty and registers its metrics.
func New(cfg Config, d Deps) *Duty {
	lg := d.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &Duty{cfg: cfg, log: d.Log, clock: clock.Or(d.Clock), slog: lg, m: newMetrics(d.Metrics),
		unserved: map[string]int{}}
}

// Run is the duty while this replica leads: publish a job for every
// committed, unproven batch (all of them on taking over: idempotent by
// message id), verify and record results, and move exhausted jobs to the
// dead letters.
func (d *Duty) Run(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.acceptResults(ctx)
	}()
	defer func() { <-done }()
	sweep := d.clock.NewTicker(cmp.Or(d.cfg.Sweep, 2*time.Second))
	defer sweep.Stop()
	retry := d.clock.NewTimer(time.Second)
	retry.Stop()
	defer retry.Stop()
	// On taking over, every unfinished batch is a candidate: the log says
	// which are unproven; a job already out is dropped as a repeat.
	var (
		todo []uint64
		next uint64
		// offered: when this leader last offered each unproven batch.
		offered = map[uint64]offerMark{}
		reoffer = cmp.Or(d.cfg.Reoffer, 10*time.Minute)
	)
	d.log.Read(func(m *fsm.Machine) { todo, next = m.Unfinished(), m.Head().Number+1 })
	for {
		applied := d.log.Applied()
		var head uint64
		d.log.Read(func(m *fsm.Machine) { head = m.Head().Number })
		for b := next; b <= head; b++ {
			todo = append(todo, b)
		}
		next = head + 1
		var failed []uint64
		for _, b := range todo {
			if ctx.Err() != nil {
				return
			}
			a, err := d.offerPast(ctx, b, false, 0)
			if err != nil {
				d.slog.Warn("publish proof job failed; will retry", "batch", b, "err", err)
				failed = append(failed, b)
				continue
			}
			if a > 0 {
				offered[b] = offerMark{at: d.clock.Now(), attempt: a}
			}
		}
		todo = failed
		var again <-chan time.Time // nil (never) unless publishing failed
		if len(todo) > 0 {
			retry.Reset(time.Second)
			again = retry.C()
		}
		select {
		case <-ctx.Done():
			return
		case <-applied:
		case <-again:
		case <-sweep.C():
			d.sweepJobs(ctx)
			d.reofferStalled(ctx, offered, reoffer)
		}
		retry.Stop()
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
func (d *Duty) reofferStalled(ctx context.Context, offered map[uint64]offerMark, after time.Duration) {
	for b, o := range offered {
		var (
			state   fsm.BatchState
			attempt uint32
		)
		d.log.Read(func(m *fsm.Machine) {
			if rec, ok := m.Batch(b); ok {
				state, attempt = rec.State, rec.Attempt
			}
		})
		now := d.clock.Now()
		switch {
		case state == 0 || state >= fsm.StateProven:
			delete(offered, b)
		case attempt > o.attempt:
			offered[b] = offerMark{at: now, attempt: attempt}
		case now.Sub(o.at) > after:
			d.slog.Warn("batch still unproven; offering its job again", "batch", b, "since", now.Sub(o.at).Round(time.Second))
			if a, err := d.offerPast(ctx, b, true, 0); err == nil && a > 0 {
				offered[b] = offerMark{at: d.clock.Now(), attempt: a}
			}
		}
	}
}

// offer publishes the proof job of batch b if it is unproven. With anew,
// it is a new attempt (the last one failed verification or was replayed),
// which JetStream does not drop as a repeat.
func (d *Duty) offer(ctx context.Context, b uint64, anew bool) error {
	_, err := d.offerPast(ctx, b, anew, 0)
	return err
}

// offerPast is offer whose new attempt is also past the attempt given: one
// the watchdog saw voided can be ahead of the log, when its job went out
// but recording it through Raft failed, and offering that number again
// would be dropped by JetStream as a repeat. It returns the attempt it
// published, 0 when the batch needs none (proven, or unknown).
func (d *Duty) offerPast(ctx context.Context, b uint64, anew bool, past uint32) (uint32, error) {
	var (
		rec  fsm.BatchRecord
		ok   bool
		w    *fsm.Witness
		werr error
	)
	// The record and its witness under one lock: a proof recorded in
	// between would prune the witness of the record just read.
	d.log.Read(func(m *fsm.Machine) {
		if rec, ok = m.Batch(b); ok && b > 0 && rec.State < fsm.StateProven {
			w, werr = m.Witness(b)
		}
	})
	if !ok || b == 0 || rec.State >= fsm.StateProven {
		return 0, nil
	}
	if werr != nil {
		return 0, werr
	}
	attempt := max(rec.Attempt, 1)
	if anew {
		attempt = max(rec.Attempt, past) + 1
	}
	tag, keyID, err := d.cfg.System.Circuit(&rec)
	if err != nil {
		return 0, err
	}
	input, err := d.cfg.System.JobInput(&rec, w)
	if err != nil {
		return 0, err
	}
	job := &queue.Job{Batch: b, RaftTerm: rec.RaftTerm, RaftIndex: rec.RaftIndex, Attempt: attempt,
		Circuit: tag, CircuitID: keyID}
	dup, err := d.cfg.Queue.PublishJob(ctx, job, input)
	if err != nil {
		return 0, err
	}
	d.m.published.Inc()
	if attempt > rec.Attempt {
		if _, err := d.log.Propose(fsm.Command{Type: fsm.CmdRecordJob, Number: b, Attempt: attempt}); err != nil {
			// The job is out either way; a later leader records it.
			return 0, fmt.Errorf("record job: %w", err)
		}
	}
	d.slog.Debug("proof job published", "batch", b, "attempt", attempt, "repeat", dup)
	return attempt, nil
}

// batch is batch b as the log holds it.
func (d *Duty) batch(b uint64) (rec fsm.BatchRecord, ok bool) {
	d.log.Read(func(m *fsm.Machine) { rec, ok = m.Batch(b) })
	return rec, ok
}

// sweepJobs moves exhausted jobs to the dead letters and samples the depth.
func (d *Duty) sweepJobs(ctx context.Context) {
	moved, err := d.cfg.Queue.MoveExhausted(ctx)
	if err != nil && ctx.Err() == nil {
		d.slog.Warn("dead-letter sweep", "err", err)
	}
	for _, b := range moved {
		d.m.dead.Inc()
		d.slog.Error("proof job exhausted its deliveries; dead-lettered (baton ctl jobs replay)", "batch", b)
	}
	var depth uint64
	for _, tag := range d.cfg.System.Tags() {
		j, err := d.cfg.Queue.JobsOf(ctx, tag)
		if err != nil {
			continue // sampled again next sweep; one circuit's error hides no other
		}
		depth += j.Pending + j.InFlight
		d.m.pending.WithLabelValues(tag).Set(float64(j.Pending))
		d.noteUnserved(tag, j)
	}
	d.m.depth.Set(float64(depth))
}

// noteUnserved warns when a circuit's jobs wait for a while with no
// prover taking them: no prover has that size's keys (or the keys the
// cluster verifies with), and its batches will never be proven until one
// does. Every 30 sweeps after the 15th (a minute, at the default 2 s).
func (d *Duty) noteUnserved(tag string, j queue.CircuitJobs) {
	if j.Pending == 0 || j.InFlight > 0 || j.Waiting > 0 {
		delete(d.unserved, tag)
		return
	}
	d.unserved[tag]++
	if n := d.unserved[tag]; n >= 15 && (n-15)%30 == 0 {
		d.slog.Warn("proof jobs wait for a circuit no prover serves: start a prover with its keys (baton prover --sizes)",
			"circuit", tag, "pending", j.Pending, "sweeps", n)
	}
}

// ReplayDead takes batch b's job out of the dead letters and offers it
// again as a new attempt. Only the leader can.
func (d *Duty) ReplayDead(ctx context.Context, b uint64) error {
	if err := d.log.Leader(); err != nil {
		return err
	}
	if _, err := d.cfg.Queue.DeadJob(ctx, b); err != nil {
		return err
	}
	// Offer first: if that fails, the dead letter is still there.
	if err := d.offer(ctx, b, true); err != nil {
		return err
	}
	return d.cfg.Queue.RemoveDead(ctx, b)
}

// Reoffered is a batch's attempt after a reoffer request; Proven when
// there was nothing left to do.
type Reoffered struct {
	Batch   uint64
	Attempt uint32
	Proven  bool
}

// Reoffer offers batch b again as a new attempt if attempt is still its
// latest and it is unproven. Asking twice, or after another leader already
// moved on, does nothing more: the watchdog cannot know whether its last
// request landed (a timeout has an unknown outcome), so repeats must be
// harmless. A proof from the given-up attempt is still accepted.
func (d *Duty) Reoffer(ctx context.Context, b uint64, attempt uint32) (Reoffered, error) {
	if err := d.log.Leader(); err != nil {
		return Reoffered{}, err
	}
	rec, ok := d.batch(b)
	switch {
	case !ok || b == 0:
		return Reoffered{}, fmt.Errorf("%w: %d", fsm.ErrUnknownBatch, b)
	case rec.State >= fsm.StateProven:
		return Reoffered{Batch: b, Attempt: rec.Attempt, Proven: true}, nil
	case rec.Attempt > attempt:
		return Reoffered{Batch: b, Attempt: rec.Attempt}, nil
	}
	out, err := d.offerPast(ctx, b, true, attempt)
	if err != nil {
		return Reoffered{}, err
	}
	if out == 0 {
		// Proven since the check above: nothing was offered.
		rec, _ = d.batch(b)
		return Reoffered{Batch: b, Attempt: rec.Attempt, Proven: true}, nil
	}
	d.m.reoffered.Inc()
	d.slog.Info("proof attempt given up; batch offered again", "batch", b, "voided", attempt, "attempt", out)
	return Reoffered{Batch: b, Attempt: out}, nil
}
