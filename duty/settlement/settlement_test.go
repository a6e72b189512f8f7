package settlement

import (
	"strings"
	"testing"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
)

// The duty's traffic with L1 is tested end to end in cluster
// (TestSettleEndToEnd, on an embedded L1); this checks what it refuses
// before sending anything.

func TestCheckRollupRefusesAContractForAnotherChain(t *testing.T) {
	chain := fsm.DefaultConfig()
	chain.TreeDepth, chain.MaxBatchTxs = 8, 16
	sizes := fsm.Sizes{4, 16}
	ok := contracts.RollupParams{TreeDepth: 8, Sizes: []int{4, 16}}
	for _, c := range []struct {
		name  string
		p     contracts.RollupParams
		sizes fsm.Sizes
		want  string
	}{
		{"matching", ok, sizes, ""},
		{"more verifiers than the chain uses", contracts.RollupParams{TreeDepth: 8, Sizes: []int{1, 4, 16, 64}}, sizes, ""},
		{"tree depth", contracts.RollupParams{TreeDepth: 20, Sizes: []int{4, 16}}, sizes, "tree depth"},
		{"no verifier for the largest", contracts.RollupParams{TreeDepth: 8, Sizes: []int{4}}, sizes, "no verifier for 16 slots"},
		{"no verifier for a small one", contracts.RollupParams{TreeDepth: 8, Sizes: []int{16}}, sizes, "no verifier for 4 slots"},
		{"sizes default to max_batch_txs", contracts.RollupParams{TreeDepth: 8, Sizes: []int{4}}, nil, "no verifier for 16 slots"},
	} {
		d := New(Config{}, Deps{Chain: chain, Sizes: c.sizes})
		err := d.checkRollup(c.p)
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
