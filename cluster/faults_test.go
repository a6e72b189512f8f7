package cluster

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/wire"
)

// faultRaft sends a FaultsRequest to replica i's admin API.
func (c *testCluster) faultRaft(ctx context.Context, i int, req wire.FaultsRequest) error {
	return c.client(i).SetFaults(ctx, req)
}

// agreedLeader waits until every running replica names the same leader
// and that replica alone is in the leader state.
func (c *testCluster) agreedLeader(timeout time.Duration) string {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var id raft.ServerID
		agreed, leaders := true, 0
		for _, n := range c.running() {
			_, lid := n.Raft().LeaderWithID()
			if id == "" {
				id = lid
			}
			agreed = agreed && lid != "" && lid == id
			if n.Raft().State() == raft.Leader {
				leaders++
				agreed = agreed && raft.ServerID(n.ID()) == id
			}
		}
		if agreed && leaders == 1 {
			return string(id)
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no leader every replica agrees on within %v", timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRaftFaultsOverAdminAPI cuts the leader off from every peer through
// the admin API (POST /v1/admin/faults block_raft), the way the chaos
// suite partitions a replica in another process: on both ends (a
// symmetric partition), or on the leader's end only (a one-way one: its
// heartbeats fail while the peers' calls still reach it). Either way it
// loses leadership and the others elect a new leader; healing through the
// API leaves one leader every replica agrees on, and writes through the
// old leader commit. Ids that are not another member are refused, and
// nothing is cut.
func TestRaftFaultsOverAdminAPI(t *testing.T) {
	for _, tc := range []struct {
		name      string
		symmetric bool
	}{{"symmetric", true}, {"one_way", false}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCluster(t, 3)
			old, oldNode := c.leader(5 * time.Second)
			ctx := ctxFor(t, 60*time.Second)
			var peers []string
			for _, n := range c.running() {
				if n != oldNode {
					peers = append(peers, n.ID())
				}
			}

			for _, bad := range [][]string{{peers[0], "s9"}, {peers[0], oldNode.ID()}} {
				err := c.faultRaft(ctx, old, wire.FaultsRequest{BlockRaft: bad})
				var he *wire.HTTPError
				if !errors.As(err, &he) || he.Code != http.StatusBadRequest {
					t.Fatalf("block_raft %q: want 400, got %v", bad, err)
				}
			}
			for _, n := range c.running() {
				if oldNode.Faults().isBlocked(raft.ServerAddress(n.RaftAddr())) {
					t.Fatalf("a refused request cut the link to %s", n.ID())
				}
			}

			if err := c.faultRaft(ctx, old, wire.FaultsRequest{BlockRaft: peers}); err != nil {
				t.Fatal(err)
			}
			if tc.symmetric {
				for i := range c.nodes {
					if i != old {
						if err := c.faultRaft(ctx, i, wire.FaultsRequest{BlockRaft: []string{oldNode.ID()}}); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			nl, _ := c.leaderOtherThan(old, 10*time.Second)
			deadline := time.Now().Add(5 * time.Second)
			for oldNode.Raft().State() == raft.Leader {
				if time.Now().After(deadline) {
					t.Fatal("the cut-off leader still leads 5 s after a new one was elected")
				}
				time.Sleep(10 * time.Millisecond)
			}
			t.Logf("%s cut off, %s leads", oldNode.ID(), c.nodes[nl].ID())

			for i := range c.nodes {
				if err := c.faultRaft(ctx, i, wire.FaultsRequest{Heal: true}); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("healed: %s leads", c.agreedLeader(10*time.Second))
			// The healed replica may need a moment to rejoin; like any
			// client, resubmit an unknown outcome.
			tx := c.transfer(1, 9, 1, 0)
			for deadline := time.Now().Add(20 * time.Second); ; {
				_, err := c.submit(ctx, old, tx)
				if err == nil {
					break
				}
				var he *wire.HTTPError
				if !errors.As(err, &he) || he.Code < 500 || time.Now().After(deadline) {
					t.Fatalf("submit via the healed replica: %v", err)
				}
			}
			c.checkInvariants()
		})
	}
}
