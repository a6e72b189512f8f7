package cluster

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

func TestReplicationAndForwarding(t *testing.T) {
	c := newTestCluster(t, 3)
	li, _ := c.leader(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Submit to every replica, followers included: they forward.
	for i := range 3 {
		for nonce := range uint64(3) {
			from := uint32(1 + i)
			res, err := c.submit(ctx, i, c.transfer(from, 10, 5, nonce))
			if err != nil {
				t.Fatalf("submit via s%d (leader s%d): %v", i, li, err)
			}
			if res.Status != "sequenced" || res.Batch == 0 {
				t.Fatalf("unexpected result %+v", res)
			}
		}
	}
	c.checkInvariants()
	// The receiving account got 9 × 5 on every replica.
	for i := range 3 {
		a, err := c.client(i).Account(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if a.Balance != 1_000_000+45 {
			t.Fatalf("s%d: balance %d", i, a.Balance)
		}
	}
}

func TestBadInputIsRejectedAndChangesNothing(t *testing.T) {
	c := newTestCluster(t, 3)
	c.leader(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.submit(ctx, 1, c.transfer(2, 3, 7, 0)); err != nil {
		t.Fatal(err)
	}
	c.waitHeight(1, 5*time.Second)
	before := c.nodes[0].Status()

	wrongKey := c.transfer(2, 3, 7, 1)
	wrongKey.Sig = c.transfer(4, 3, 7, 1).Sig
	otherChain := fsm.Tx{Kind: fsm.KindTransfer, From: 2, To: 3, Amount: 7, Fee: 1, Nonce: 1}
	_ = otherChain.Sign(c.keys[2], c.genesis.ChainID+1)
	cases := []struct {
		name string
		tx   fsm.Tx
		code int
	}{
		{"replayed nonce", c.transfer(2, 3, 7, 0), 200}, // same tx again: idempotent
		{"stale nonce, new tx", c.transfer(2, 3, 8, 0), 409},
		{"nonce beyond window", c.transfer(2, 3, 7, 1000), 409},
		{"wrong key", wrongKey, 400},
		{"other chain", otherChain, 400},
		{"unknown sender", fsm.Tx{Kind: fsm.KindTransfer, From: 999, To: 1, Amount: 1, Nonce: 0}, 400},
		{"overdraft", c.transfer(5, 3, 10_000_000, 0), 400},
	}
	for _, tc := range cases {
		_, err := c.client(1).Submit(ctx, tc.tx, true)
		var he *wire.HTTPError
		switch {
		case tc.code == 200 && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.code != 200 && (!errors.As(err, &he) || he.Code != tc.code):
			t.Errorf("%s: want HTTP %d, got %v", tc.name, tc.code, err)
		}
	}
	after := c.nodes[0].Status()
	if after.LastBatch != before.LastBatch || after.StateRoot != before.StateRoot {
		t.Fatalf("bad input changed the state: %+v → %+v", before, after)
	}
	// The overdraft was rejected by the batcher: its status says why.
	overdraft := c.transfer(5, 3, 10_000_000, 0)
	h := overdraft.Hash()
	st, err := c.client(2).Tx(ctx, h)
	if err != nil || st.Status != "rejected" || st.Reason == "" {
		t.Fatalf("rejected tx status: %+v %v", st, err)
	}
	c.checkInvariants()
}
