package fsm

import (
	"bytes"
	"errors"
	"testing"
)

func TestBuildApplyTwoReplicasAgree(t *testing.T) {
	keys := testKeys(t, 1, 4)
	g := testGenesis(keys, 1000)
	leader, follower := newTestMachine(t, g), newTestMachine(t, g)
	if leader.Root() != follower.Root() {
		t.Fatal("genesis roots differ")
	}
	txs := []Tx{
		signedTransfer(t, keys[1], g.ChainID, 1, 2, 100, 1, 0),
		signedTransfer(t, keys[2], g.ChainID, 2, 3, 50, 1, 0),
		signedTransfer(t, keys[1], g.ChainID, 1, 3, 10_000, 1, 1), // overdraft
		signedTransfer(t, keys[3], g.ChainID, 3, 1, 5, 1, 7),      // nonce gap
	}
	res := leader.Build(txs, 1000, false)
	if res.Batch == nil || len(res.Included) != 2 || len(res.Rejected) != 1 || len(res.Deferred) != 1 {
		t.Fatalf("build: %+v", res)
	}
	if !errors.Is(res.Rejected[0].Err, ErrInsufficientBalance) {
		t.Fatalf("rejection: %v", res.Rejected[0].Err)
	}
	cmd := appendCmd(res.Batch)
	for _, m := range []*Machine{leader, follower} {
		if r := m.Apply(10, 2, cmd); r.Err != nil || r.Batch != 1 {
			t.Fatalf("apply: %+v", r)
		}
	}
	if leader.Root() != follower.Root() || leader.Root() != res.Batch.Header.PostRoot {
		t.Fatal("roots differ after apply")
	}
	a1, _ := follower.Account(1)
	a0, _ := follower.Account(0)
	if a1.Balance != 899 || a1.Nonce != 1 || a0.Balance != 1002 {
		t.Fatalf("balances: a1=%+v a0=%+v", a1, a0)
	}
	// Replaying the same entry is a mismatch and changes nothing.
	before := follower.Root()
	if r := follower.Apply(11, 2, cmd); !errors.Is(r.Err, ErrBatchMismatch) {
		t.Fatalf("replay: %+v", r)
	}
	if follower.Root() != before || follower.Head().Number != 1 {
		t.Fatal("rejected replay changed state")
	}
	rec, _ := follower.Batch(1)
	pt, err := mustWitness(t, follower, 1).PartialTree(g.TreeDepth)
	if err != nil {
		t.Fatal(err)
	}
	if rootHash(pt.StateRoot()) != rec.Header.PreRoot {
		t.Fatal("witness root")
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	keys := testKeys(t, 2, 3)
	g := testGenesis(keys, 1000)
	m := newTestMachine(t, g)
	for i := range 5 {
		res := m.Build([]Tx{signedTransfer(t, keys[1], g.ChainID, 1, 2, 1, 0, uint64(i))}, int64(i), false)
		if r := m.Apply(uint64(i+1), 1, appendCmd(res.Batch)); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	var buf bytes.Buffer
	if _, err := mustSnapshot(t, m).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	r, err := Restore(g.Config, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if r.Root() != m.Root() || r.Head() != m.Head() || len(r.Checkpoints()) != 1 {
		t.Fatal("restored machine differs")
	}
	var buf2 bytes.Buffer
	if _, err := mustSnapshot(t, r).WriteTo(&buf2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Fatal("snapshot of restored machine differs")
	}
}
