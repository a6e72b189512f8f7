package prover

import (
	"math/rand/v2"
	"testing"

	"github.com/baton-rollup/baton/fsm"
)

// TestPropertyFsmBatchesAreProvable: whatever random operations the fsm's
// builder accepts (it drops the invalid ones), the batch it commits has a
// satisfying witness. That is the promise the circuit makes to the
// sequencer: committed means provable.
func TestPropertyFsmBatchesAreProvable(t *testing.T) {
	const depth, batch = 4, 4
	steps := 12
	if testing.Short() {
		steps = 4
	}
	for seed := range uint64(2) {
		r := rand.New(rand.NewPCG(seed, 7))
		c := newChain(t, depth, 5, batch, 500)
		p := c.params(batch)
		for step := range steps {
			var cands []fsm.Tx
			// Priority operations first, as the builder requires.
			for range r.IntN(3) {
				if r.IntN(2) == 0 {
					key := c.keys[r.IntN(len(c.keys))].Public()
					if r.IntN(2) == 0 {
						key = fsm.DevKey("random", r.Uint64N(8)).Public()
					}
					cands = append(cands, c.deposit(key, owner(r.IntN(6)), 1+r.Uint64N(300)))
				} else {
					cands = append(cands, c.exit(uint32(r.IntN(9)), owner(r.IntN(6))))
				}
			}
			n := c.m.NumAccounts()
			for range r.IntN(batch + 1) {
				from := uint32(r.IntN(len(c.keys)))
				if r.IntN(4) == 0 {
					cands = append(cands, c.withdraw(from, owner(r.IntN(6)), 1+r.Uint64N(200), r.Uint64N(5)))
					continue
				}
				to := uint32(r.IntN(n))
				if to == from {
					continue
				}
				cands = append(cands, c.transfer(from, to, 1+r.Uint64N(400), r.Uint64N(5)))
			}
			res := c.m.Build(cands, int64(c.next), true)
			// Keep only what the builder took, and restore the priority
			// cursor for the ones it did not.
			var txs []fsm.Tx
			for _, i := range res.Included {
				txs = append(txs, cands[i])
			}
			c.prio = c.m.NextPriority()
			for _, tx := range txs {
				if tx.Kind.IsPriority() {
					c.prio = max(c.prio, tx.QueueIndex+1)
				}
			}
			b := c.commit(txs...)
			if err := solved(t, p, assign(t, p, b)); err != nil {
				t.Fatalf("seed %d step %d (%d ops, receipts %+v): %v", seed, step, len(txs), b.Receipts, err)
			}
		}
	}
}
