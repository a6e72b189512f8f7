package watchdog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/baton-rollup/baton/internal/ctxsleep"
)

// ClaimError says why a claim was refused. prover's worker tells the cases
// apart through the Superseded and Held methods, without importing etcd.
type ClaimError struct {
	Batch   uint64
	Attempt uint32
	// superseded: the attempt was voided, already proven, or a later one
	// exists; the job message is stale. Otherwise another prover holds it.
	superseded bool
	Holder     string
	Why        string
}

func (e *ClaimError) Error() string {
	if e.superseded {
		return fmt.Sprintf("batch %d attempt %d superseded: %s", e.Batch, e.Attempt, e.Why)
	}
	return fmt.Sprintf("batch %d attempt %d held by prover %s", e.Batch, e.Attempt, e.Holder)
}

// Superseded reports whether the job should be dropped.
func (e *ClaimError) Superseded() bool { return e.superseded }

// Held reports whether a live prover works on the same attempt.
func (e *ClaimError) Held() bool { return !e.superseded }

// ErrNoLease is returned while the prover holds no etcd lease (etcd away).
var ErrNoLease = errors.New("no etcd lease")

// ErrClaimLost is returned by a claim's updates once the watchdog voided it.
var ErrClaimLost = errors.New("claim voided by the watchdog")

// Prover keeps one prover's registration under its lease and makes its job
// claims.
type Prover struct {
	cli  *clientv3.Client
	keys Keys
	ttl  time.Duration
	log  *slog.Logger
	// DefaultDeadline applies to a circuit the watchdog has no measured
	// deadline for yet.
	defaultDeadline time.Duration

	mu      sync.Mutex
	sess    *concurrency.Session
	rec     ProverRecord
	changed chan struct{}
}

// NewProver prepares the registration rec; Run keeps it in etcd.
func NewProver(cli *clientv3.Client, keys Keys, rec ProverRecord, ttl, defaultDeadline time.Duration, log *slog.Logger) *Prover {
	rec.StartedMs = nowMs()
	return &Prover{cli: cli, keys: keys, ttl: ttl, log: log, defaultDeadline: defaultDeadline, rec: rec, changed: make(chan struct{}, 1)}
}

// Run holds the lease and the registration until ctx ends, then revokes the
// lease at once: the registration and any claim go with it.
func (p *Prover) Run(ctx context.Context) {
	holdLeases(ctx, p.cli, p.ttl, p.log, "prover registration", func(s *concurrency.Session) {
		p.mu.Lock()
		p.sess = s
		p.mu.Unlock()
		p.register(ctx, s)
		p.mu.Lock()
		p.sess = nil
		p.mu.Unlock()
	})
}

func (p *Prover) register(ctx context.Context, s *concurrency.Session) {
	t := time.NewTicker(max(p.ttl, time.Second))
	defer t.Stop()
	for {
		p.mu.Lock()
		p.rec.UpdatedMs = nowMs()
		val := encode(p.rec)
		p.mu.Unlock()
		wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		if _, err := p.cli.Put(wctx, p.keys.Prover(p.rec.ID), val, clientv3.WithLease(s.Lease())); err != nil && ctx.Err() == nil {
			p.log.Warn("etcd registration", "err", err)
		}
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-s.Done():
			return
		case <-t.C:
		case <-p.changed:
		}
	}
}

