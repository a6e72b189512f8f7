package cluster

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/wire"
)

// maxReadyLag is how many entries a caught-up replica may be behind the
// commit index it knows and still call itself ready: a batch or two in
// flight.
const maxReadyLag = 16

// catchUp is the one gate that /readyz and stale reads share, so that the
// two agree by construction. A replica that starts restores its newest
// snapshot, and the log after it is applied only once a leader tells it the
// commit index: until then its state is older than what it served before it
// stopped. It is caught up once it has heard from a leader since start and
// consumed its log up to where it ended at start (startLast), or up to the
// commit index if the leader cut that tail off as uncommitted. Stale reads
// are therefore monotonic per replica across restarts: before it stopped it
// served at most its applied index ≤ startLast. The gate latches; after it,
// readiness keeps the old rule (a leader known, lag ≤ maxReadyLag), while
// stale reads go on serving with their lag stated.
type catchUp struct {
	raft    *raft.Raft
	logs    raft.LogStore
	covered func(idx uint64) bool
	start   time.Time
	// startLast and startTerm: the last log entry at start.
	startLast, startTerm uint64
	reached              atomic.Bool
}

func newCatchUp(r *raft.Raft, logs raft.LogStore, covered func(uint64) bool, start time.Time) *catchUp {
	g := &catchUp{raft: r, logs: logs, covered: covered, start: start, startLast: r.LastIndex()}
	g.startTerm = g.termAt(g.startLast)
	return g
}

// termAt is the term of the entry at idx (0: none, or compacted).
func (g *catchUp) termAt(idx uint64) uint64 {
	if idx == 0 {
		return 0
	}
	var l raft.Log
	if err := g.logs.GetLog(idx, &l); err != nil {
		return 0
	}
	return l.Term
}

// since is nil once this replica has caught up since it started.
func (g *catchUp) since() error {
	if g.reached.Load() {
		return nil
	}
	leader := g.raft.State() == raft.Leader
	if !leader && !g.raft.LastContact().After(g.start) {
		return fmt.Errorf("%w: no leader heard from since start", wire.ErrNotCaughtUp)
	}
	need := g.startLast
	if g.raft.LastIndex() < g.startLast || g.termAt(g.startLast) != g.startTerm {
		// The tail this replica had at start was never committed and the
		// leader replaced it: what it served came from below the cut, so
		// the commit index (set from the leader's, through the cut) is
		// enough.
		need = min(need, g.raft.CommitIndex())
	}
	if !g.covered(need) {
		return fmt.Errorf("%w: restoring: consumed %d of the %d log entries it had at start", wire.ErrNotCaughtUp, g.raft.AppliedIndex(), need)
	}
	g.reached.Store(true)
	return nil
}

// ready is /readyz: caught up since start, a leader known, and applied
// what it knows to be committed give or take a batch in flight.
func (g *catchUp) ready() (string, error) {
	if err := g.since(); err != nil {
		return "", err
	}
	_, leader := g.raft.LeaderWithID()
	lag := int64(g.raft.CommitIndex()) - int64(g.raft.AppliedIndex())
	switch {
	case leader == "":
		return "", errors.New("no leader")
	case lag > maxReadyLag:
		return "", fmt.Errorf("applying: %d entries behind commit", lag)
	}
	return string(leader), nil
}
