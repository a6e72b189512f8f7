package cluster

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
	"github.com/hashicorp/raft"
)

// partition cuts replica i's Raft links to every other replica, on both
// sides; the HTTP APIs stay reachable.
func (c *testCluster) partition(i int) {
	c.t.Helper()
	for j, n := range c.nodes {
		if j == i || n == nil {
			continue
		}
		c.nodes[i].Faults().Block(n.RaftAddr())
		n.Faults().Block(c.nodes[i].RaftAddr())
	}
}

func (c *testCluster) heal() {
	for _, n := range c.running() {
		n.Faults().Heal()
	}
}

// staleBatch builds, on a copy of replica n's state, a valid next batch
// carrying tx: what n would propose if it still led.
func staleBatch(t *testing.T, n *Node, tx fsm.Tx) *fsm.Batch {
	t.Helper()
	var (
		snap *fsm.Snapshot
		err  error
	)
	n.Read(func(m *fsm.Machine) { snap, err = m.Snapshot() })
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := snap.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m, err := fsm.Restore(n.cfg.Genesis.Config, &buf)
	if err != nil {
		t.Fatal(err)
	}
	res := m.Build([]fsm.Tx{tx}, time.Now().UnixMilli(), false)
	if res.Batch == nil || len(res.Included) != 1 {
		t.Fatalf("stale batch: %+v", res)
	}
	return res.Batch
}

