package prover

import (
	"encoding/binary"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"

	"github.com/baton-rollup/baton/fsm"
)

// chain is an fsm machine that tests build committed batches on, with the
// keys of its accounts.
type chain struct {
	t    testing.TB
	m    *fsm.Machine
	g    fsm.Genesis
	keys []fsm.PrivateKey
	next uint64 // next raft index
	prio uint64 // next priority queue index
}

func newChain(t testing.TB, depth, accounts, batch int, balance uint64) *chain {
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = depth
	cfg.MaxBatchTxs = batch
	g := fsm.DevGenesis(cfg, "prover-test", accounts, balance, 0)
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	c := &chain{t: t, m: m, g: g, next: 1}
	for i := range accounts {
		c.keys = append(c.keys, fsm.DevKey("prover-test", uint64(i)))
	}
	return c
}

func owner(i int) fsm.L1Address {
	var a fsm.L1Address
	binary.BigEndian.PutUint64(a[12:], uint64(i)+1)
	return a
}

func (c *chain) transfer(from, to uint32, amount, fee uint64) fsm.Tx {
	a, _ := c.m.Account(from)
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: to, Amount: amount, Fee: fee, Nonce: a.Nonce}
	if err := tx.Sign(c.keys[from], c.g.ChainID); err != nil {
		c.t.Fatal(err)
	}
	return tx
}

func (c *chain) withdraw(from uint32, to fsm.L1Address, amount, fee uint64) fsm.Tx {
	a, _ := c.m.Account(from)
	tx := fsm.Tx{Kind: fsm.KindWithdraw, From: from, L1Addr: to, Amount: amount, Fee: fee, Nonce: a.Nonce}
	if err := tx.Sign(c.keys[from], c.g.ChainID); err != nil {
		c.t.Fatal(err)
	}
	return tx
}

func (c *chain) deposit(key fsm.PubKey, owner fsm.L1Address, amount uint64) fsm.Tx {
	c.prio++
	return fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: c.prio - 1, PubKey: key, L1Addr: owner, Amount: amount}
}

func (c *chain) exit(from uint32, owner fsm.L1Address) fsm.Tx {
	c.prio++
	return fsm.Tx{Kind: fsm.KindForcedExit, QueueIndex: c.prio - 1, From: from, L1Addr: owner}
}

