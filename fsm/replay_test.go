package fsm

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomPubOps draws operations of every kind, failed priority ones
// included, with their transactions and receipts as the machine would
// have them, and the PubOps the public data must give back (written out
// field by field, not through PubOp.Tx, so that a decoder that drops or
// swaps a field fails).
func randomPubOps(r *rand.Rand, n, maxWide int) ([]Tx, []Receipt, []PubOp) {
	var txs []Tx
	var rcs []Receipt
	var want []PubOp
	addr := func() (a L1Address) {
		for i := range a {
			a[i] = byte(r.Uint32())
		}
		return a
	}
	// Amounts and fees that pack: a mantissa times a power of ten.
	packable := func(mbits uint) uint64 {
		v := r.Uint64N(1 << mbits)
		for range r.IntN(8) {
			v *= 10
		}
		return v
	}
	wide := 0
	for range n {
		var tx Tx
		var rc Receipt
		var op PubOp
		kind := r.IntN(4)
		if wide == maxWide {
			kind = 0
		} else if kind > 0 {
			wide++
		}
		switch kind {
		case 0:
			tx = Tx{Kind: KindTransfer, From: r.Uint32(), To: r.Uint32(), Amount: packable(35), Fee: packable(11), Nonce: r.Uint64()}
			op = PubOp{Kind: KindTransfer, From: tx.From, To: tx.To, Amount: tx.Amount, Fee: tx.Fee}
		case 1:
			tx = Tx{Kind: KindWithdraw, From: r.Uint32(), L1Addr: addr(), Amount: packable(35), Fee: packable(11), Nonce: r.Uint64()}
			op = PubOp{Kind: KindWithdraw, From: tx.From, L1Addr: tx.L1Addr, Amount: tx.Amount, Fee: tx.Fee}
		case 2:
			tx = Tx{Kind: KindDeposit, QueueIndex: r.Uint64(), L1Addr: addr(), Amount: r.Uint64()}
			for i := range tx.PubKey {
				tx.PubKey[i] = byte(r.Uint32())
			}
			if rc.Failed = r.IntN(3) == 0; !rc.Failed {
				rc.Account = r.Uint32()
			}
			op = PubOp{Kind: KindDeposit, Failed: rc.Failed, PubKey: tx.PubKey, L1Addr: tx.L1Addr, Amount: tx.Amount, Account: rc.Account}
		default:
			tx = Tx{Kind: KindForcedExit, QueueIndex: r.Uint64(), From: r.Uint32(), L1Addr: addr()}
			if rc.Failed = r.IntN(3) == 0; !rc.Failed {
				rc.Exit = r.Uint64()
			}
			op = PubOp{Kind: KindForcedExit, Failed: rc.Failed, From: tx.From, L1Addr: tx.L1Addr, Exit: rc.Exit}
		}
		txs, rcs, want = append(txs, tx), append(rcs, rc), append(want, op)
	}
	return txs, rcs, want
}

// TestDecodePublicDataRoundTrip: decoding what PublicData encoded gives
// back exactly what the records carry, for every kind, at every fill of
// the slots. This keeps the decoder with the encoder when the layout
// changes.
func TestDecodePublicDataRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 500 {
		slots := 1 + r.IntN(16)
		txs, rcs, want := randomPubOps(r, r.IntN(slots+1), WideEntries(slots))
		data, err := PublicData(txs, rcs, slots)
		if err != nil {
			t.Fatal(err)
		}
		// The rebuild reads what was posted; the full data reads the same.
		for _, in := range [][]byte{PostedData(data, slots), data} {
			got, err := DecodePublicData(in, slots)
			if err != nil {
				t.Fatalf("iter %d: %d of %d bytes: %v", iter, len(in), len(data), err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || len(got) != len(want) {
				t.Fatalf("iter %d: decoded\n%+v\nwant\n%+v", iter, got, want)
			}
		}
	}
}

// FuzzDecodePublicData: whatever DecodePublicData accepts, PublicData
// writes back byte for byte once padded as the contract pads it (one
// posted batch has one reading), and anything else is ErrMalformed.
func FuzzDecodePublicData(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 8 {
		txs, rcs, _ := randomPubOps(r, 3, WideEntries(4))
		data, _ := PublicData(txs, rcs, 4)
		f.Add(data, 4)
		f.Add(PostedData(data, 4), 4)
	}
	f.Add(make([]byte, PubDataSize(1)), 1)
	f.Fuzz(func(t *testing.T, data []byte, slots int) {
		if slots <= 0 || slots > 64 {
			return
		}
		ops, err := DecodePublicData(data, slots)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v is not ErrMalformed", err)
			}
			return
		}
		txs := make([]Tx, len(ops))
		rcs := make([]Receipt, len(ops))
		for i := range ops {
			txs[i], rcs[i] = ops[i].Tx(), ops[i].Receipt()
		}
		full, err := FullData(data, slots)
		if err != nil {
			t.Fatalf("decoded what FullData refuses: %v", err)
		}
		again, err := PublicData(txs, rcs, slots)
		if err != nil || string(again) != string(full) {
			t.Fatalf("decoded %+v, encodes back to something else (%v)", ops, err)
		}
	})
}

