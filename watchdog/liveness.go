package watchdog

import (
	"context"
	"fmt"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// Liveness is a faster sign of a dead prover than its lease running out:
// the provers' heartbeats (queue.BeatWatch, which owns NATS; this package
// stays free of it). It only triggers a look at etcd: a claim is voided
// for silence only once etcd shows its lease missed a keep-alive, so the
// lease stays the authority.
type Liveness interface {
	// Last is the newest heartbeat of batch's attempt: who sent it, and
	// when it arrived (this process's clock). ok false: none heard.
	Last(batch uint64, attempt uint32) (prover string, at time.Time, ok bool)
	// Healthy reports whether silence means something now: the listener
	// has been connected long enough to have heard any beat sent.
	Healthy() bool
}

// missedKeepAlive reports whether a lease granted for granted seconds,
// of which etcd says remaining are left, proves its holder skipped a
// keep-alive. etcd's client renews every granted/3, checked on a 500 ms
// loop, so a holder that renews keeps more than 2·granted/3 − 0.5 s,
// less a round trip (0.5 s allowed here). etcd truncates the remaining
// time to whole seconds: remaining r means less than r+1 s are left. A
// lease of 3 s is thus confirmed with under 1 s left, one of 5 s with
// under 2 s; one of 2 s never (it waits for the expiry). -1: gone.
func missedKeepAlive(remaining, granted int64) bool {
	return float64(remaining+1) <= float64(granted)*2/3-1
}

// beatsMissed reports why c's prover is dead by its heartbeats, with
// etcd's confirmation: its attempt was heard from, has been silent for
// SuspectAfter while the listener was healthy, and its lease has missed
// a keep-alive. ok false: keep the claim (no beats to go on, a listener
// that may have missed them, a lease still renewed, etcd not answering).
func (w *Watchdog) beatsMissed(ctx context.Context, c claimKV, now time.Time) (why string, ok bool) {
	l := w.cfg.Liveness
	if l == nil || c.lease == 0 {
		return "", false
	}
	prover, at, heard := l.Last(c.Batch, c.Attempt)
	silent := now.Sub(at)
	if !heard || prover != c.Prover || silent < w.cfg.SuspectAfter || !l.Healthy() {
		return "", false
	}
	tctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
	r, err := w.cfg.Client.TimeToLive(tctx, clientv3.LeaseID(c.lease))
	cancel()
	if err != nil {
		return "", false
	}
	ref := JobRef{Batch: c.Batch, Attempt: c.Attempt}
	if !missedKeepAlive(r.TTL, r.GrantedTTL) {
		if !w.jobs.renewing[ref] {
			w.jobs.renewing[ref] = true
			w.m.silentUnconfirmed.Inc()
			w.log.Info("claim silent on NATS, but etcd shows no missed keep-alive (yet); kept", "batch", c.Batch, "attempt", c.Attempt,
				"prover", c.Prover, "silent", silent.Round(time.Millisecond), "lease_left_s", r.TTL, "lease_s", r.GrantedTTL)
		}
		return "", false
	}
	return fmt.Sprintf("prover %s sent no heartbeat for %v, and etcd shows its lease missed a keep-alive (%d s of %d left)",
		c.Prover, silent.Round(time.Millisecond), r.TTL, r.GrantedTTL), true
}

// silenceConfirmed reports whether a live claim of the last reading has
// gone silent with its lease confirming it: worth a round now rather
// than at the next tick.
func (w *Watchdog) silenceConfirmed(ctx context.Context) bool {
	now := time.Now()
	for _, c := range w.jobs.live {
		if _, ok := w.beatsMissed(ctx, c, now); ok {
			return true
		}
	}
	return false
}
