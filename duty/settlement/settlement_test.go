package settlement

import (
	"math/big"
	"strings"
	"testing"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
)

// The duty's traffic with L1 is tested end to end in cluster
// (TestSettleEndToEnd, on an embedded L1); this checks what it refuses
// before sending anything.

type slots int

func (s slots) BatchSize() int                          { return int(s) }
func (slots) SolidityProof([]byte) ([8]*big.Int, error) { return [8]*big.Int{}, nil }

func TestCheckRollupRefusesAContractForAnotherChain(t *testing.T) {
	chain := fsm.DefaultConfig()
	chain.TreeDepth, chain.MaxBatchTxs = 8, 4
	ok := contracts.RollupParams{TreeDepth: 8, Slots: 4}
	for _, c := range []struct {
		name   string
		p      contracts.RollupParams
		proofs Proofs
		want   string
	}{
		{"matching", ok, slots(4), ""},
		{"without provers", ok, nil, ""},
		{"tree depth", contracts.RollupParams{TreeDepth: 20, Slots: 4}, slots(4), "tree depth"},
		{"fewer slots than a batch", contracts.RollupParams{TreeDepth: 8, Slots: 2}, slots(2), "genesis allows"},
		{"circuit size", contracts.RollupParams{TreeDepth: 8, Slots: 8}, slots(4), "the circuit"},
	} {
		d := New(Config{}, Deps{Chain: chain, Proofs: c.proofs})
		err := d.checkRollup(c.p)
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