// TestMinorityPartitionedLeader isolates the leader from the two other
// replicas. The majority elects a new leader and keeps committing; the old
// leader steps down within its lease and commits nothing. What it proposed
// while cut off never reaches the log: a batch proposed straight through its
// Raft, and a transaction a client handed it. That transaction sat in its
// mempool; on stepping down, handOver drains the mempool and forwards once
// to the new leader, but a replica cut off from the majority knows no leader,
// so the forward fails and the waiting client is told 503 (no leader; retry).
// Nothing else holds the transaction, so it must not appear in any log, even
// after the partition heals. Throughout, no term has two leaders.
func TestMinorityPartitionedLeader(t *testing.T) {
	c := newTestCluster(t, 3)
	old, oldNode := c.leader(5 * time.Second)
	ctx := ctxFor(t, 30*time.Second)
	for i := range 3 {
		if _, err := c.submit(ctx, i, c.transfer(uint32(1+i), 9, 1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	c.waitHeight(c.maxHeight(), 5*time.Second)

	// A client's transaction waits in the old leader's mempool (batcher
	// paused) when the partition starts.
	oldNode.SetFrozen(true)
	pending := c.transfer(20, 9, 1, 0)
	type outcome struct {
		res wire.SubmitResult
		err error
	}
	answer := make(chan outcome, 1)
	go func() {
		res, err := c.client(old).Submit(ctx, pending, true)
		answer <- outcome{res, err}
	}()
	for st, _ := oldNode.ingress.txStatus(pending.Hash()); st.Status != "pending"; st, _ = oldNode.ingress.txStatus(pending.Hash()) {
		select {
		case o := <-answer:
			t.Fatalf("submit to the frozen leader returned early: %+v %v", o.res, o.err)
		case <-time.After(5 * time.Millisecond):
		}
	}
	proposal := staleBatch(t, oldNode, c.transfer(21, 9, 1, 0))

	c.partition(old)
	oldNode.SetFrozen(false)
	f := oldNode.Raft().Apply((&fsm.Command{Type: fsm.CmdAppendBatch, Batch: proposal}).Encode(), time.Second)
	err := f.Error()
	if !errors.Is(err, raft.ErrLeadershipLost) && !errors.Is(err, raft.ErrNotLeader) {
		t.Fatalf("a proposal on the cut-off leader: want leadership lost, got %v", err)
	}
	t.Logf("proposal on the cut-off leader: %v", err)
	o := <-answer
	// The cut-off replica keeps trying to hand the transaction over until
	// its wait ends; no leader is reachable, so the client hears 503 or
	// 504: an unknown outcome, never an acknowledgement.
	var he *wire.HTTPError
	if !errors.As(o.err, &he) || (he.Code != http.StatusServiceUnavailable && he.Code != http.StatusGatewayTimeout) {
		t.Fatalf("transaction held by the cut-off leader: want 503 or 504, got %+v %v", o.res, o.err)
	}
	if oldNode.IsLeader() {
		t.Fatalf("the cut-off leader still leads")
	}
	stuck := oldNode.Height()

	// A client that reaches the cut-off replica now is not acknowledged
	// either. Its outcome is unknown to it by the API's contract (a timed
	// out submit may be resubmitted), so only that is asserted here; if it
	// ever landed, checkInvariants still sees it at most once.
	late := c.transfer(22, 9, 1, 0)
	shortCtx, cancel := context.WithTimeout(ctx, time.Second)
	res, err := c.client(old).Submit(shortCtx, late, true)
	cancel()
	if err == nil {
		t.Fatalf("the cut-off replica acknowledged %+v", res)
	}

	nl, _ := c.leaderOtherThan(old, 5*time.Second)
	h := c.nodes[nl].Height()
	for i, from := range []uint32{1, 2, 3} {
		via := []int{nl, 3 - old - nl}[i%2]
		res, err := c.submit(ctx, via, c.transfer(from, 9, 1, 1))
		if err != nil || res.Batch <= h {
			t.Fatalf("majority after the partition: %+v %v", res, err)
		}
	}
	if got := oldNode.Height(); got != stuck {
		t.Fatalf("the cut-off replica went from height %d to %d", stuck, got)
	}
	if st, _ := oldNode.ingress.txStatus(pending.Hash()); st.Status != "" {
		t.Fatalf("the cut-off replica still knows the handed-over transaction: %+v", st)
	}

	c.heal()
	// More batches after healing: anything that still held the stale
	// transaction would have had its chance to commit it.
	// The healed replica may need a few seconds to rejoin (Raft can hold
	// an election first); like any client, resubmit an unknown outcome.
	for from := uint32(4); from <= 6; from++ {
		tx := c.transfer(from, 9, 1, 0)
		deadline := time.Now().Add(20 * time.Second)
		for {
			_, err := c.submit(ctx, old, tx)
			if err == nil {
				break
			}
			var he *wire.HTTPError
			if !errors.As(err, &he) || he.Code < 500 || time.Now().After(deadline) {
				t.Fatalf("submit via the healed replica: %v", err)
			}
		}
	}
	c.waitCaughtUp(old, c.maxHeight(), 10*time.Second)
	if oldNode.IsLeader() {
		t.Fatalf("the healed replica leads again with a shorter log")
	}
	for _, n := range c.running() {
		for _, tx := range []fsm.Tx{pending, proposal.Txs[0]} {
			if loc, ok := n.rep.location(tx.Hash()); ok {
				t.Fatalf("%s has the cut-off leader's transaction %s in batch %d", n.ID(), tx.Hash(), loc.Batch)
			}
		}
		n.Read(func(m *fsm.Machine) {
			for b := uint64(1); b <= m.Head().Number; b++ {
				if rec, _ := m.Batch(b); rec.Hash == proposal.Header.Hash() {
					t.Fatalf("%s has the stale batch at %d", n.ID(), b)
				}
			}
		})
	}
	if _, ok := c.nodes[nl].rep.location(late.Hash()); ok {
		t.Logf("the transaction submitted to the cut-off replica after it stepped down was sequenced later")
	}
	if c.leaderTerms() < 2 {
		t.Fatalf("the leader sampler saw %d terms with a leader, want the old leader's and the new one's", c.leaderTerms())
	}
	st, err := c.client(nl).Tx(context.Background(), pending.Hash())
	if he := (*wire.HTTPError)(nil); !errors.As(err, &he) || he.Code != http.StatusNotFound {
		t.Fatalf("status of the dropped transaction: want 404 unknown, got %+v %v", st, err)
	}
	c.checkInvariants()
}
