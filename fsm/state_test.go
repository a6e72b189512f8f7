package fsm

import (
	"bytes"
	"errors"
	"math"
	"sync"
	"testing"
)

func TestConfigAndGenesisValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	for name, f := range map[string]func(*Config){
		"depth 1":           func(c *Config) { c.TreeDepth = 1 },
		"depth 33":          func(c *Config) { c.TreeDepth = MaxDepth + 1 },
		"no checkpoints":    func(c *Config) { c.CheckpointInterval = 0 },
		"empty batches":     func(c *Config) { c.MaxBatchTxs = 0 },
		"oversized batches": func(c *Config) { c.MaxBatchTxs = HardMaxBatchTxs + 1 },
	} {
		c := DefaultConfig()
		f(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	keys := testKeys(t, 60, 5)
	for name, f := range map[string]func(*Genesis){
		"fee account missing": func(g *Genesis) { g.FeeAccount = 5 },
		"duplicate key":       func(g *Genesis) { g.Accounts[1].PubKey = g.Accounts[0].PubKey },
		"bad key":             func(g *Genesis) { g.Accounts[2].PubKey = PubKey{0xff} },
		"too many accounts":   func(g *Genesis) { g.TreeDepth = 2 },
		"bad config":          func(g *Genesis) { g.CheckpointInterval = 0 },
	} {
		g := testGenesis(keys, 1)
		f(&g)
		if _, err := New(g); err == nil {
			t.Errorf("%s: New accepted the genesis", name)
		}
	}
	// Exactly full is fine.
	g := testGenesis(keys[:4], 1)
	g.TreeDepth = 2
	if _, err := New(g); err != nil {
		t.Fatalf("full genesis: %v", err)
	}
}

// TestGenesisIsDeterministic: the genesis root depends only on the
// genesis, and the genesis batch is final.
func TestGenesisIsDeterministic(t *testing.T) {
	keys := testKeys(t, 61, 3)
	a, b := newTestMachine(t, testGenesis(keys, 5)), newTestMachine(t, testGenesis(keys, 5))
	if a.Root() != b.Root() || a.Head() != b.Head() {
		t.Fatal("same genesis, different machines")
	}
	if c := newTestMachine(t, testGenesis(keys, 6)); c.Root() == a.Root() {
		t.Fatal("different balances, same root")
	}
	rec, ok := a.Batch(0)
	if !ok || rec.State != StateFinalized || rec.Header.PreRoot != a.Root() || rec.Header.PostRoot != a.Root() {
		t.Fatalf("genesis batch: %+v", rec)
	}
	if a.LastFinalized() != 0 || len(a.Unfinished()) != 0 || a.NextPriority() != 0 {
		t.Fatal("genesis cursors")
	}
	if _, ok := a.Batch(1); ok {
		t.Fatal("batch 1 exists at genesis")
	}
	if _, ok := a.Account(3); ok {
		t.Fatal("account 3 exists")
	}
}

// TestAdoptedBuildIsNotMisused: a leader's cached execution applies only to
// the very batch it built. When another batch wins that height, the leader
// applies the winner by re-executing it and then rejects its own.
func TestAdoptedBuildIsNotMisused(t *testing.T) {
	keys := testKeys(t, 62, 4)
	g := testGenesis(keys, 100)
	leader, follower := newTestMachine(t, g), newTestMachine(t, g)
	mine := leader.Build([]Tx{signedTransfer(t, keys[1], g.ChainID, 1, 2, 5, 1, 0)}, 10, false)
	leader.Adopt(mine)
	theirs := follower.Build([]Tx{signedTransfer(t, keys[1], g.ChainID, 1, 3, 7, 0, 0)}, 11, false)
	for _, m := range []*Machine{leader, follower} {
		if r := m.Apply(1, 1, appendCmd(theirs.Batch)); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	before := captureState(t, leader)
	if r := leader.Apply(2, 1, appendCmd(mine.Batch)); !errors.Is(r.Err, ErrBatchMismatch) {
		t.Fatalf("stale own batch: %+v", r)
	}
	if diff := before.diff(captureState(t, leader)); diff != "" {
		t.Fatal(diff)
	}
	if !bytes.Equal(snapshotBytes(t, leader), snapshotBytes(t, follower)) {
		t.Fatal("leader and follower differ")
	}
	a3, _ := leader.Account(3)
	if a3.Balance != 107 {
		t.Fatalf("account 3: %+v", a3)
	}
}

// TestBuildOnlyReads: Build may run beside other readers (the API's
// queries, a snapshot being taken) under a read lock. Run with -race.
func TestBuildOnlyReads(t *testing.T) {
	h := newHistory(t)
	before := snapshotBytes(t, h.m)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 5 {
			h.m.Build([]Tx{
				{Kind: KindDeposit, QueueIndex: 3, PubKey: h.keys[0].Public(), Amount: 1},
				{Kind: KindTransfer, From: 1, To: 2, Amount: 1, Nonce: 1},
			}, int64(i), false)
		}
	})
	wg.Go(func() {
		for range 5 {
			var buf bytes.Buffer
			if s, err := h.m.Snapshot(); err != nil {
				t.Error(err)
			} else if _, err := s.WriteTo(&buf); err != nil {
				t.Error(err)
			}
			_ = h.m.Root()
			_, _ = h.m.Account(1)
			_, _ = h.m.Batch(2)
			_ = h.m.Checkpoints()
		}
	})
	wg.Wait()
	if !bytes.Equal(before, snapshotBytes(t, h.m)) {
		t.Fatal("Build changed the machine")
	}
}

