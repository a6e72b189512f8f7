package watchdog

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// jobWatch is what the active instance remembers about proof attempts.
type jobWatch struct {
	// samples: recent proof times per circuit, newest last.
	samples map[string][]int64
	// sampledRev: every done attempt up to this etcd revision has been
	// sampled. A done record is never written again, so its revision says
	// when it finished: a set of sampled refs would forget them (and count
	// them again) whenever their records outlive the bookkeeping.
	sampledRev int64
	// reoffer: voided attempts whose new attempt the leader has not yet
	// confirmed. Filled on election from etcd, so a failover loses none.
	reoffer map[JobRef]bool
	fresh   bool // reoffer not yet rebuilt from etcd since election
	// seen: when this instance first saw each live claim. Deadlines run
	// from it on this clock: the prover's StartMs is another machine's.
	seen map[JobRef]time.Time
	// live: the live claims of the last reading, watched for silence
	// between checks; renewing: those found silent while etcd showed
	// their lease renewed (logged and counted once).
	live     map[JobRef]claimKV
	renewing map[JobRef]bool
}

func (j *jobWatch) reset() {
	j.reoffer, j.fresh = map[JobRef]bool{}, true
	j.seen = map[JobRef]time.Time{}
	j.live, j.renewing = map[JobRef]claimKV{}, map[JobRef]bool{}
	if j.samples == nil {
		j.samples = map[string][]int64{}
	}
}

// checkJobs voids attempts whose claimant is gone or past its deadline and
// asks the leader for new ones, learns proof times, updates deadlines and
// drops the records of proven batches.
func (w *Watchdog) checkJobs(ctx context.Context, v *view) {
	j := &w.jobs
	var provenThrough uint64
	for _, s := range v.sequencers {
		provenThrough = max(provenThrough, s.ProvenThrough)
	}
	// The highest attempt recorded per batch: older voided ones need no
	// new attempt from us.
	highest := map[uint64]uint32{}
	for _, a := range v.attempts {
		highest[a.batch] = max(highest[a.batch], a.attempt)
	}
	var drop []uint64
	clear(j.live)
	for _, a := range v.attempts {
		ref := JobRef{Batch: a.batch, Attempt: a.attempt}
		if a.Done && a.rev > j.sampledRev {
			w.sample(a.Circuit, a.ProveMs)
		}
		if a.batch <= provenThrough {
			if len(drop) == 0 || drop[len(drop)-1] != a.batch {
				drop = append(drop, a.batch)
			}
			delete(j.seen, ref)
			delete(j.renewing, ref)
			continue
		}
		if j.fresh && a.Voided && a.attempt == highest[a.batch] {
			j.reoffer[ref] = true
		}
		if a.Done || a.Voided || a.Released {
			continue
		}
		c, claimed := v.claims[a.batch]
		switch {
		case claimed && c.Attempt > a.attempt:
			w.void(ctx, a, nil, "superseded", fmt.Sprintf("attempt %d is claimed", c.Attempt), false)
		case !claimed || c.Attempt < a.attempt:
			w.void(ctx, a, nil, "lease_expired", fmt.Sprintf("claim of prover %s is gone (its lease ended)", a.Prover), true)
		default:
			if why, dead := w.beatsMissed(ctx, c, v.at); dead {
				w.void(ctx, a, &c, "heartbeats_missed", why, true)
				continue
			}
			j.live[ref] = c
			first, ok := j.seen[ref]
			if !ok {
				first = v.at
				j.seen[ref] = first
			}
			limit := time.Duration(c.DeadlineMs-c.StartMs) * time.Millisecond
			if v.at.Sub(first) > limit {
				w.void(ctx, a, &c, "deadline", fmt.Sprintf("prover %s claimed it %v ago (seen here), deadline %v, last progress %q",
					c.Prover, v.at.Sub(first).Round(time.Millisecond), limit, c.Phase), true)
			}
		}
	}
	j.fresh = false
	j.sampledRev = max(j.sampledRev, v.rev)
	published := w.publishProven(ctx, v, provenThrough)
	w.reofferPending(ctx, v)
	w.updateDeadlines(ctx, v)
	if published {
		w.dropProven(ctx, drop)
	}
}

