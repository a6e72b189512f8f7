package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

func overviewServer(t *testing.T, now func() time.Time) (*Server, *fake) {
	t.Helper()
	f, err := newFake(fsm.DevGenesis(fsm.DefaultConfig(), testSeed, 2, 10, 0))
	if err != nil {
		t.Fatal(err)
	}
	f.status = wire.Status{ID: "s1", Role: "Follower", Leader: "s2", LeaderAPI: "h:2"}
	f.members = map[string]string{"s3": "h:3", "s1": "h:1", "s2": "h:2"}
	f.peers["h:2"] = wire.Status{ID: "s2", Role: "Leader"}
	s := New(Config{
		ID: "s1", APIAddr: "h:1", Token: testToken, Metrics: prometheus.NewRegistry(), Now: now,
		OverviewExtra: func(ctx context.Context) any {
			if _, ok := ctx.Deadline(); !ok {
				return "unbounded"
			}
			return "provers"
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, f.backend())
	return s, f
}

// TestOverview: members sorted by id, this replica's status without a
// call to itself, an unreachable member shown with its error, L1 from the
// leader, the process's extra under a deadline.
func TestOverview(t *testing.T) {
	s, f := overviewServer(t, nil)
	f.peerL1 = &wire.L1View{Block: 9}
	o := s.Overview(context.Background())
	var ids []string
	for _, m := range o.Members {
		ids = append(ids, m.ID)
	}
	if !slices.Equal(ids, []string{"s1", "s2", "s3"}) {
		t.Fatalf("members %v, want sorted s1 s2 s3", ids)
	}
	if m := o.Members[0]; m.Status == nil || m.Status.ID != "s1" || m.API != "h:1" {
		t.Errorf("self: %+v", m)
	}
	if m := o.Members[1]; m.Status == nil || m.Status.Role != "Leader" || m.Error != "" {
		t.Errorf("reachable peer: %+v", m)
	}
	if m := o.Members[2]; m.Status != nil || m.Error != "dial h:3: connection refused" {
		t.Errorf("unreachable peer: %+v", m)
	}
	if o.L1 == nil || o.L1.Block != 9 {
		t.Errorf("a follower shows the leader's L1 view: %+v", o.L1)
	}
	if b := o.Backlog; b == nil || b.UnprovenBatches != 7 || b.Bound != 9 || len(b.History) != 1 {
		t.Errorf("backlog %+v: want this replica's, with its history", b)
	}
	if o.Extra != "provers" {
		t.Errorf("extra %v: want it gathered under a deadline", o.Extra)
	}
	calls := f.takeCalls()
	if slices.Contains(calls, "peer Status(h:1)") {
		t.Errorf("the replica asked itself: %v", calls)
	}
	if !slices.Contains(calls, "Pipeline(12)") || !slices.Contains(calls, "peer L1(h:2)") {
		t.Errorf("calls %v: want the pipeline's 12 per state and the leader's L1", calls)
	}
}

// TestOverviewL1: a leader shows its own look at L1 and asks nobody; a
// replica that names itself as the leader's API does not call itself.
func TestOverviewL1(t *testing.T) {
	s, f := overviewServer(t, nil)
	f.leader, f.l1, f.peerL1 = true, &wire.L1View{Block: 4}, &wire.L1View{Block: 99}
	if o := s.Overview(context.Background()); o.L1 == nil || o.L1.Block != 4 {
		t.Errorf("leader's own L1 view: %+v", o.L1)
	}
	if calls := f.takeCalls(); slices.Contains(calls, "peer L1(h:2)") {
		t.Errorf("a leader asked for L1: %v", calls)
	}
	f.leader, f.l1 = false, nil
	f.status.LeaderAPI = "h:1"
	if o := s.Overview(context.Background()); o.L1 != nil {
		t.Errorf("L1 view %+v from a replica that is the leader's API itself", o.L1)
	}
	if calls := f.takeCalls(); slices.ContainsFunc(calls, func(c string) bool { return strings.HasPrefix(c, "peer L1") }) {
		t.Errorf("asked itself for L1: %v", calls)
	}
}

// TestOverviewCache: every page open within a second is served from one
// gathering; the next second gathers again.
func TestOverviewCache(t *testing.T) {
	now := time.Unix(1000, 0)
	s, f := overviewServer(t, func() time.Time { return now })
	get := func() wire.Overview {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/overview", nil))
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("overview: %d %s", w.Code, w.Header().Get("Content-Type"))
		}
		var o wire.Overview
		if err := json.Unmarshal(w.Body.Bytes(), &o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	gathers := func() int {
		n := 0
		for _, c := range f.takeCalls() {
			if c == "Status()" {
				n++
			}
		}
		return n
	}
	get()
	if n := gathers(); n != 1 {
		t.Fatalf("first page: %d gatherings, want 1", n)
	}
	now = now.Add(500 * time.Millisecond)
	f.status.Role = "Leader"
	if o := get(); o.Node.Role != "Follower" || gathers() != 0 {
		t.Fatalf("a page within the second gathered again (role %s)", o.Node.Role)
	}
	now = now.Add(600 * time.Millisecond)
	if o := get(); o.Node.Role != "Leader" || gathers() != 1 {
		t.Fatalf("a page after the second was served stale (role %s)", o.Node.Role)
	}
}
