package contracts

import (
	"bytes"
	"math"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/baton-rollup/baton/fsm"
)

// TestRollupRefundsRefusedDeposits: a deposit L2 cannot credit (here: it
// would overflow the account's balance) is consumed as a no-op, proven to
// be one, and once its batch is final the depositor can claim it back.
func TestRollupRefundsRefusedDeposits(t *testing.T) {
	chain, keys := newProvingChain(t)
	l := newL1(t, 2)
	const sequencer, user = 0, 1
	d := l.deploy(t, chain, sequencer, sequencer, 100, 100, keys)
	addr, r, inst := d.addr, d.r, d.inst

	// Account 1 holds 1000; the largest deposit overflows it.
	key := fsm.DevKey("contracts-test", 1).Public()
	amount := uint64(math.MaxUint64)
	wei := new(big.Int).Mul(new(big.Int).SetUint64(amount), big.NewInt(1e9))
	a := l.auth(user)
	a.Value = wei
	tx, err := bind.Transact(inst, a, r.PackDeposit(key))
	if err != nil {
		t.Fatal(err)
	}
	l.sim.Commit()
	if rc, err := bind.WaitMined(l.ctx, l.client, tx.Hash()); err != nil || rc.Status != 1 {
		t.Fatalf("deposit: %v %v", rc, err)
	}
	var owner fsm.L1Address
	copy(owner[:], l.addr(user).Bytes())
	b := chain.commit(t, keys, fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: 0, PubKey: key, L1Addr: owner, Amount: amount})
	if b.pubdata[0] != fsm.RecordFailed|3 {
		t.Fatalf("the deposit was not refused: record kind %#x", b.pubdata[0])
	}
	if _, err := l.send(t, inst, sequencer, b.commitArgs(r)); err != nil {
		t.Fatal(err)
	}
	// The refund is the batch's one payout: without it the proof does
	// not finalize.
	if want := append(l.addr(user).Bytes(), b.pubdata[fsm.RecordSize+fsm.WideAmount:][:8]...); !bytes.Equal(b.payouts, want) {
		t.Fatalf("payouts %x, want %x", b.payouts, want)
	}
	if got := l.revert(t, &addr, sequencer, r.PackProveBatch(big.NewInt(1), b.proof, nil)); got != "BadPayouts" {
		t.Fatalf("a proof without the refund reverts %q", got)
	}
	if _, err := l.send(t, inst, sequencer, b.proveArgs(r)); err != nil {
		t.Fatal(err)
	}
	owed, err := bind.Call(inst, nil, r.PackClaimable(l.addr(user)), r.UnpackClaimable)
	if err != nil || owed.Cmp(wei) != 0 {
		t.Fatalf("claimable %v, want the deposit back (%v): %v", owed, wei, err)
	}
	if _, err := l.send(t, inst, user, r.PackClaim()); err != nil {
		t.Fatal(err)
	}
	if bal, _ := l.client.BalanceAt(l.ctx, addr, nil); bal.Sign() != 0 {
		t.Fatalf("the contract kept %v", bal)
	}
}
