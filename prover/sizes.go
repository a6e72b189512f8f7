package prover

import (
	"fmt"

	"github.com/baton-rollup/baton/fsm"
)

// ParamsOf are the circuits of genesis g that a prover (or a setup)
// serves: one per size in sizes, each of which must be one of g's
// circuit sizes, or every size of g when sizes is empty.
func ParamsOf(g *fsm.Genesis, sizes []int) ([]Params, error) {
	all := g.Sizes()
	if len(sizes) == 0 {
		sizes = all
	}
	ps := make([]Params, 0, len(sizes))
	seen := map[int]bool{}
	for _, n := range sizes {
		switch {
		case !all.Has(n):
			return nil, fmt.Errorf("size %d is not a circuit size of the genesis (circuit_sizes %v)", n, []int(all))
		case seen[n]:
			return nil, fmt.Errorf("size %d given twice", n)
		}
		seen[n] = true
		p := ParamsFor(g.Config, n)
		if err := p.Validate(); err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// LoadCPU loads the keys of each circuit of ps (Load: compiled, never
// set up here) as CPU backends.
func LoadCPU(keysDir string, ps []Params) ([]Backend, error) {
	bes := make([]Backend, 0, len(ps))
	for _, p := range ps {
		k, err := Load(keysDir, p)
		if err != nil {
			return nil, err
		}
		bes = append(bes, NewCPU(k))
	}
	return bes, nil
}