func (p *Prover) setJob(j *JobRef, proved bool) {
	p.mu.Lock()
	p.rec.Job = j
	if proved {
		p.rec.Proved++
	}
	p.mu.Unlock()
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// Up reports whether the prover holds a lease now (baton_etcd_up).
func (p *Prover) Up() bool { return p.session() != nil }

// WaitLease waits until the prover holds a lease (or ctx ends), so its
// first job is claimed rather than proven unrecorded.
func (p *Prover) WaitLease(ctx context.Context) error {
	for p.session() == nil {
		if !ctxsleep.Sleep(ctx, 50*time.Millisecond) {
			return ctx.Err()
		}
	}
	return nil
}

func (p *Prover) session() *concurrency.Session {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sess
}

// deadline reads the circuit's current proving deadline.
func (p *Prover) deadline(ctx context.Context, circuit string) time.Duration {
	r, err := p.cli.Get(ctx, p.keys.Deadline(circuit))
	if err != nil || len(r.Kvs) == 0 {
		return p.defaultDeadline
	}
	d, err := decode[DeadlineRecord](r.Kvs[0].Value)
	if err != nil || d.DeadlineMs <= 0 {
		return p.defaultDeadline
	}
	return time.Duration(d.DeadlineMs) * time.Millisecond
}

// JobClaim is a claim this prover holds. Its methods may be called from
// the proving goroutine and the worker at once (shutdown).
type JobClaim struct {
	p     *Prover
	lease clientv3.LeaseID

	mu    sync.Mutex
	claim Claim
	rev   int64 // mod revision of our jobs/<batch> key
}

// update runs ops if the claim is still ours: compared on the revision we
// last wrote, and when that compare fails (an earlier update whose answer
// was lost did commit), on the key read again: still this prover's
// attempt under this lease means still ours.
func (c *JobClaim) update(ctx context.Context, ops ...clientv3.Op) (rev int64, err error) {
	jk := c.p.keys.Job(c.claim.Batch)
	for range 2 {
		r, err := c.p.cli.Txn(ctx).If(clientv3.Compare(clientv3.ModRevision(jk), "=", c.rev)).Then(ops...).Commit()
		if err != nil {
			return 0, err
		}
		if r.Succeeded {
			return r.Header.Revision, nil
		}
		g, err := c.p.cli.Get(ctx, jk)
		if err != nil {
			return 0, err
		}
		if len(g.Kvs) == 0 || clientv3.LeaseID(g.Kvs[0].Lease) != c.lease {
			return 0, ErrClaimLost
		}
		cur, err := decode[Claim](g.Kvs[0].Value)
		if err != nil || cur.Prover != c.claim.Prover || cur.Attempt != c.claim.Attempt {
			return 0, ErrClaimLost
		}
		c.rev = g.Kvs[0].ModRevision
	}
	return 0, ErrClaimLost
}

// Claim takes batch's attempt for this prover, in one compare-and-swap
// transaction under the prover's lease. It refuses (a *ClaimError) an
// attempt that was voided or finished, or that a live prover holds; it
// takes over an attempt whose claimant is gone (its claim went with its
// lease) unless the watchdog voided it first.
func (p *Prover) Claim(ctx context.Context, batch uint64, attempt uint32, circuit string) (*JobClaim, error) {
	s := p.session()
	if s == nil {
		return nil, ErrNoLease
	}
	// A batch every replica has proven needs no prover, whatever the
	// message says (a redelivery after the watchdog dropped its records).
	if r, err := p.cli.Get(ctx, p.keys.ProvenThrough()); err == nil && len(r.Kvs) > 0 {
		if through, err := strconv.ParseUint(string(r.Kvs[0].Value), 10, 64); err == nil && batch <= through {
			return nil, &ClaimError{Batch: batch, Attempt: attempt, superseded: true, Why: fmt.Sprintf("proven (every batch through %d is)", through)}
		}
	}
	jk, ak := p.keys.Job(batch), p.keys.Attempt(batch, attempt)
	now := nowMs()
	c := Claim{Prover: p.rec.ID, Batch: batch, Attempt: attempt, Circuit: circuit, StartMs: now,
		DeadlineMs: now + p.deadline(ctx, circuit).Milliseconds(), ProgressMs: now, Phase: "claimed"}
	a := AttemptRecord{Prover: p.rec.ID, Circuit: circuit, StartMs: now}
	// First try: nobody has touched the batch's current claim or this
	// attempt. Later tries compare the revisions read.
	cmps := []clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(jk), "=", 0), clientv3.Compare(clientv3.CreateRevision(ak), "=", 0)}
	for range 8 {
		r, err := p.cli.Txn(ctx).If(cmps...).
			Then(clientv3.OpPut(jk, encode(c), clientv3.WithLease(s.Lease())), clientv3.OpPut(ak, encode(a))).
			Else(clientv3.OpGet(jk), clientv3.OpGet(ak)).Commit()
		if err != nil {
			return nil, fmt.Errorf("claim batch %d: %w", batch, err)
		}
		if r.Succeeded {
			p.setJob(&JobRef{Batch: batch, Attempt: attempt}, false)
			return &JobClaim{p: p, lease: s.Lease(), claim: c, rev: r.Header.Revision}, nil
		}
		jkv, akv := r.Responses[0].GetResponseRange().Kvs, r.Responses[1].GetResponseRange().Kvs
		cmps = cmps[:0]
		if len(akv) > 0 {
			old, err := decode[AttemptRecord](akv[0].Value)
			if err != nil {
				return nil, fmt.Errorf("attempt record of batch %d: %w", batch, err)
			}
			switch {
			case old.Voided:
				return nil, &ClaimError{Batch: batch, Attempt: attempt, superseded: true, Why: "voided: " + old.Reason}
			case old.Done:
				return nil, &ClaimError{Batch: batch, Attempt: attempt, superseded: true, Why: "already proven by " + old.Prover}
			}
			cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(ak), "=", akv[0].ModRevision))
		} else {
			cmps = append(cmps, clientv3.Compare(clientv3.CreateRevision(ak), "=", 0))
		}
		if len(jkv) > 0 {
			cur, err := decode[Claim](jkv[0].Value)
			if err != nil {
				return nil, fmt.Errorf("claim of batch %d: %w", batch, err)
			}
			switch {
			case cur.Attempt > attempt:
				return nil, &ClaimError{Batch: batch, Attempt: attempt, superseded: true, Why: fmt.Sprintf("attempt %d is out", cur.Attempt)}
			case cur.Attempt == attempt:
				return nil, &ClaimError{Batch: batch, Attempt: attempt, Holder: cur.Prover}
			}
			// An older attempt's claimant is still at it (the leader
			// offered a new attempt without the watchdog): the new attempt
			// takes the key; the old prover's updates will fail.
			cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(jk), "=", jkv[0].ModRevision))
		} else {
			cmps = append(cmps, clientv3.Compare(clientv3.CreateRevision(jk), "=", 0))
		}
	}
	return nil, fmt.Errorf("claim batch %d: too much contention", batch)
}

