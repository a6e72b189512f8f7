package httpapi

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/baton-rollup/baton/wire"
)

func (s *Server) handleStatus(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.b.Views.Status())
}

func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	if err := s.b.Probe.Live(); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, wire.ErrorBody{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady: ready when a leader is known and this replica has applied
// what it knows to be committed (give or take a batch in flight).
func (s *Server) handleReady(w http.ResponseWriter, _ *http.Request) {
	leader, err := s.b.Probe.Ready()
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, wire.ErrorBody{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "leader": leader})
}

func (s *Server) handleL1(w http.ResponseWriter, _ *http.Request) {
	lv := s.b.Views.L1()
	if lv == nil {
		writeJSON(w, http.StatusNotFound, wire.ErrorBody{Error: "this replica has not looked at L1 (it settles only while it leads)"})
		return
	}
	writeJSON(w, http.StatusOK, lv)
}

// peerTimeout bounds each call the overview makes to another replica (or
// the process's extra): a member that does not answer shows as an error,
// not as a page that never loads.
const peerTimeout = 700 * time.Millisecond

// overviewCache serves every status page open on this replica from one
// gathering a second: each gathering asks every member, the leader and
// etcd, and they should not pay per open tab.
type overviewCache struct {
	mu  sync.Mutex
	at  time.Time
	val wire.Overview
}

func (s *Server) handleOverview(w http.ResponseWriter, _ *http.Request) {
	c := &s.overview
	c.mu.Lock()
	if now := s.cfg.Now(); now.Sub(c.at) > time.Second {
		// The replica's context, not the request's: the result serves
		// every page for a second, and one tab closing mid-gather must
		// not leave errors cached for all. Overview bounds its own calls.
		c.val = s.Overview(s.cfg.Context)
		c.at = s.cfg.Now()
	}
	o := c.val
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, o)
}

// Overview gathers the status page's data: this replica's log, every
// member's status (asked in parallel, briefly), L1 from the leader.
func (s *Server) Overview(ctx context.Context) wire.Overview {
	v := s.b.Views
	o := wire.Overview{Node: v.Status()}
	o.Pipeline = v.Pipeline(12)
	b := v.Backlog()
	o.Backlog = &b
	members := v.MemberAPIs()
	ids := make([]string, 0, len(members))
	for id := range members {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	o.Members = make([]wire.MemberView, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		o.Members[i] = wire.MemberView{ID: id, API: members[id]}
		if id == s.cfg.ID {
			st := o.Node
			o.Members[i].Status = &st
			continue
		}
		wg.Go(func() {
			mv := &o.Members[i]
			cctx, cancel := context.WithTimeout(ctx, peerTimeout)
			defer cancel()
			st, err := s.b.Peers.Status(cctx, mv.API)
			if err != nil {
				mv.Error = err.Error()
				return
			}
			mv.Status = &st
		})
	}
	if lv := v.L1(); lv != nil && v.IsLeader() {
		o.L1 = lv
	} else if o.Node.LeaderAPI != "" && o.Node.LeaderAPI != s.cfg.APIAddr {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, peerTimeout)
			defer cancel()
			if lv, err := s.b.Peers.L1(cctx, o.Node.LeaderAPI); err == nil {
				o.L1 = &lv
			}
		})
	}
	if f := s.cfg.OverviewExtra; f != nil {
		cctx, cancel := context.WithTimeout(ctx, peerTimeout)
		o.Extra = f(cctx)
		cancel()
	}
	wg.Wait()
	return o
}
