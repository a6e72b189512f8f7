package cluster

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// voters lists the voters in a membership, sorted.
func voters(m wire.MembersResult) []string {
	var out []string
	for _, x := range m.Members {
		if x.Suffrage == "Voter" {
			out = append(out, x.ID)
		}
	}
	slices.Sort(out)
	return out
}

// waitVoters waits until every running replica's configuration has exactly
// the voters want (sorted) and no other member.
func (c *testCluster) waitVoters(want []string, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok := true
		var last wire.MembersResult
		var lastID string
		for _, n := range c.running() {
			m, err := n.membership.Members()
			if err != nil || !slices.Equal(voters(m), want) || len(m.Members) != len(want) {
				ok, last, lastID = false, m, n.ID()
				break
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s has members %+v, want voters %v", lastID, last.Members, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// addMember opens a new replica and adds it through the leader's admin API:
// it joins as a non-voter, catches up and is promoted.
func (c *testCluster) addMember() int {
	c.t.Helper()
	i := c.addNode()
	n := c.nodes[i]
	ctx := ctxFor(c.t, 60*time.Second)
	var res wire.MembersResult
	for attempt := 1; ; attempt++ {
		li, _ := c.leader(5 * time.Second)
		var err error
		res, err = c.client(li).AddMember(ctx, wire.AddRequest{ID: n.ID(), RaftAddr: n.RaftAddr(), APIAddr: n.APIAddr(), CatchUpTimeout: "15s"})
		if err == nil {
			break
		}
		// A 503 is leadership lost mid-change (it happens under load on a
		// busy machine): the member may be half added. An operator takes
		// it out and adds it again; so does this.
		var he *wire.HTTPError
		if attempt == 3 || !errors.As(err, &he) || he.Code != http.StatusServiceUnavailable {
			c.t.Fatalf("add %s via s%d (attempt %d): %v", n.ID(), li, attempt, err)
		}
		li, _ = c.leader(5 * time.Second)
		_, _ = c.client(li).RemoveMember(ctx, n.ID(), 0)
	}
	if !slices.Contains(voters(res), n.ID()) {
		c.t.Fatalf("add %s: answer lists voters %v", n.ID(), voters(res))
	}
	return i
}

// removeMember removes replica i through the leader's admin API (which may
// be i itself) and stops it.
func (c *testCluster) removeMember(i int) {
	c.t.Helper()
	id := c.cfgs[i].ID
	li, _ := c.leader(5 * time.Second)
	// As long as an add may take: the leader's barrier waits until its
	// state machine has applied everything before the change, which under
	// load and -race on two cores took over 10 s once.
	res, err := c.client(li).RemoveMember(ctxFor(c.t, 30*time.Second), id, 0)
	if err != nil {
		c.t.Fatalf("remove %s via s%d: %v", id, li, err)
	}
	if slices.ContainsFunc(res.Members, func(m wire.Member) bool { return m.ID == id }) {
		c.t.Fatalf("remove %s: answer still lists it: %+v", id, res.Members)
	}
	c.stop(i)
}

// TestMembershipGrowAndShrinkUnderLoad takes a cluster from 3 voters to 5
// and back to 3 while clients keep submitting, once removing two followers
// and once removing the leader itself (through its own admin API) first.
func TestMembershipGrowAndShrinkUnderLoad(t *testing.T) {
	for _, tc := range []struct {
		name         string
		removeLeader bool
	}{{"remove followers", false}, {"remove leader", true}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCluster(t, 3)
			c.leader(5 * time.Second)
			load := c.startLoad(1, 2, 3, 4, 5, 6)
			c.waitAckedAfter(0, 10, 10*time.Second)

			a, b := c.addMember(), c.addMember()
			c.waitVoters([]string{"s0", "s1", "s2", "s3", "s4"}, 5*time.Second)
			c.waitAckedAfter(c.maxHeight(), 10, 10*time.Second)

			li, _ := c.leader(5 * time.Second)
			notLeader := func(cands ...int) int {
				for _, i := range cands {
					if i != li {
						return i
					}
				}
				return -1
			}
			// One original replica and one new one: the leader itself
			// first (it removes itself), or two followers.
			gone := []int{notLeader(0, 1, 2), notLeader(a, b)}
			if tc.removeLeader {
				gone[0] = li
			}
			for _, i := range gone {
				c.removeMember(i)
			}
			var want []string
			for i, cfg := range c.cfgs {
				if !slices.Contains(gone, i) {
					want = append(want, cfg.ID)
				}
			}
			c.waitVoters(want, 5*time.Second)
			c.leader(5 * time.Second)
			c.waitAckedAfter(c.maxHeight(), 10, 10*time.Second)
			load.stop()
			c.checkInvariants()
		})
	}
}

// TestMembershipStaleConfigIndex: an admin change made on a stale view of
// the membership fails with wire.ErrConfigChanged and changes nothing, neither
// Raft's configuration nor the replicated member table.
func TestMembershipStaleConfigIndex(t *testing.T) {
	c := newTestCluster(t, 3)
	li, _ := c.leader(5 * time.Second)
	ctx := ctxFor(t, 20*time.Second)
	admin := c.client(li)
	stale, err := admin.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// A change made on the current index succeeds and moves the index.
	s3 := c.nodes[c.addNode()]
	if _, err := admin.AddMember(ctx, wire.AddRequest{ID: s3.ID(), RaftAddr: s3.RaftAddr(), APIAddr: s3.APIAddr(), ConfigIndex: stale.Index}); err != nil {
		t.Fatalf("add with the current index: %v", err)
	}
	before, err := admin.Members(ctx)
	if err != nil || before.Index == stale.Index {
		t.Fatalf("members after a change: %+v %v", before, err)
	}

	// The same on the old index fails, for an add and for a remove.
	s4 := c.nodes[c.addNode()]
	_, addErr := admin.AddMember(ctx, wire.AddRequest{ID: s4.ID(), RaftAddr: s4.RaftAddr(), APIAddr: s4.APIAddr(), ConfigIndex: stale.Index})
	_, rmErr := admin.RemoveMember(ctx, "s1", stale.Index)
	for what, err := range map[string]error{"add": addErr, "remove": rmErr} {
		var he *wire.HTTPError
		if !errors.As(err, &he) || he.Code != http.StatusConflict || !strings.Contains(he.Msg, wire.ErrConfigChanged.Error()) {
			t.Errorf("%s on a stale config index: want 409 %q, got %v", what, wire.ErrConfigChanged, err)
		}
	}
	after, err := admin.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Index != before.Index || !slices.Equal(voters(after), voters(before)) || len(after.Members) != len(before.Members) {
		t.Fatalf("a refused change changed the membership: %+v → %+v", before, after)
	}
	for _, n := range c.running() {
		var addr string
		n.Read(func(m *fsm.Machine) { addr = m.Members()[s4.ID()] })
		if addr != "" {
			t.Fatalf("%s recorded an API address for %s, whose add was refused", n.ID(), s4.ID())
		}
	}
	if m, err := s4.membership.Members(); err != nil || len(m.Members) != 0 {
		t.Fatalf("%s, never added, has a configuration: %+v %v", s4.ID(), m, err)
	}

	// With the current index the same add goes through.
	if _, err := admin.AddMember(ctx, wire.AddRequest{ID: s4.ID(), RaftAddr: s4.RaftAddr(), APIAddr: s4.APIAddr(), ConfigIndex: after.Index}); err != nil {
		t.Fatalf("add with the current index: %v", err)
	}
	c.waitVoters([]string{"s0", "s1", "s2", "s3", "s4"}, 5*time.Second)

	// Two concurrent adds on the same, current, index: one wins, the other
	// is refused with the same 409, whichever check catches it (the
	// leader's own, or Raft's prevIndex check when both passed the first).
	now, err := admin.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	racers := []int{c.addNode(), c.addNode()}
	errs := make([]error, len(racers))
	var wg sync.WaitGroup
	for k, i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := c.node(i)
			_, errs[k] = admin.AddMember(ctx, wire.AddRequest{ID: n.ID(), RaftAddr: n.RaftAddr(), APIAddr: n.APIAddr(), ConfigIndex: now.Index})
		}()
	}
	wg.Wait()
	winner, loser := racers[0], racers[1]
	if errs[0] != nil {
		winner, loser = loser, winner
		errs[0], errs[1] = errs[1], errs[0]
	}
	var he *wire.HTTPError
	if errs[0] != nil || !errors.As(errs[1], &he) || he.Code != http.StatusConflict {
		t.Fatalf("concurrent adds on one config index: want one success and one 409, got %v and %v", errs[0], errs[1])
	}
	c.stop(loser)
	c.waitVoters([]string{"s0", "s1", "s2", "s3", "s4", c.cfgs[winner].ID}, 5*time.Second)
	if _, err := c.submit(ctx, winner, c.transfer(1, 2, 3, 0)); err != nil {
		t.Fatal(err)
	}
	c.checkInvariants()
}