// TestInvalidPriorityOperationIsConsumed: L1 forces priority operations in,
// so one that cannot take effect must be consumed as a no-op (Receipt's
// contract; deposit's "keep the queue moving regardless"). A deposit of
// zero, or for a key that is not a curve point, instead fails CheckFormat
// before its queue index is consumed: Build rejects it, and every later
// priority operation, forced exits included, is deferred forever.
func TestInvalidPriorityOperationIsConsumed(t *testing.T) {
	keys := testKeys(t, 63, 4)
	g := testGenesis(keys[:3], 100)
	m := newTestMachine(t, g)
	cands := []Tx{
		{Kind: KindDeposit, QueueIndex: 0, PubKey: keys[3].Public(), L1Addr: L1Address{3}, Amount: 0},
		{Kind: KindDeposit, QueueIndex: 1, PubKey: PubKey{0xff}, L1Addr: L1Address{4}, Amount: 5},
		{Kind: KindForcedExit, QueueIndex: 2, From: 1, L1Addr: g.Accounts[1].Owner},
	}
	res := m.Build(cands, 1, false)
	if len(res.Included) != 3 {
		t.Fatalf("included %v, rejected %v, deferred %v: the priority queue is stuck at index 0", res.Included, res.Rejected, res.Deferred)
	}
	m.Adopt(res)
	if r := m.Apply(1, 1, appendCmd(res.Batch)); r.Err != nil {
		t.Fatal(r.Err)
	}
	rec, _ := m.Batch(1)
	if !rec.Receipts[0].Failed || !rec.Receipts[1].Failed || rec.Receipts[2].Exit != 100 || m.NextPriority() != 3 {
		t.Fatalf("receipts %+v, cursor %d", rec.Receipts, m.NextPriority())
	}
}

// TestCheckFormatRejectsUnusedFields: CheckFormat's contract says the
// fields a kind does not use must be zero, but it does not look at them.
// (Encoding drops them, so replicas cannot diverge; the API just accepts
// operations carrying junk that is then silently discarded.)
func TestCheckFormatRejectsUnusedFields(t *testing.T) {
	keys := testKeys(t, 64, 1)
	for name, tx := range map[string]Tx{
		"transfer with an L1 address": {Kind: KindTransfer, From: 1, To: 2, Amount: 1, L1Addr: L1Address{1}},
		"transfer with a queue index": {Kind: KindTransfer, From: 1, To: 2, Amount: 1, QueueIndex: 3},
		"withdraw with a recipient":   {Kind: KindWithdraw, From: 1, To: 2, Amount: 1},
		"deposit with a sender":       {Kind: KindDeposit, From: 4, PubKey: keys[0].Public(), Amount: 1},
		"deposit with a signature":    {Kind: KindDeposit, PubKey: keys[0].Public(), Amount: 1, Sig: Signature{1}},
		"forced exit with an amount":  {Kind: KindForcedExit, From: 1, Amount: 9},
	} {
		if err := tx.CheckFormat(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: CheckFormat says %v", name, err)
		}
	}
}