// commit builds a batch of exactly txs, applies it and returns the
// prover's input for it.
func (c *chain) commit(txs ...fsm.Tx) *Batch {
	c.t.Helper()
	res := c.m.Build(txs, int64(c.next), true)
	if len(res.Included) != len(txs) {
		c.t.Fatalf("built %d of %d operations: rejected %+v deferred %v", len(res.Included), len(txs), res.Rejected, res.Deferred)
	}
	cmd := (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()
	if r := c.m.Apply(c.next, 1, cmd); r.Err != nil {
		c.t.Fatal(r.Err)
	}
	c.next++
	b, err := BatchFromMachine(c.m, res.Batch.Header.Number)
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

func (c *chain) params(batch int) Params { return ParamsFor(c.g.Config, batch) }

func assign(t testing.TB, p Params, b *Batch) *Circuit {
	t.Helper()
	w, err := Assign(p, b)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func solved(t testing.TB, p Params, w *Circuit) error {
	t.Helper()
	return test.IsSolved(NewCircuit(p), w, ecc.BN254.ScalarField())
}

// TestCircuitProvesWhatTheFsmCommits: every kind of operation, including
// priority operations that fail for each reason the fsm has, in batches
// shorter than the circuit, has a satisfying witness.
func TestCircuitProvesWhatTheFsmCommits(t *testing.T) {
	const depth, batch = 4, 4
	c := newChain(t, depth, 5, batch, 1000)
	p := c.params(batch)
	newKey := fsm.DevKey("prover-test", 99).Public()
	batches := map[string]*Batch{
		"transfers and a withdrawal": c.commit(c.transfer(1, 2, 100, 3), c.transfer(2, 1, 50, 0), c.withdraw(3, owner(9), 10, 2)),
		"the fee account pays":       c.commit(c.transfer(0, 4, 5, 1)),
		"deposits create and credit": c.commit(c.deposit(newKey, owner(7), 70), c.deposit(c.keys[2].Public(), owner(2), 5)),
		"forced exits":               c.commit(c.exit(4, owner(4)), c.exit(1, owner(8)), c.exit(12, owner(1))),
		"empty":                      c.commit(),
	}
	// Overflow: a deposit that would take an account past 2^64-1.
	batches["a deposit that overflows"] = c.commit(c.deposit(c.keys[3].Public(), owner(3), ^uint64(0)-10))
	for name, b := range batches {
		t.Run(name, func(t *testing.T) {
			if err := solved(t, p, assign(t, p, b)); err != nil {
				t.Fatal(err)
			}
		})
	}
	// Fill the tree (depth 4: 16 leaves), then one more deposit fails.
	var fill []fsm.Tx
	for i := 0; c.m.NumAccounts()+len(fill) < 16; i++ {
		fill = append(fill, c.deposit(fsm.DevKey("fill", uint64(i)).Public(), owner(i), 1))
		if len(fill) == batch {
			c.commit(fill...)
			fill = nil
		}
	}
	if len(fill) > 0 {
		c.commit(fill...)
	}
	full := c.commit(c.deposit(fsm.DevKey("fill", 1000).Public(), owner(1), 1))
	if !full.Receipts[0].Failed {
		t.Fatalf("deposit into a full tree: %+v", full.Receipts[0])
	}
	if err := solved(t, p, assign(t, p, full)); err != nil {
		t.Fatalf("full tree: %v", err)
	}
}

// TestCircuitRefusesTampering: a witness changed in any of the ways a
// dishonest prover or sequencer would try is never a solution.
func TestCircuitRefusesTampering(t *testing.T) {
	const depth, batch = 4, 2
	c := newChain(t, depth, 4, batch, 1000)
	p := c.params(batch)
	b := c.commit(c.transfer(1, 2, 100, 3), c.withdraw(3, owner(9), 10, 2))
	if err := solved(t, p, assign(t, p, b)); err != nil {
		t.Fatal(err)
	}
	one := big.NewInt(1)
	add := func(v frontend.Variable, d *big.Int) *big.Int { return new(big.Int).Add(v.(*big.Int), d) }
	cases := map[string]func(w *Circuit){
		"bad signature": func(w *Circuit) { w.Slots[0].S = add(w.Slots[0].S, one) },
		"wrong nonce":   func(w *Circuit) { w.Slots[0].A.Nonce = add(w.Slots[0].A.Nonce, one) },
		"overdraft": func(w *Circuit) {
			// The sender claims to have more than it has.
			w.Slots[1].A.Balance = add(w.Slots[1].A.Balance, big.NewInt(1<<40))
		},
		"amount above the balance": func(w *Circuit) { w.Slots[0].Amount = big.NewInt(5000) },
		"wrong pre-state root":     func(w *Circuit) { w.PreRoot = add(w.PreRoot, one) },
		"wrong post-state root":    func(w *Circuit) { w.PostRoot = add(w.PostRoot, one) },
		"wrong commitment":         func(w *Circuit) { w.Commitment = add(w.Commitment, one) },
		"data differs from the commitment": func(w *Circuit) {
			w.Slots[1].Addr = add(w.Slots[1].Addr, one) // the withdrawal's recipient
		},
		"fees not credited": func(w *Circuit) { w.Fee.Balance = add(w.Fee.Balance, big.NewInt(5)) },
		"a failed op that succeeded": func(w *Circuit) {
			w.Slots[1].Failed = 1
		},
		"a transfer posted as a no-op": func(w *Circuit) {
			w.Slots[0].IsTransfer = 0
		},
		"a posted amount that is not the one moved": func(w *Circuit) {
			w.Slots[0].AmountM = add(w.Slots[0].AmountM, one)
		},
		"a posted fee that is not the one paid": func(w *Circuit) {
			w.Slots[0].FeeE = add(w.Slots[0].FeeE, one)
		},
		"a withdrawal's entry that says another amount": func(w *Circuit) {
			w.Wide[0].Amount = add(w.Wide[0].Amount.(*big.Int), one)
		},
		"a withdrawal that skips its wide entry": func(w *Circuit) {
			w.Slots[1].Sel[0], w.Slots[1].Sel[1] = 0, 1
			w.Wide[1], w.Wide[0] = w.Wide[0], WideEntry{Amount: 0, Addr: 0, PkX: 0, PkY: 0, PkSign: 0}
		},
		"data in an unused wide entry": func(w *Circuit) { w.Wide[1].Addr = 5 },
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			w := assign(t, p, b)
			tamper(w)
			if err := solved(t, p, w); err == nil {
				t.Fatal("a tampered witness was accepted")
			}
		})
	}
}

// TestCircuitHasNoCommitment: the proof stays plain Groth16 with three
// public inputs, which is what the L1 verifier checks.
func TestCircuitHasNoCommitment(t *testing.T) {
	p := Params{BatchSize: 1, Depth: 4, ChainID: 412}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, NewCircuit(p))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cs.GetCommitments().CommitmentIndexes()); n != 0 {
		t.Fatalf("%d BSB22 commitments", n)
	}
	if _, _, pub := cs.GetNbVariables(); pub != 4 { // the constant one and three inputs
		t.Fatalf("%d public variables", pub)
	}
	t.Logf("%s: %d constraints", p, cs.GetNbConstraints())
}
