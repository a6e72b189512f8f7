package cluster

import (
	"testing"
	"time"
)

// TestLeaderKilledUnderLoad kills the leader while clients keep submitting
// through every replica's API (the leader's included). A new leader must
// take over and keep committing, no acknowledged transaction may be lost or
// doubled, and the killed replica, restarted from its data dir, must catch
// up to the same log. Two ways to die: Close (the API drains in-flight
// requests for up to 2 s while Raft still runs), and Raft stopping dead
// first, with proposals in flight and clients still waiting on the API.
func TestLeaderKilledUnderLoad(t *testing.T) {
	for _, tc := range []struct {
		name string
		kill func(c *testCluster, i int)
	}{
		{"close", func(c *testCluster, i int) { c.stop(i) }},
		{"raft stops first", func(c *testCluster, i int) {
			if err := c.nodes[i].Raft().Shutdown().Error(); err != nil {
				c.t.Fatal(err)
			}
			c.stop(i)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCluster(t, 3)
			old, oldNode := c.leader(5 * time.Second)
			oldTerm := oldNode.Raft().CurrentTerm()
			load := c.startLoad(1, 2, 3, 4, 5, 6)
			c.waitAckedAfter(0, 30, 15*time.Second)

			tc.kill(c, old)
			nl, newNode := c.leaderOtherThan(old, 5*time.Second)
			if term := newNode.Raft().CurrentTerm(); term <= oldTerm {
				t.Fatalf("new leader s%d in term %d, the killed one led term %d", nl, term, oldTerm)
			}
			// The new leader has applied everything committed before it
			// (its duties start after a barrier): batches above its
			// height are its own.
			c.waitAckedAfter(newNode.Height(), 30, 15*time.Second)

			c.start(old)
			c.waitCaughtUp(old, c.maxHeight(), 10*time.Second)
			c.waitAckedAfter(c.maxHeight(), 10, 10*time.Second)
			load.stop()
			c.checkInvariants()
		})
	}
}
