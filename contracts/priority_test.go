package contracts

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/baton-rollup/baton/fsm"
)

// TestRollupPriorityQueue: deposits (whole gwei, canonical curve keys only)
// and forced exits (accounts inside the tree) queue on L1; a commit must
// carry them in queue order, exactly as queued; one that would leave an
// entry past its inclusion deadline reverts. Batches consuming them prove
// and finalize with real proofs.
func TestRollupPriorityQueue(t *testing.T) {
	chain, keys := newProvingChain(t)
	l := newL1(t, 3)
	const sequencer, prover, user = 0, 1, 2
	const inclusion = 10
	d := l.deploy(t, chain, sequencer, prover, 1000, inclusion, keys)
	addr, r, inst := d.addr, d.r, d.inst
	n := func(x int64) *big.Int { return big.NewInt(x) }
	pay := func(from int, wei *big.Int, data []byte) error {
		t.Helper()
		a := l.auth(from)
		a.Value = wei
		tx, err := bind.Transact(inst, a, data)
		if err != nil {
			return err
		}
		l.sim.Commit()
		rc, err := bind.WaitMined(l.ctx, l.client, tx.Hash())
		if err != nil || rc.Status != 1 {
			t.Fatalf("mined %v, %v", rc, err)
		}
		return nil
	}
	gwei := func(x int64) *big.Int { return new(big.Int).Mul(big.NewInt(x), big.NewInt(1e9)) }

	// Keys: L1 accepts exactly what fsm accepts.
	newKey := fsm.DevKey("contracts-test", 50).Public()
	_, y, _ := newKey.Coords()
	var plusR fsm.PubKey // y + r: decodes to the same point, not canonical
	yr := new(big.Int).Add(y.BigInt(new(big.Int)), new(big.Int).SetBytes(common.FromHex("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001")))
	b := yr.FillBytes(make([]byte, 32))
	for i := range b {
		plusR[i] = b[31-i]
	}
	plusR[31] |= newKey[31] & 0x80
	var signedIdentity fsm.PubKey
	signedIdentity[0], signedIdentity[31] = 1, 0x80
	var unsignedIdentity fsm.PubKey
	unsignedIdentity[0] = 1
	for name, k := range map[string]fsm.PubKey{"dev key": newKey, "y+r": plusR, "identity with a sign": signedIdentity, "identity": unsignedIdentity, "junk": {0x55, 0x13}} {
		ok, err := bind.Call(inst, nil, r.PackValidKey(k), r.UnpackValidKey)
		if err != nil {
			t.Fatal(err)
		}
		_, fsmErr := fsm.VerifySignature(&fsm.Tx{Kind: fsm.KindTransfer}, k, 1) // decodes the key first
		fsmOK := fsmErr == nil || !isBadKey(fsmErr)
		if ok != fsmOK {
			t.Errorf("%s: L1 says valid %v, fsm %v (%v)", name, ok, fsmOK, fsmErr)
		}
	}
	for name, wei := range map[string]*big.Int{"zero": n(0), "not whole gwei": n(1_500_000_000)} {
		if err := pay(user, wei, r.PackDeposit(newKey)); err == nil {
			t.Errorf("deposit of %s accepted", name)
		}
	}
	if err := pay(user, gwei(1), r.PackDeposit(plusR)); err == nil {
		t.Error("deposit to a non-canonical key accepted")
	}
	if err := pay(user, n(0), r.PackForceExit(1<<chain.g.TreeDepth)); err == nil {
		t.Error("forced exit beyond the tree accepted")
	}
	if err := pay(user, gwei(70), r.PackDeposit(newKey)); err != nil {
		t.Fatalf("deposit: %v", err)
	}

	// The L2 side: the same deposit, from the queue.
	var owner fsm.L1Address
	copy(owner[:], l.addr(user).Bytes())
	dep := fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: 0, PubKey: newKey, L1Addr: owner, Amount: 70}
	b1 := chain.commit(t, keys, dep)

	// Overdue: a batch that skips the entry past its deadline reverts.
	l.mine(inclusion + 1)
	transfer := fsm.Tx{Kind: fsm.KindTransfer, From: 1, To: 2, Amount: 1}
	skip, err := fsm.PublicData([]fsm.Tx{transfer}, []fsm.Receipt{{}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.revert(t, &addr, sequencer, r.PackCommitBatch(n(1), b1.postRoot, n(1), skip)); got != "PriorityOverdue" {
		t.Fatalf("a commit leaving an overdue entry behind reverts %q", got)
	}
	// A different amount than queued: not this entry.
	wrong := append([]byte(nil), b1.pubdata...)
	wrong[fsm.RecordSize+fsm.WideAmount+7] ^= 1 // the wide entry's amount
	if got := l.revert(t, &addr, sequencer, r.PackCommitBatch(n(1), b1.postRoot, n(1), wrong)); got != "PriorityMismatch" {
		t.Fatalf("a deposit record that differs from the queue reverts %q", got)
	}
	if _, err := l.send(t, inst, sequencer, b1.commitArgs(r)); err != nil {
		t.Fatalf("commit of the deposit batch: %v", err)
	}
	if len(b1.payouts) != 0 {
		t.Fatalf("a credited deposit pays out %x", b1.payouts)
	}
	if _, err := l.send(t, inst, prover, b1.proveArgs(r)); err != nil {
		t.Fatalf("prove the deposit batch: %v", err)
	}

	// The new account withdraws 5 to the user's L1 address (fee 1), then
	// the user forces the rest out.
	acct, ok := chain.m.AccountByKey(newKey)
	if !ok {
		t.Fatal("deposit created no account")
	}
	w := fsm.Tx{Kind: fsm.KindWithdraw, From: acct, L1Addr: owner, Amount: 5, Fee: 1}
	if err := w.Sign(fsm.DevKey("contracts-test", 50), chain.g.ChainID); err != nil {
		t.Fatal(err)
	}
	b2 := chain.commit(t, keys, w)
	if err := pay(user, n(0), r.PackForceExit(acct)); err != nil {
		t.Fatal(err)
	}
	b3 := chain.commit(t, keys, fsm.Tx{Kind: fsm.KindForcedExit, QueueIndex: 1, From: acct, L1Addr: owner})
	for i, b := range []provenBatch{b2, b3} {
		if _, err := l.send(t, inst, sequencer, b.commitArgs(r)); err != nil {
			t.Fatalf("commit batch %d: %v", i+2, err)
		}
		// Each pays its user once: the withdrawal 5, the exit the
		// rest; without its payout the proof does not finalize.
		if len(b.payouts) != fsm.PayoutSize || !bytes.Equal(b.payouts[:20], l.addr(user).Bytes()) {
			t.Fatalf("batch %d pays out %x", i+2, b.payouts)
		}
		if got := l.revert(t, &addr, prover, r.PackProveBatch(n(int64(i+2)), b.proof, nil)); got != "BadPayouts" {
			t.Fatalf("batch %d proven without its payout: reverts %q", i+2, got)
		}
		if _, err := l.send(t, inst, prover, b.proveArgs(r)); err != nil {
			t.Fatalf("prove batch %d: %v", i+2, err)
		}
	}
	next, err := bind.Call(inst, nil, r.PackNextPriority(), r.UnpackNextPriority)
	if err != nil || next.Uint64() != 2 {
		t.Fatalf("next priority %v, %v", next, err)
	}
	if a, _ := chain.m.Account(acct); a.Balance != 0 {
		t.Fatalf("exit left %d", a.Balance)
	}

	// Payouts: 5 withdrawn and 64 forced out are the user's to claim, once.
	owed, err := bind.Call(inst, nil, r.PackClaimable(l.addr(user)), r.UnpackClaimable)
	if err != nil || owed.Cmp(gwei(69)) != 0 {
		t.Fatalf("claimable %v, %v", owed, err)
	}
	before, _ := l.client.BalanceAt(l.ctx, addr, nil)
	if _, err := l.send(t, inst, user, r.PackClaim()); err != nil {
		t.Fatalf("claim: %v", err)
	}
	after, _ := l.client.BalanceAt(l.ctx, addr, nil)
	if new(big.Int).Sub(before, after).Cmp(gwei(69)) != 0 {
		t.Fatalf("the contract paid %v", new(big.Int).Sub(before, after))
	}
	if _, err := l.send(t, inst, user, r.PackClaim()); err == nil {
		t.Fatal("a second claim paid")
	}
}