func TestDecodePublicDataRejects(t *testing.T) {
	txs := []Tx{
		{Kind: KindTransfer, From: 1, To: 2, Amount: 5, Fee: 1},
		{Kind: KindWithdraw, From: 3, L1Addr: L1Address{7}, Amount: 9, Fee: 0},
	}
	rcs := []Receipt{{}, {}}
	good, err := PublicData(txs, rcs, 3)
	if err != nil {
		t.Fatal(err)
	}
	for name, mut := range map[string]func([]byte) []byte{
		"short":          func(b []byte) []byte { return b[:len(b)-1] },
		"unknown kind":   func(b []byte) []byte { b[0] = 9; return b },
		"failed L2":      func(b []byte) []byte { b[0] = byte(KindTransfer) | RecordFailed; return b },
		"after padding":  func(b []byte) []byte { copy(b, make([]byte, RecordSize)); return b },
		"padding not 0":  func(b []byte) []byte { b[2*RecordSize+5] = 1; return b },
		"unused nonzero": func(b []byte) []byte { b[RecordSize+RecTo] = 1; return b }, // a withdrawal's to
		"unused entry":   func(b []byte) []byte { b[3*RecordSize+WideSize+3] = 1; return b },
		"entry amount":   func(b []byte) []byte { b[3*RecordSize+WideAmount+7]++; return b }, // not the packed one
		"non-canonical packing": func(b []byte) []byte {
			b[RecAmount+3], b[RecAmount+4] = 0, 1 // 5 posted as 0·10^1
			return b
		},
		"kind changed": func(b []byte) []byte { b[0] = byte(KindDeposit); return b },
	} {
		b := mut(append([]byte(nil), good...))
		if _, err := DecodePublicData(b, 3); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

// TestRebuilderReplaysMachine: a rebuilder fed only each batch's public
// data reaches the real machine's post-state root after every batch of a
// random run (transfers, withdrawals, deposits creating and crediting
// accounts, forced exits, failed priority operations, fees), and the same
// accounts at the end.
func TestRebuilderReplaysMachine(t *testing.T) {
	seeds, steps := 4, 30
	if testing.Short() {
		seeds, steps = 2, 15
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			p := newPropRun(t, seed)
			rb, err := NewRebuilder(p.g)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			for iter := range steps {
				p.step(iter)
				for n := rb.Batches() + 1; n <= p.leader.Head().Number; n++ {
					rec, _ := p.leader.Batch(n)
					data, err := PublicData(rec.Txs, rec.Receipts, p.g.MaxBatchTxs)
					if err != nil {
						t.Fatal(err)
					}
					ops, err := DecodePublicData(data, p.g.MaxBatchTxs)
					if err != nil {
						t.Fatal(err)
					}
					for _, op := range ops {
						kinds[fmt.Sprint(op.Kind, op.Failed)]++
					}
					root, err := rb.Apply(ops)
					if err != nil {
						t.Fatalf("batch %d: %v", n, err)
					}
					if root != rec.Header.PostRoot {
						t.Fatalf("batch %d: rebuilt root %s, machine's %s", n, root, rec.Header.PostRoot)
					}
				}
			}
			if rb.NextPriority() != p.leader.NextPriority() || len(rb.Accounts()) != p.leader.NumAccounts() {
				t.Fatalf("queue %d accounts %d, machine %d %d", rb.NextPriority(), len(rb.Accounts()), p.leader.NextPriority(), p.leader.NumAccounts())
			}
			for i, a := range rb.Accounts() {
				b, _ := p.leader.Account(uint32(i))
				if a.PubKey != b.PubKey || a.Owner != b.Owner || a.Balance != b.Balance || a.Nonce != b.Nonce {
					t.Fatalf("account %d: rebuilt %+v, machine %+v", i, a, b)
				}
			}
			t.Logf("%d batches, operations by kind and failed: %v", rb.Batches(), kinds)
		})
	}
}

// TestRebuilderRefusesWrongData: data the machine could not have
// produced is ErrBatchMismatch and changes nothing.
func TestRebuilderRefusesWrongData(t *testing.T) {
	keys := testKeys(t, 7, 3)
	g := testGenesis(keys, 100)
	rb, err := NewRebuilder(g)
	if err != nil {
		t.Fatal(err)
	}
	root := rb.Root()
	for name, ops := range map[string][]PubOp{
		"overdraft":         {{Kind: KindTransfer, From: 1, To: 2, Amount: 101}},
		"unknown sender":    {{Kind: KindTransfer, From: 9, To: 2, Amount: 1}},
		"exit not paid":     {{Kind: KindForcedExit, From: 1, L1Addr: g.Accounts[1].Owner, Failed: true}},
		"exit overpaid":     {{Kind: KindForcedExit, From: 1, L1Addr: g.Accounts[1].Owner, Exit: 101}},
		"deposit refused":   {{Kind: KindDeposit, PubKey: keys[0].Public(), Amount: 5, Failed: true}},
		"priority late":     {{Kind: KindTransfer, From: 1, To: 2, Amount: 1}, {Kind: KindDeposit, PubKey: keys[0].Public(), Amount: 5}},
		"second half fails": {{Kind: KindTransfer, From: 1, To: 2, Amount: 60}, {Kind: KindTransfer, From: 1, To: 2, Amount: 60}},
	} {
		if _, err := rb.Apply(ops); !errors.Is(err, ErrBatchMismatch) {
			t.Errorf("%s: got %v, want ErrBatchMismatch", name, err)
		}
		if rb.Root() != root || rb.Batches() != 0 || rb.NextPriority() != 0 {
			t.Fatalf("%s: a refused batch changed the rebuilder", name)
		}
	}
	// The same operations done right are accepted.
	if _, err := rb.Apply([]PubOp{{Kind: KindForcedExit, From: 1, L1Addr: g.Accounts[1].Owner, Exit: 100}}); err != nil {
		t.Fatal(err)
	}
}
