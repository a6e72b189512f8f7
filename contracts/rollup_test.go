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
	d := l.deploy(t, chain, sequencer, permissioned, deadline, 1000, keys)
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
	mustFail := func(what, reason string, from int, data []byte) {
		t.Helper()
		l.mustRevert(t, d, what, reason, from, data)
	}
	one := big.NewInt(1)

	mustFail("a commit by a stranger", "NotSequencer", stranger, b1.commitArgs(r))
	mustFail("a commit out of order", "WrongBatch", sequencer, b2.commitArgs(r))
	mustFail("a commit with data of the wrong size", "BadPublicData", sequencer, r.PackCommitBatch(n(1), b1.postRoot, one, b1.pubdata[1:]))
	rc, err := l.send(t, inst, sequencer, b1.commitArgs(r))
	if err != nil {
		t.Fatalf("commit batch 1: %v", err)
	}
	t.Logf("commitBatch (1 slot, %d bytes of data): %d gas", len(b1.pubdata), rc.GasUsed)
	if _, err := l.send(t, inst, sequencer, b2.commitArgs(r)); err != nil {
		t.Fatalf("commit batch 2: %v", err)
	}

	mustFail("a proof out of order", "WrongBatch", permissioned, b2.proveArgs(r))
	mustFail("an early proof by a non-prover", "NotProver", stranger, b1.proveArgs(r))
	mustFail("another batch's proof", "BadProof", permissioned, r.PackProveBatch(n(1), b2.proof, b1.payouts))
	rc, err = l.send(t, inst, permissioned, b1.proveArgs(r))
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
	mustFail("a repeated proof", "WrongBatch", permissioned, b1.proveArgs(r))

	// The backup path: once the deadline has passed, anyone may prove.
	mustFail("an early backup proof", "NotProver", backup, b2.proveArgs(r))
	l.mine(deadline)
	if _, err := l.send(t, inst, backup, b2.proveArgs(r)); err != nil {
		t.Fatalf("backup proof after the deadline: %v", err)
	}

	// Data other than what the proof commits to: posted, then unprovable.
	b3 := chain.next(t, keys)
	tampered := b3
	tampered.pubdata = append([]byte(nil), b3.pubdata...)
	tampered.pubdata[1] ^= 1 // the sender
	if _, err := l.send(t, inst, sequencer, tampered.commitArgs(r)); err != nil {
		t.Fatal(err)
	}
	mustFail("a proof for other data than posted", "BadProof", permissioned, b3.proveArgs(r))
	if c, f := state(); c != 3 || f != 2 {
		t.Fatalf("committed %d, finalized %d", c, f)
	}
}
