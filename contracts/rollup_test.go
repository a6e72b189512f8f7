package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
)

// TestRollupFinalizesInOrder: the sequencer commits batches' data, a
// permissioned prover's valid proof finalizes them strictly in order, and
// a backup prover may prove once the deadline passed. A commit by a
// stranger or out of order, a proof out of order, an early proof by a
// non-prover, a proof of another batch and a proof for data other than
// what was posted all revert and change nothing.
func TestRollupFinalizesInOrder(t *testing.T) {
	chain, keys := newProvingChain(t)
	b1, b2 := chain.next(t, keys), chain.next(t, keys)
	l := newL1(t, 4)
	const sequencer, permissioned, backup, stranger = 0, 1, 2, 3
	const deadline = 30 // blocks
	d := l.deploy(t, chain, keys, sequencer, permissioned, deadline, 1000)
	r, inst := d.r, d.inst
	n := func(x uint64) *big.Int { return new(big.Int).SetUint64(x) }
	state := func() (committed, finalized uint64) {
		t.Helper()
		c, err := bind.Call(inst, nil, r.PackLastCommitted(), r.UnpackLastCommitted)
		if err != nil {
			t.Fatal(err)
		}
		f, err := bind.Call(inst, nil, r.PackLastFinalized(), r.UnpackLastFinalized)
		if err != nil {
			t.Fatal(err)
		}
		return c.Uint64(), f.Uint64()
	}
	mustFail := func(what string, from int, data []byte) {
		t.Helper()
		c0, f0 := state()
		if _, err := l.send(t, inst, from, data); err == nil {
			t.Fatalf("%s succeeded", what)
		}
		if c, f := state(); c != c0 || f != f0 {
			t.Fatalf("%s changed the state", what)
		}
	}

	mustFail("a commit by a stranger", stranger, r.PackCommitBatch(n(1), b1.postRoot, b1.pubdata))
	mustFail("a commit out of order", sequencer, r.PackCommitBatch(n(2), b2.postRoot, b2.pubdata))
	mustFail("a commit with data of the wrong size", sequencer, r.PackCommitBatch(n(1), b1.postRoot, b1.pubdata[1:]))
	rc, err := l.send(t, inst, sequencer, r.PackCommitBatch(n(1), b1.postRoot, b1.pubdata))
	if err != nil {
		t.Fatalf("commit batch 1: %v", err)
	}
	t.Logf("commitBatch (1 slot, %d bytes of data): %d gas", len(b1.pubdata), rc.GasUsed)
	if _, err := l.send(t, inst, sequencer, r.PackCommitBatch(n(2), b2.postRoot, b2.pubdata)); err != nil {
		t.Fatalf("commit batch 2: %v", err)
	}

	mustFail("a proof out of order", permissioned, r.PackProveBatch(n(2), b2.proof, b2.pubdata))
	mustFail("an early proof by a non-prover", stranger, r.PackProveBatch(n(1), b1.proof, b1.pubdata))
	mustFail("another batch's proof", permissioned, r.PackProveBatch(n(1), b2.proof, b1.pubdata))
	mustFail("other data than committed", permissioned, r.PackProveBatch(n(1), b1.proof, b2.pubdata))
	rc, err = l.send(t, inst, permissioned, r.PackProveBatch(n(1), b1.proof, b1.pubdata))
	if err != nil {
		t.Fatalf("prove batch 1: %v", err)
	}
	t.Logf("proveBatch: %d gas", rc.GasUsed)
	if c, f := state(); c != 2 || f != 1 {
		t.Fatalf("committed %d, finalized %d", c, f)
	}
	root, err := bind.Call(inst, nil, r.PackFinalizedRoot(), r.UnpackFinalizedRoot)
	if err != nil || root.Cmp(b1.postRoot) != 0 {
		t.Fatalf("finalized root %v, %v", root, err)
	}
	mustFail("a repeated proof", permissioned, r.PackProveBatch(n(1), b1.proof, b1.pubdata))

	// The backup path: once the deadline has passed, anyone may prove.
	mustFail("an early backup proof", backup, r.PackProveBatch(n(2), b2.proof, b2.pubdata))
	l.mine(deadline)
	if _, err := l.send(t, inst, backup, r.PackProveBatch(n(2), b2.proof, b2.pubdata)); err != nil {
		t.Fatalf("backup proof after the deadline: %v", err)
	}

	// Data other than what the proof commits to: posted, then unprovable.
	b3 := chain.next(t, keys)
	tampered := append([]byte(nil), b3.pubdata...)
	tampered[1] ^= 1 // the amount
	if _, err := l.send(t, inst, sequencer, r.PackCommitBatch(n(3), b3.postRoot, tampered)); err != nil {
		t.Fatal(err)
	}
	mustFail("a proof for other data than posted", permissioned, r.PackProveBatch(n(3), b3.proof, tampered))
	mustFail("the proven data, not the posted", permissioned, r.PackProveBatch(n(3), b3.proof, b3.pubdata))
	if c, f := state(); c != 3 || f != 2 {
		t.Fatalf("committed %d, finalized %d", c, f)
	}
}