// Progress records that the proof reached phase. Only real steps of the
// work call it, never a timer: a hung prover must look hung.
func (c *JobClaim) Progress(ctx context.Context, phase string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.claim.Phase, c.claim.ProgressMs = phase, nowMs()
	rev, err := c.update(ctx, clientv3.OpPut(c.p.keys.Job(c.claim.Batch), encode(c.claim), clientv3.WithLease(c.lease)))
	if err != nil {
		return err
	}
	c.rev = rev
	return nil
}

// Done records a published proof: the claim goes, the attempt is marked
// done with its proving time (the watchdog's deadlines learn from it). A
// voided claim's proof is still published by the caller; only the record
// is left alone then.
func (c *JobClaim) Done(ctx context.Context, took time.Duration) error {
	defer c.p.setJob(nil, true)
	c.mu.Lock()
	defer c.mu.Unlock()
	jk, ak := c.p.keys.Job(c.claim.Batch), c.p.keys.Attempt(c.claim.Batch, c.claim.Attempt)
	a := AttemptRecord{Prover: c.claim.Prover, Circuit: c.claim.Circuit, StartMs: c.claim.StartMs, Done: true, ProveMs: took.Milliseconds()}
	_, err := c.update(ctx, clientv3.OpDelete(jk), clientv3.OpPut(ak, encode(a)))
	return err
}

// Release gives the claim up without a proof, as the caller hands the
// job back to the queue (shutdown, a failure to retry): JetStream
// redelivers it at once, so the attempt is marked released rather than
// left for the watchdog to void, which would start a new attempt and
// with it a fresh retry budget.
func (c *JobClaim) Release(ctx context.Context) error {
	defer c.p.setJob(nil, false)
	c.mu.Lock()
	defer c.mu.Unlock()
	jk, ak := c.p.keys.Job(c.claim.Batch), c.p.keys.Attempt(c.claim.Batch, c.claim.Attempt)
	a := AttemptRecord{Prover: c.claim.Prover, Circuit: c.claim.Circuit, StartMs: c.claim.StartMs, Released: true}
	_, err := c.update(ctx, clientv3.OpDelete(jk), clientv3.OpPut(ak, encode(a)))
	return err
}
