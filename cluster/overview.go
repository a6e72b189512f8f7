package cluster

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// Overview gathers the status page's data: this replica's log, every
// member's status (asked in parallel, briefly), L1 from the leader.
func (n *Node) Overview(ctx context.Context) wire.Overview {
	o := wire.Overview{Node: n.Status()}
	o.Pipeline = n.pipeline(12)
	var members map[string]string
	n.rep.read(func(m *fsm.Machine) { members = m.Members() })
	ids := make([]string, 0, len(members))
	for id := range members {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	o.Members = make([]wire.MemberView, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		o.Members[i] = wire.MemberView{ID: id, API: members[id]}
		if id == n.cfg.ID {
			st := o.Node
			o.Members[i].Status = &st
			continue
		}
		wg.Add(1)
		go func(mv *wire.MemberView) {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
			defer cancel()
			var st wire.Status
			if err := n.call(cctx, http.MethodGet, n.apiURL(mv.API, "/v1/status"), nil, &st); err != nil {
				mv.Error = err.Error()
				return
			}
			mv.Status = &st
		}(&o.Members[i])
	}
	if lv := n.l1View.Load(); lv != nil && n.IsLeader() {
		o.L1 = lv
	} else if o.Node.LeaderAPI != "" && o.Node.LeaderAPI != n.apiAddr {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
			defer cancel()
			var lv wire.L1View
			if err := n.call(cctx, http.MethodGet, n.apiURL(o.Node.LeaderAPI, "/v1/l1"), nil, &lv); err == nil {
				o.L1 = &lv
			}
		}()
	}
	if f := n.cfg.OverviewExtra; f != nil {
		cctx, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
		o.Extra = f(cctx)
		cancel()
	}
	wg.Wait()
	return o
}

// pipeline counts the log's batches by state and lists the latest few of
// each unfinished state and the last finalized ones.
func (n *Node) pipeline(perState int) wire.Pipeline {
	p := wire.Pipeline{Counts: map[string]uint64{}}
	per := map[fsm.BatchState]int{}
	n.rep.read(func(m *fsm.Machine) {
		head, fin := m.Head().Number, m.LastFinalized()
		p.Counts[fsm.StateFinalized.String()] = fin
		for _, s := range []fsm.BatchState{fsm.StateSequenced, fsm.StatePosted, fsm.StateProving, fsm.StateProven} {
			p.Counts[s.String()] = 0
		}
		// Bounded: the walk holds the read lock that Apply waits for, and
		// a stalled L1 can leave thousands of batches unfinished.
		for b := head; b > 0; b-- {
			if head-b >= maxPipelineWalk {
				p.Partial = true
				break
			}
			rec, ok := m.Batch(b)
			if !ok {
				break
			}
			if b > fin {
				p.Counts[rec.State.String()]++
			} else if per[fsm.StateFinalized] >= perState {
				break
			}
			if per[rec.State] < perState {
				per[rec.State]++
				p.Latest = append(p.Latest, wire.BatchView{Number: b, State: rec.State.String(), Ops: len(rec.TxHashes), Prover: rec.Prover})
			}
		}
	})
	for i := range p.Latest {
		p.Latest[i].Times, _ = n.rep.stages.get(p.Latest[i].Number)
	}
	p.ProvenP50S, p.FinalizedP50S = n.rep.stages.medians(50)
	return p
}

// maxPipelineWalk bounds the batches one overview looks at.
const maxPipelineWalk = 2048

// overviewCache serves every status page open on this replica from one
// gathering a second: each gathering asks every member, the leader and
// etcd, and they should not pay per open tab.
type overviewCache struct {
	mu  sync.Mutex
	at  time.Time
	val wire.Overview
}

func (n *Node) handleOverview(w http.ResponseWriter, r *http.Request) {
	c := &n.overview
	c.mu.Lock()
	if time.Since(c.at) > time.Second {
		// The replica's context, not the request's: the result serves
		// every page for a second, and one tab closing mid-gather must
		// not leave errors cached for all. Overview bounds its own calls.
		c.val, c.at = n.Overview(n.ctx), time.Now()
	}
	o := c.val
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, o)
}

func (n *Node) handleL1(w http.ResponseWriter, _ *http.Request) {
	lv := n.l1View.Load()
	if lv == nil {
		writeJSON(w, http.StatusNotFound, wire.ErrorBody{Error: "this replica has not looked at L1 (it settles only while it leads)"})
		return
	}
	writeJSON(w, http.StatusOK, lv)
}