// void gives an attempt up in one transaction that also removes its claim
// (when it has one), comparing revisions so a prover that finished in the
// meantime wins. Then the leader is asked for a new attempt.
func (w *Watchdog) void(ctx context.Context, a attemptKV, c *claimKV, kind, why string, reoffer bool) {
	k := w.cfg.Keys
	ak := k.Attempt(a.batch, a.attempt)
	rec := a.AttemptRecord
	rec.Voided, rec.VoidedMs, rec.Reason = true, nowMs(), why
	cmps := []clientv3.Cmp{clientv3.Compare(clientv3.ModRevision(ak), "=", a.rev)}
	ops := []clientv3.Op{clientv3.OpPut(ak, encode(rec))}
	if c != nil {
		jk := k.Job(a.batch)
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(jk), "=", c.rev))
		ops = append(ops, clientv3.OpDelete(jk))
	}
	// Only while this instance still holds the election: a deposed one
	// whose session has not noticed yet must not act beside its successor.
	cmps = append(cmps, w.fence...)
	tctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
	r, err := w.cfg.Client.Txn(tctx).If(cmps...).Then(ops...).Commit()
	cancel()
	if err != nil {
		w.log.Warn("voiding an attempt failed; the next round tries again", "batch", a.batch, "attempt", a.attempt, "err", err)
		return
	}
	if !r.Succeeded {
		// Changed under us (finished, taken over) or no longer elected:
		// the next round reads it again.
		return
	}
	w.m.voided.WithLabelValues(kind).Inc()
	w.log.Warn("proof attempt voided", "batch", a.batch, "attempt", a.attempt, "prover", a.Prover, "reason", kind, "evidence", why)
	w.remember(ctx, Decision{Action: "void_attempt", Reason: kind, What: fmt.Sprintf("batch %d attempt %d: %s", a.batch, a.attempt, why)})
	if reoffer {
		w.jobs.reoffer[JobRef{Batch: a.batch, Attempt: a.attempt}] = true
	}
}

// publishProven writes how far every batch is proven before the attempt
// records below it are dropped: a job message redelivered after its
// records are gone would otherwise look brand new to a prover and be
// proven again. It reports whether etcd holds through (or more) now.
func (w *Watchdog) publishProven(ctx context.Context, v *view, through uint64) bool {
	if through <= v.provenThrough {
		return true
	}
	tctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
	defer cancel()
	_, err := w.cfg.Client.Put(tctx, w.cfg.Keys.ProvenThrough(), padBatch(through))
	return err == nil
}

// reofferPending asks the leader for a new attempt of every voided one
// not yet confirmed. The leader's answer is idempotent (it does nothing
// when a later attempt is out or the batch is proven), so asking again
// after a timeout or a failover is safe.
func (w *Watchdog) reofferPending(ctx context.Context, v *view) {
	if len(w.jobs.reoffer) == 0 {
		return
	}
	l, ok := currentLeader(v, w.cfg.StaleAfter)
	if !ok || l.API == "" {
		return
	}
	refs := make([]JobRef, 0, len(w.jobs.reoffer))
	for ref := range w.jobs.reoffer {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, func(a, b JobRef) int { return cmp.Compare(a.Batch, b.Batch) })
	fails := 0
	for _, ref := range refs {
		if fails >= 3 {
			// The leader is not answering; the next round asks again
			// rather than spend this one on timeouts.
			return
		}
		tctx, cancel := context.WithTimeout(ctx, w.cfg.TransferTimeout)
		res, err := w.cfg.Admin.ReofferJob(tctx, l.API, ref.Batch, ref.Attempt)
		cancel()
		if err == nil && !res.Proven && res.Attempt <= ref.Attempt {
			err = fmt.Errorf("the leader answered attempt %d, not past the voided one", res.Attempt)
		}
		if err != nil {
			fails++
			w.m.reoffers.WithLabelValues("error").Inc()
			w.log.Warn("asking the leader for a new attempt failed; will ask again", "batch", ref.Batch, "voided", ref.Attempt, "leader", l.ID, "err", err)
			continue
		}
		delete(w.jobs.reoffer, ref)
		outcome := "offered"
		if res.Proven {
			outcome = "proven"
		}
		w.m.reoffers.WithLabelValues(outcome).Inc()
		w.log.Info("new attempt out", "batch", ref.Batch, "voided", ref.Attempt, "attempt", res.Attempt, "proven", res.Proven)
	}
}

