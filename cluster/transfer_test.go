package cluster

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/baton-rollup/baton/wire"
)

// TestLeadershipTransfer hands leadership over through the admin API under
// load: first to a named member, then with no name, which must pick the most
// up-to-date follower; one follower is cut off and lagging at that moment,
// so only one choice is right. Batches keep committing after each transfer.
func TestLeadershipTransfer(t *testing.T) {
	c := newTestCluster(t, 3)
	li, _ := c.leader(5 * time.Second)
	ctx := ctxFor(t, 30*time.Second)
	load := c.startLoad(1, 2, 3, 4, 5, 6)
	c.waitAckedAfter(0, 10, 10*time.Second)

	// Only the leader can transfer.
	follower := (li + 1) % 3
	var he *wire.HTTPError
	if _, err := c.client(follower).TransferLeadership(ctx, ""); !errors.As(err, &he) || he.Code != http.StatusServiceUnavailable {
		t.Fatalf("transfer via a follower: want 503, got %v", err)
	}

	// To a named member.
	target := (li + 2) % 3
	if _, err := c.client(li).TransferLeadership(ctx, c.cfgs[target].ID); err != nil {
		t.Fatalf("transfer to %s: %v", c.cfgs[target].ID, err)
	}
	nl, n := c.leader(5 * time.Second)
	if nl != target {
		t.Fatalf("asked for %s, %s leads", c.cfgs[target].ID, n.ID())
	}
	c.waitAckedAfter(n.Height(), 10, 10*time.Second)

	// To the most up-to-date follower, with the other one cut off behind.
	li = nl
	lagging, upToDate := (li+1)%3, (li+2)%3
	c.partition(lagging)
	// Nothing after the leader's last index now reaches the cut-off
	// follower, so Raft's replication state for it (its next index) stays
	// at or below cut+1, while the other follower's passes it.
	cut := c.nodes[li].Raft().LastIndex()
	deadline := time.Now().Add(10 * time.Second)
	for c.nodes[upToDate].Raft().AppliedIndex() < cut+2 {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not get ahead of the cut-off %s", c.cfgs[upToDate].ID, c.cfgs[lagging].ID)
		}
		time.Sleep(10 * time.Millisecond)
	}
	leader, err := c.client(li).TransferLeadership(ctx, "")
	if err != nil {
		t.Fatalf("transfer to the most up-to-date: %v", err)
	}
	nl, n = c.leader(5 * time.Second)
	if nl != upToDate {
		t.Fatalf("transfer picked %s (answer %q); %s was the up-to-date follower", n.ID(), leader, c.cfgs[upToDate].ID)
	}
	c.heal()
	c.waitAckedAfter(n.Height(), 10, 10*time.Second)
	c.waitCaughtUp(lagging, c.maxHeight(), 10*time.Second)
	load.stop()
	c.checkInvariants()
}
