package sequencer

import (
	"errors"
	"testing"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// TestAddWithinTheBacklogsRoom: API transactions stop at the room the
// unproven backlog leaves, with the backlog's error and nothing changed;
// priority operations and repeats of pending ones still go in.
func TestAddWithinTheBacklogsRoom(t *testing.T) {
	m := testChain(t, 4, 1000, 4)
	p := NewMempool(MempoolConfig{MaxTxs: 100, MaxBytes: 1 << 20, MaxDeferrals: 2})
	a, b, c := transfer(t, m, 1, 2, 1, 1, 0), transfer(t, m, 2, 3, 1, 1, 0), transfer(t, m, 3, 1, 1, 1, 0)
	for _, tx := range []fsm.Tx{a, b} {
		if _, err := p.AddWithin(tx, fsm.SigVerified{}, epoch, 2); err != nil {
			t.Fatalf("within the room: %v", err)
		}
	}
	if _, err := p.AddWithin(c, fsm.SigVerified{}, epoch, 2); !errors.Is(err, wire.ErrBacklogFull) {
		t.Fatalf("past the room: %v, want ErrBacklogFull", err)
	}
	if p.Has(c.Hash()) {
		t.Fatal("a refused transaction is pending")
	}
	if added, err := p.AddWithin(a, fsm.SigVerified{}, epoch, 0); err != nil || added {
		t.Fatalf("a pending transaction again: added %v, %v", added, err)
	}
	if _, err := p.AddWithin(deposit(0, 9, 5), fsm.SigVerified{}, epoch, 0); err != nil {
		t.Fatalf("a priority operation with no room left: %v", err)
	}
	if n, _, _ := p.Stats(); n != 3 {
		t.Fatalf("%d pending, want 3", n)
	}
}
