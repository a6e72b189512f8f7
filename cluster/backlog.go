package cluster

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/wire"
)

// Backlog bound defaults. The derived bound aims at a queue the farm
// clears in DefaultBacklogTarget at the pace it has shown; the floor
// keeps every prover of a small farm fed through a result's round trip
// before the pace is known, the ceiling caps disk and snapshot size
// whatever the farm claims.
const (
	DefaultBacklogTarget = 60 * time.Second
	// DefaultMaxWitnessBytes bounds the witnesses of unproven batches,
	// which each replica keeps on disk and in every snapshot, whatever
	// the batch size: 64 MiB is some 24,000 witnesses of the devnet's
	// 4-transfer batches (about 2.8 kB each), and 160 of 256-slot ones.
	DefaultMaxWitnessBytes = 64 << 20
	backlogFloor           = 16
	backlogCeiling         = 1024
	// paceWindow is how far back the farm's pace is measured, and
	// paceMinBusy how much of it the farm must have had work before the
	// measure counts.
	paceWindow  = 2 * time.Minute
	paceMinBusy = 10 * time.Second
)

// backlog is the bound on batches sequenced and not yet proven. A fixed
// bound is the operator's; otherwise it follows the farm: the rate at
// which this replica's log saw batches proven while the farm had work,
// times the target queue time. Every replica measures the same log, so
// followers refuse at about the leader's bound without asking it; the
// leader alone also counts its mempool.
type backlog struct {
	fixed uint64 // > 0: the operator's bound
	off   bool   // no bound at all
	// maxWitness bounds the unproven batches' witness bytes (0: none).
	maxWitness uint64
	target     time.Duration
	// batchTxs is the batcher's batch size: pending transactions count
	// as the batches they will make.
	batchTxs int
	clock    clock.Clock

	mu      sync.Mutex
	samples []paceSample // oldest first, at least a second apart, paceWindow long
	rate    float64      // batches proven per second while busy; 0 until measured
}

type paceSample struct {
	at       time.Time
	proven   uint64 // batches proven in an unbroken run (ProvenThrough)
	unproven uint64
}

// newBacklog is the bound a replica's config asks for: limit < 0 none,
// limit > 0 fixed, 0 derived from the farm's pace when there is a farm to
// drain the backlog, none otherwise (a sequencer-only cluster). Witness
// bytes are bounded alongside, by maxWitness (0: the default; < 0: none).
func newBacklog(limit int, maxWitness int64, target time.Duration, farm bool, batchTxs int, clk clock.Clock) *backlog {
	b := &backlog{target: target, batchTxs: max(batchTxs, 1), clock: clock.Or(clk)}
	switch {
	case limit > 0:
		b.fixed = uint64(limit)
	case limit < 0 || !farm:
		b.off = true
	}
	switch {
	case b.off:
	case maxWitness == 0:
		b.maxWitness = DefaultMaxWitnessBytes
	case maxWitness > 0:
		b.maxWitness = uint64(maxWitness)
	}
	if b.target <= 0 {
		b.target = DefaultBacklogTarget
	}
	return b
}

// observe records where the log stands now. Calls less than a second
// after the last sample change nothing, so callers need not pace it.
func (b *backlog) observe(proven, unproven uint64) {
	now := b.clock.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if n := len(b.samples); n > 0 && now.Sub(b.samples[n-1].at) < time.Second {
		return
	}
	b.samples = append(b.samples, paceSample{at: now, proven: proven, unproven: unproven})
	cut := 0
	for cut < len(b.samples)-1 && now.Sub(b.samples[cut].at) > paceWindow {
		cut++
	}
	b.samples = b.samples[cut:]
	// Only a farm with work now says anything new of its pace; while it
	// idles, the window slides over its last busy stretch and a shrinking
	// sample of it would only add noise.
	if n := len(b.samples); n < 2 || b.samples[n-2].unproven == 0 {
		return
	}
	if r, ok := busyRate(b.samples); ok {
		b.rate = r
	}
}

// busyRate is batches proven per second over the intervals that began
// with work waiting: an idle farm proves nothing and says nothing of its
// pace. ok is false until the farm was busy for paceMinBusy.
func busyRate(s []paceSample) (rate float64, ok bool) {
	var busy time.Duration
	var proved uint64
	for i := 1; i < len(s); i++ {
		if s[i-1].unproven == 0 {
			continue
		}
		busy += s[i].at.Sub(s[i-1].at)
		if s[i].proven > s[i-1].proven {
			proved += s[i].proven - s[i-1].proven
		}
	}
	if busy < paceMinBusy {
		return 0, false
	}
	return float64(proved) / busy.Seconds(), true
}

// bound is the number of unproven batches at which ingress refuses; 0
// means none.
func (b *backlog) bound() uint64 {
	switch {
	case b.off:
		return 0
	case b.fixed > 0:
		return b.fixed
	}
	b.mu.Lock()
	r := b.rate
	b.mu.Unlock()
	n := uint64(math.Ceil(r * b.target.Seconds()))
	return min(max(n, backlogFloor), backlogCeiling)
}

// pace is the farm's measured pace in batches per second (0: not yet
// measured).
func (b *backlog) pace() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rate
}

// check refuses while the log alone puts the backlog at its bound, in
// batches or in witness bytes: what any replica can tell from its own log.
func (b *backlog) check(unproven, witnessBytes uint64) error {
	if limit := b.bound(); limit > 0 && unproven >= limit {
		return fmt.Errorf("%w: %d batches sequenced and not yet proven (bound %d); retry later", wire.ErrBacklogFull, unproven, limit)
	}
	if b.maxWitness > 0 && witnessBytes >= b.maxWitness {
		return fmt.Errorf("%w: %d bytes of witness of unproven batches (bound %d); retry later", wire.ErrBacklogFull, witnessBytes, b.maxWitness)
	}
	return nil
}

// room is how many API transactions the leader's mempool may hold on top
// of the unproven batches: the batches they will make must fit under the
// bound too, or what was accepted would overrun it (-1: no bound). The
// witness bytes they will add are not known before they are built: that
// bound may be passed by one mempool's worth, which the batch bound keeps
// small.
func (b *backlog) room(unproven, witnessBytes uint64) int {
	limit := b.bound()
	if limit == 0 {
		return -1
	}
	if unproven >= limit || (b.maxWitness > 0 && witnessBytes >= b.maxWitness) {
		return 0
	}
	return int(min(limit-unproven, math.MaxInt32/uint64(b.batchTxs))) * b.batchTxs
}

// run samples the log every second, so the pace is known before the next
// submission asks.
func (b *backlog) run(ctx context.Context, rep *replica) {
	if b.off || b.fixed > 0 {
		return
	}
	t := b.clock.NewTicker(time.Second)
	defer t.Stop()
	for {
		b.sample(rep)
		select {
		case <-ctx.Done():
			return
		case <-t.C():
		}
	}
}

func (b *backlog) sample(rep *replica) {
	var proven, unproven uint64
	rep.read(func(m *fsm.Machine) { proven, unproven = m.ProvenThrough(), unprovenBatches(m) })
	b.observe(proven, unproven)
}

// unprovenBatches is the backlog the bound counts: batches after the last
// one proven in an unbroken run.
func unprovenBatches(m *fsm.Machine) uint64 {
	return m.Head().Number - m.ProvenThrough()
}
