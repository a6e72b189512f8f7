package fsm

import (
	"errors"
	"fmt"
	"slices"
)

// Sizes are a chain's circuit sizes (operation slots), ascending; the last
// is MaxBatchTxs. Each has its own Groth16 keys and its own verifier on L1.
// A batch is proven by the smallest that holds it, so a quiet chain's
// batches take a small circuit (fast to prove, fast to finality) and a
// busy chain's a large one (cheap per operation on L1).
//
// The sizes are not a rule of the state machine: which batches are valid
// depends on MaxBatchTxs alone (the largest size), so they are not in
// snapshots. Everyone who needs a batch's size (leader, provers, L1
// client, rebuild) derives it from the batch with For.
type Sizes []int

// Validate reports sizes that are not ascending, not in [1, max], or do
// not end at max (MaxBatchTxs).
func (s Sizes) Validate(max int) error {
	switch {
	case len(s) == 0:
		return errors.New("circuit_sizes: none")
	case len(s) > 16:
		return fmt.Errorf("circuit_sizes: %d sizes, at most 16", len(s))
	case s[len(s)-1] != max:
		return fmt.Errorf("circuit_sizes: the largest, %d, must be max_batch_txs %d", s[len(s)-1], max)
	}
	for i, n := range s {
		if n < 1 || (i > 0 && n <= s[i-1]) {
			return fmt.Errorf("circuit_sizes %v: not ascending positive sizes", []int(s))
		}
	}
	return nil
}

// For is the smallest size whose circuit holds txs: as many slots as
// operations and as many wide entries as operations that take one. A
// batch the fsm committed always fits the largest.
func (s Sizes) For(txs []Tx) (int, error) {
	wide := WideOps(txs)
	for _, n := range s {
		if len(txs) <= n && wide <= WideEntries(n) {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: %d operations (%d wide) fit no circuit size of %v", ErrTooLarge, len(txs), wide, []int(s))
}

// Has reports whether n is one of the sizes.
func (s Sizes) Has(n int) bool { return slices.Contains(s, n) }

// Sizes are the genesis's circuit sizes: circuit_sizes, or max_batch_txs
// alone when the file names none.
func (g Genesis) Sizes() Sizes {
	if len(g.CircuitSizes) == 0 {
		return Sizes{g.MaxBatchTxs}
	}
	return slices.Clone(g.CircuitSizes)
}
