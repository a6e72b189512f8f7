package cluster

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// TestPriorityOperationsThroughAdminAPI: deposits and forced exits enter
// through the admin endpoint in queue order (at any replica), go into
// batches before L2 transactions, create and empty accounts identically on
// every replica; a stale queue index and a missing token are refused.
func TestPriorityOperationsThroughAdminAPI(t *testing.T) {
	c := newTestCluster(t, 3)
	li, _ := c.leader(5 * time.Second)
	fi := (li + 1) % 3
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	newKey := fsm.DevKey("priority-test", 0)
	owner := fsm.L1Address{19: 0xaa}
	deposit := fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: 0, PubKey: newKey.Public(), L1Addr: owner, Amount: 500}
	res, err := c.client(fi).Priority(ctx, deposit, true)
	if err != nil || res.Status != "sequenced" {
		t.Fatalf("deposit via follower: %+v %v", res, err)
	}
	// The deposit created account 32 (the genesis has 0..31) on every replica.
	var idx uint32
	var ok bool
	c.waitHeight(res.Batch, 5*time.Second)
	for i, n := range c.nodes {
		n.Read(func(m *fsm.Machine) { idx, ok = m.AccountByKey(newKey.Public()) })
		if !ok || idx != 32 {
			t.Fatalf("s%d: deposit account %d %v", i, idx, ok)
		}
	}
	// The new account can spend what it was credited.
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: 32, To: 1, Amount: 100, Fee: 1, Nonce: 0}
	if err := tx.Sign(newKey, c.genesis.ChainID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.submit(ctx, li, tx); err != nil {
		t.Fatalf("spend deposit: %v", err)
	}

	// A forced exit by a stranger is consumed as a no-op; by the owner it
	// pays out the whole balance.
	stranger := fsm.Tx{Kind: fsm.KindForcedExit, QueueIndex: 1, From: 32, L1Addr: fsm.L1Address{19: 0xbb}}
	if _, err := c.client(li).Priority(ctx, stranger, true); err != nil {
		t.Fatal(err)
	}
	exit := fsm.Tx{Kind: fsm.KindForcedExit, QueueIndex: 2, From: 32, L1Addr: owner}
	res, err = c.client(li).Priority(ctx, exit, true)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.client(fi).Tx(ctx, exit.Hash())
	if err != nil || st.Receipt == nil || st.Receipt.Exit != 399 || st.Receipt.Failed {
		t.Fatalf("forced exit receipt: %+v %v", st, err)
	}
	st, err = c.client(fi).Tx(ctx, stranger.Hash())
	if err != nil || st.Receipt == nil || !st.Receipt.Failed {
		t.Fatalf("stranger's forced exit receipt: %+v %v", st, err)
	}
	c.waitHeight(res.Batch, 5*time.Second)
	a, err := c.client(fi).Account(ctx, 32)
	if err != nil || a.Balance != 0 {
		t.Fatalf("account after forced exit: %+v %v", a, err)
	}

	// Replaying a consumed queue index is refused and changes nothing.
	before := c.nodes[li].Status()
	var he *wire.HTTPError
	if _, err := c.client(fi).Priority(ctx, deposit, true); !errors.As(err, &he) || he.Code != 400 {
		t.Fatalf("stale queue index: %v", err)
	}
	// Without the admin token, nothing is accepted.
	anon := wire.NewClient(c.nodes[li].APIAddr(), "")
	next := fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: 3, PubKey: newKey.Public(), L1Addr: owner, Amount: 1}
	if _, err := anon.Priority(ctx, next, true); !errors.As(err, &he) || he.Code != 401 {
		t.Fatalf("priority without token: %v", err)
	}
	// What the circuit could not show a reason for is refused at ingress:
	// a key that is not a curve point, a zero deposit, an exit beyond the
	// tree (depth 10).
	badKey := next
	badKey.PubKey[0] ^= 0x55
	zero := next
	zero.Amount = 0
	far := fsm.Tx{Kind: fsm.KindForcedExit, QueueIndex: 3, From: 1 << 10, L1Addr: owner}
	for name, bad := range map[string]fsm.Tx{"bad key": badKey, "zero deposit": zero, "exit beyond the tree": far} {
		if _, err := c.client(li).Priority(ctx, bad, true); !errors.As(err, &he) || he.Code != 400 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if after := c.nodes[li].Status(); after.LastBatch != before.LastBatch || after.StateRoot != before.StateRoot {
		t.Fatalf("refused input changed the state: %+v → %+v", before, after)
	}
	c.checkInvariants()
}
