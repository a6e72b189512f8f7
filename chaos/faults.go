package chaos

import (
	"context"
	"sync"
	"time"
)

// settleTimeout is how long the cluster gets, once a step's faults are
// undone, to agree on a leader again. Not agreeing is a finding, not a
// hang.
const settleTimeout = 20 * time.Second

// faults runs the schedule: each step's faults start at its offset, each
// is undone after its hold, and the next step waits for the cluster to
// settle. A fault that cannot be applied (nothing to hit) is said and
// skipped; one that cannot be undone is a finding.
func (r *runner) faults(ctx context.Context, sched Schedule) {
	in := newInjector(r.d, r.px, r.cfg.Seed)
	for n, st := range sched {
		if wait := st.At - time.Since(r.start); wait > 0 {
			sleep(ctx, wait)
		}
		if ctx.Err() != nil {
			return
		}
		var wg sync.WaitGroup
		for _, f := range st.Faults {
			target, undo, err := in.apply(ctx, f)
			if err != nil {
				// Nothing to hit yet (no leader a moment after a double
				// step's first fault, no prover up): once more, shortly.
				sleep(ctx, time.Second)
				target, undo, err = in.apply(ctx, f)
			}
			if err != nil {
				r.say("step %d: %s not applied: %v", n+1, f.Kind, err)
				continue
			}
			at := time.Since(r.start)
			r.mu.Lock()
			r.applied = append(r.applied, applied{Fault: f, Target: target, AtMs: at.Milliseconds()})
			count := len(r.applied)
			r.mu.Unlock()
			r.say("fault %d (step %d): %s on %s for %v", count, n+1, f.Kind, target, f.Hold.Round(time.Millisecond))
			wg.Add(1)
			go func() {
				defer wg.Done()
				sleep(ctx, f.Hold)
				// Undone even when ctx has ended: nothing is left stopped
				// or cut off.
				uctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				if err := undo(uctx); err != nil {
					r.finding("undo %s on %s: %v", f.Kind, target, err)
				}
			}()
		}
		wg.Wait()
		r.settle(ctx, n+1)
	}
}

// settle waits until every replica names the same leader, and that
// leader says it leads.
func (r *runner) settle(ctx context.Context, step int) {
	rs := r.d.Replicas()
	deadline := time.Now().Add(settleTimeout)
	for ctx.Err() == nil {
		leader, agreed := "", true
		for _, st := range rs.Statuses(ctx) {
			switch {
			case st == nil || st.Leader == "":
				agreed = false
			case leader == "":
				leader = st.Leader
			case st.Leader != leader:
				agreed = false
			}
		}
		if agreed && leader != "" {
			return
		}
		if time.Now().After(deadline) {
			r.finding("step %d: no leader every replica agrees on %v after the faults were undone", step, settleTimeout)
			return
		}
		sleep(ctx, 100*time.Millisecond)
	}
}