// TestBuildCheckedTrustsOnlyEvidenceForTheSendersKey: evidence spares the
// builder a check only for the exact transaction under the sender's own key;
// anything else is verified, and a follower verifies every signature.
func TestBuildCheckedTrustsOnlyEvidenceForTheSendersKey(t *testing.T) {
	keys := testKeys(t, 65, 4)
	g := testGenesis(keys, 100)
	leader, follower := newTestMachine(t, g), newTestMachine(t, g)
	forged := signedTransfer(t, keys[2], g.ChainID, 1, 3, 5, 0, 0) // account 1, key 2
	good := signedTransfer(t, keys[2], g.ChainID, 2, 3, 5, 0, 0)
	// Valid evidence, but under key 2, not account 1's key.
	wrongKey, err := VerifySignature(&forged, keys[2].Public(), g.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	goodEv, err := VerifySignature(&good, keys[2].Public(), g.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifySignature(&forged, keys[1].Public(), g.ChainID); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("forged signature verified under the sender's key: %v", err)
	}
	// Evidence for the valid transaction must not cover the same body with
	// a forged signature (the tx hash leaves the signature out).
	tampered := good
	tampered.Sig[40] ^= 1
	if res := leader.BuildChecked([]Tx{tampered}, []SigVerified{goodEv}, 1, false); len(res.Rejected) != 1 || !errors.Is(res.Rejected[0].Err, ErrBadSignature) {
		t.Fatalf("tampered signature under evidence for the original: %+v", res)
	}
	for _, ev := range []SigVerified{wrongKey, goodEv, {}} { // wrong key, other tx, none
		res := leader.BuildChecked([]Tx{forged, good}, []SigVerified{ev, goodEv}, 1, false)
		if len(res.Rejected) != 1 || res.Rejected[0].Pos != 0 || !errors.Is(res.Rejected[0].Err, ErrBadSignature) || len(res.Included) != 1 {
			t.Fatalf("build: %+v", res)
		}
	}
	// A batch carrying the forgery (built without the builder) is refused
	// by a follower and changes nothing.
	b := &Batch{Header: follower.Head(), Txs: []Tx{forged}}
	b.Header.Number, b.Header.Parent, b.Header.TxCount = 1, follower.log[0].Hash, 1
	b.Header.TxCommitment = TxCommitment(b.Txs)
	before := captureState(t, follower)
	if r := follower.Apply(1, 1, appendCmd(b)); !errors.Is(r.Err, ErrBadSignature) || !errors.Is(r.Err, ErrBatchMismatch) {
		t.Fatalf("follower applied a forged signature: %+v", r)
	}
	if diff := before.diff(captureState(t, follower)); diff != "" {
		t.Fatal(diff)
	}
}

// TestLeaderApplyIsDeterministic: the leader applying its own batch from the
// builder's cache reaches exactly what a follower reaches by re-executing.
func TestLeaderApplyIsDeterministic(t *testing.T) {
	keys := testKeys(t, 66, 4)
	g := testGenesis(keys, 100)
	leader, follower := newTestMachine(t, g), newTestMachine(t, g)
	good := signedTransfer(t, keys[1], g.ChainID, 1, 3, 5, 0, 0)
	forged := signedTransfer(t, keys[2], g.ChainID, 1, 3, 5, 0, 1)
	goodEv, _ := VerifySignature(&good, keys[1].Public(), g.ChainID)
	forgedEv, _ := VerifySignature(&forged, keys[2].Public(), g.ChainID)
	res := leader.BuildChecked([]Tx{good, forged}, []SigVerified{goodEv, forgedEv}, 1, false)
	if len(res.Included) != 1 || len(res.Rejected) != 1 {
		t.Fatalf("build: %+v", res)
	}
	leader.Adopt(res)
	data := appendCmd(res.Batch)
	rl, rf := leader.Apply(1, 1, data), follower.Apply(1, 1, data)
	if rl.Err != nil || rf.Err != nil || leader.Root() != follower.Root() {
		t.Fatalf("leader: %v, follower: %v: the replicas forked", rl.Err, rf.Err)
	}
}

// TestFeesOwedCountAgainstOverflow: the fee account is credited at the end
// of the batch, so every check that could overflow its balance counts the
// fees it is still owed; otherwise the final credit could wrap, and the
// circuit (which range-checks it) could not prove the batch.
func TestFeesOwedCountAgainstOverflow(t *testing.T) {
	keys := testKeys(t, 9, 3)
	g := testGenesis(keys, 1000)
	g.Accounts[0].Balance = math.MaxUint64 - 10
	m := newTestMachine(t, g)
	pay := func(from uint32, nonce, amount, fee uint64, to uint32) Tx {
		return signedTransfer(t, keys[from], g.ChainID, from, to, amount, fee, nonce)
	}
	res := m.Build([]Tx{
		pay(1, 0, 1, 6, 2), // owed 6: fits
		pay(2, 0, 1, 6, 1), // owed 12 > 10: rejected
		pay(2, 0, 4, 0, 0), // 4 to the fee account + 6 owed = 10: fits
		pay(1, 1, 1, 0, 0), // one more to the fee account: rejected
	}, 1, false)
	if len(res.Included) != 2 || res.Included[0] != 0 || res.Included[1] != 2 {
		t.Fatalf("included %v, rejected %+v", res.Included, res.Rejected)
	}
	for _, r := range res.Rejected {
		if !errors.Is(r.Err, ErrOverflow) {
			t.Fatalf("candidate %d: %v, want an overflow", r.Pos, r.Err)
		}
	}
	// Priority operations come first in a batch, so a deposit to the fee
	// account sees no fees owed; a fee after it must fit what is left.
	dep := Tx{Kind: KindDeposit, QueueIndex: 0, PubKey: keys[0].Public(), L1Addr: L1Address{0xa0}, Amount: 1}
	res = m.Build([]Tx{dep, pay(1, 0, 1, 10, 2)}, 1, false)
	if len(res.Included) != 1 || res.prepared.receipts[0].Failed || len(res.Rejected) != 1 || !errors.Is(res.Rejected[0].Err, ErrOverflow) {
		t.Fatalf("deposit then a fee that no longer fits: %+v", res)
	}
	m.Adopt(res)
	if r := m.Apply(1, 1, appendCmd(res.Batch)); r.Err != nil {
		t.Fatal(r.Err)
	}
	if a, _ := m.Account(0); a.Balance != math.MaxUint64-9 {
		t.Fatalf("fee account balance %d", a.Balance)
	}
}
