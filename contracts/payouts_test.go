package contracts

import (
	"bytes"
	"encoding/binary"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/baton-rollup/baton/fsm"
)

// TestRollupPayouts: a batch of withdrawals keeps its payouts' hash at
// commit; proveBatch with exactly the payouts fsm.Payouts lists credits
// each recipient exactly its amount, and with any other list (one left
// out, added, reordered, changed) reverts BadPayouts and credits nothing.
// A batch of transfers proves with no payouts and with no other list, so
// a prover cannot invent a payout.
func TestRollupPayouts(t *testing.T) {
	chain, _ := newProvingChain(t)
	k2 := chain.keys(t, 2)
	l := newL1(t, 4)
	const sequencer, backup, alice, bob = 0, 1, 2, 3
	withdraw := func(from uint32, to int, amount, fee uint64) fsm.Tx {
		a, _ := chain.m.Account(from)
		tx := fsm.Tx{Kind: fsm.KindWithdraw, From: from, L1Addr: fsm.L1Address(l.addr(to)), Amount: amount, Fee: fee, Nonce: a.Nonce}
		if err := tx.Sign(fsm.DevKey("contracts-test", uint64(from)), chain.g.ChainID); err != nil {
			t.Fatal(err)
		}
		return tx
	}
	b1 := chain.commit(t, k2, withdraw(1, alice, 120, 1), withdraw(2, bob, 345, 2))
	b2 := chain.commit(t, k2, chain.transfer(t, 3, 0), chain.transfer(t, 1, 0))
	entry := func(to int, gwei uint64) []byte { return binary.BigEndian.AppendUint64(l.addr(to).Bytes(), gwei) }
	if want := append(entry(alice, 120), entry(bob, 345)...); !bytes.Equal(b1.payouts, want) {
		t.Fatalf("fsm.Payouts %x, want %x", b1.payouts, want)
	}
	if len(b2.payouts) != 0 {
		t.Fatalf("transfers pay out %x", b2.payouts)
	}
	const deadline = 5
	d := l.deploy(t, chain, sequencer, sequencer, deadline, 100, chain.keys(t, 1), k2)
	r := d.r
	for _, b := range []provenBatch{b1, b2} {
		if _, err := l.send(t, d.inst, sequencer, b.commitArgs(r)); err != nil {
			t.Fatal(err)
		}
	}
	kept := func(n uint64) [32]byte {
		s, err := bind.Call(d.inst, nil, r.PackBatches(new(big.Int).SetUint64(n)), r.UnpackBatches)
		if err != nil {
			t.Fatal(err)
		}
		return s.Payouts
	}
	want := crypto.Keccak256Hash(crypto.Keccak256(make([]byte, 32), entry(alice, 120)), entry(bob, 345))
	if kept(1) != want || kept(2) != ([32]byte{}) {
		t.Fatalf("payouts hashes kept %x and %x, want %x and zero", kept(1), kept(2), want)
	}

	n1 := big.NewInt(1)
	named := map[string][]byte{
		"bob's left out":        entry(alice, 120),
		"reordered":             append(entry(bob, 345), entry(alice, 120)...),
		"alice's amount raised": append(entry(alice, 121), entry(bob, 345)...),
		"paid to someone else":  append(entry(alice, 120), entry(backup, 345)...),
	}
	for name, bad := range badPayouts(rand.New(rand.NewPCG(1, 2)), b1.payouts, fsm.L1Address(l.addr(backup))) {
		named[name] = bad
	}
	for name, bad := range named {
		l.mustRevert(t, d, "payouts with "+name, "BadPayouts", sequencer, r.PackProveBatch(n1, b1.proof, bad))
	}
	rc, err := l.send(t, d.inst, sequencer, b1.proveArgs(r))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("proveBatch with 2 payouts: %d gas", rc.GasUsed)
	gwei := func(v uint64) string { return new(big.Int).Mul(new(big.Int).SetUint64(v), big.NewInt(1e9)).String() }
	if s := l.state(t, d); s.claimable[alice] != gwei(120) || s.claimable[bob] != gwei(345) || s.claimable[backup] != "0" || s.claimable[sequencer] != "0" {
		t.Fatalf("claimable %v, want alice %s and bob %s wei", s.claimable, gwei(120), gwei(345))
	}

	// Past the deadline anyone may prove, but not pay themselves.
	l.mine(deadline + 1)
	n2 := big.NewInt(2)
	l.mustRevert(t, d, "an invented payout", "BadPayouts", backup, r.PackProveBatch(n2, b2.proof, entry(backup, 1)))
	l.mustRevert(t, d, "a zero payout", "BadPayouts", backup, r.PackProveBatch(n2, b2.proof, entry(backup, 0)))
	if _, err := l.send(t, d.inst, backup, b2.proveArgs(r)); err != nil {
		t.Fatalf("transfers with no payouts: %v", err)
	}
	if s := l.state(t, d); s.finalized != 2 || s.claimable[alice] != gwei(120) || s.claimable[bob] != gwei(345) || s.claimable[backup] != "0" {
		t.Fatalf("after the transfers: %+v", s)
	}
}
