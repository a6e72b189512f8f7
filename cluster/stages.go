package cluster

import (
	"slices"
	"sync"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// stageTimes keeps, for the most recent batches, when this replica saw
// each reach its states (wire.BatchTimes: the fsm keeps no clock, since
// replay must be identical, so the times are the replica's own).
type stageTimes struct {
	mu   sync.Mutex
	keep uint64
	top  uint64
	m    map[uint64]*wire.BatchTimes
}

func newStageTimes(keep uint64) *stageTimes {
	return &stageTimes{keep: keep, m: map[uint64]*wire.BatchTimes{}}
}

// mark records that batch b reached the state a command of type t gives;
// the first time counts.
func (s *stageTimes) mark(b uint64, t fsm.CommandType, sequencedMs int64, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	bt := s.m[b]
	if bt == nil {
		if t != fsm.CmdAppendBatch && b+s.keep <= s.top {
			return // long forgotten
		}
		bt = &wire.BatchTimes{}
		s.m[b] = bt
	}
	ms := at.UnixMilli()
	set := func(f *int64, v int64) {
		if *f == 0 {
			*f = v
		}
	}
	// Every command brings the leader's timestamp, so a batch first seen
	// here after its append (a replica restored from a snapshot) still
	// has its start.
	set(&bt.SequencedMs, sequencedMs)
	switch t {
	case fsm.CmdRecordPosted:
		set(&bt.PostedMs, ms)
	case fsm.CmdRecordJob:
		set(&bt.ProvingMs, ms)
	case fsm.CmdRecordProof:
		set(&bt.ProvenMs, ms)
	case fsm.CmdMarkFinalized:
		set(&bt.FinalizedMs, ms)
	}
	if b > s.top {
		for k := s.top + 1 - min(s.top+1, s.keep); k+s.keep <= b; k++ {
			delete(s.m, k) // only what this step pushed out of the window
		}
		s.top = b
	}
}

func (s *stageTimes) get(b uint64) (wire.BatchTimes, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	bt, ok := s.m[b]
	if !ok {
		return wire.BatchTimes{}, false
	}
	return *bt, true
}

// medians returns the median seconds of sequenced→proven and
// proven→finalized over the last n batches that got there. The window
// is contiguous below top, so it is walked newest first under the lock
// (the status page asks once a second).
func (s *stageTimes) medians(n int) (proven, final float64) {
	var p, f []float64
	s.mu.Lock()
	for b := s.top; b > 0 && b+s.keep > s.top && (len(p) < n || len(f) < n); b-- {
		bt, ok := s.m[b]
		if !ok {
			continue
		}
		if bt.ProvenMs > 0 && bt.SequencedMs > 0 && len(p) < n {
			p = append(p, float64(bt.ProvenMs-bt.SequencedMs)/1000)
		}
		if bt.FinalizedMs > 0 && bt.ProvenMs > 0 && len(f) < n {
			f = append(f, float64(bt.FinalizedMs-bt.ProvenMs)/1000)
		}
	}
	s.mu.Unlock()
	return median(p), median(f)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	if len(xs)%2 == 0 {
		return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	return xs[len(xs)/2]
}