// minDeadlineSamples: proof times needed before a stored deadline made
// from more of them is replaced.
const minDeadlineSamples = 10

func (w *Watchdog) sample(circuit string, ms int64) {
	if ms <= 0 {
		return
	}
	s := append(w.jobs.samples[circuit], ms)
	if len(s) > w.cfg.DeadlineWindow {
		s = s[len(s)-w.cfg.DeadlineWindow:]
	}
	w.jobs.samples[circuit] = s
}

// Deadline is the proving deadline for the measured times: the configured
// percentile times the factor, never below the floor.
func Deadline(samples []int64, percentile, factor float64, floor time.Duration) time.Duration {
	if len(samples) == 0 {
		return floor
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	i := int(math.Ceil(percentile*float64(len(s)))) - 1
	p := time.Duration(s[max(0, min(i, len(s)-1))]) * time.Millisecond
	return max(floor, time.Duration(float64(p)*factor))
}

// updateDeadlines publishes each circuit's deadline when it moved by more
// than a tenth (provers read it when they claim).
func (w *Watchdog) updateDeadlines(ctx context.Context, v *view) {
	for circuit, s := range w.jobs.samples {
		d := Deadline(s, w.cfg.DeadlinePercentile, w.cfg.DeadlineFactor, w.cfg.DeadlineFloor)
		w.m.deadline.WithLabelValues(circuit).Set(d.Seconds())
		cur, ok := v.deadlines[circuit]
		if ok && len(s) < min(cur.Samples, minDeadlineSamples) {
			// A newly elected instance knows few proof times; the stored
			// deadline came from more.
			w.m.deadline.WithLabelValues(circuit).Set(float64(cur.DeadlineMs) / 1000)
			continue
		}
		if ok && math.Abs(float64(cur.DeadlineMs-d.Milliseconds())) <= float64(cur.DeadlineMs)/10 {
			continue
		}
		ps := slices.Clone(s)
		slices.Sort(ps)
		rec := DeadlineRecord{DeadlineMs: d.Milliseconds(), P95Ms: ps[max(0, int(math.Ceil(0.95*float64(len(ps))))-1)], Samples: len(s), UpdatedMs: nowMs()}
		tctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
		if _, err := w.cfg.Client.Put(tctx, w.cfg.Keys.Deadline(circuit), encode(rec)); err == nil {
			w.log.Info("proof deadline updated", "circuit", circuit, "deadline", d, "p95_ms", rec.P95Ms, "samples", rec.Samples)
		}
		cancel()
	}
}

// dropProven deletes the attempt records of batches that need no prover
// again, a transaction of up to 64 batches at a time.
func (w *Watchdog) dropProven(ctx context.Context, batches []uint64) {
	k := w.cfg.Keys
	for len(batches) > 0 {
		n := min(len(batches), 64)
		ops := make([]clientv3.Op, 0, 2*n)
		for _, b := range batches[:n] {
			ops = append(ops, clientv3.OpDelete(k.BatchAttempts(b), clientv3.WithPrefix()))
		}
		batches = batches[n:]
		tctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
		_, err := w.cfg.Client.Txn(tctx).Then(ops...).Commit()
		cancel()
		if err != nil {
			return
		}
	}
}
