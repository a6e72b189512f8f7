package fsm

import (
	"cmp"
	"fmt"
	"slices"
)

// Witness is what a prover needs of the state to prove one batch: the
// pre-state of every account the batch touches and the fewest tree nodes that
// connect them to the pre-state root (a Merkle multiproof). From it the
// prover derives the Merkle path of every operation in turn, replaying the
// batch over the partial tree. It is far smaller than one full path per
// operation, since paths share their upper nodes.
type Witness struct {
	PreRoot Hash `json:"pre_root"`
	// Count is the number of accounts before the batch; with the tree
	// root it makes the state root.
	Count    uint64           `json:"count"`
	Accounts []WitnessAccount `json:"accounts"`
	Nodes    []WitnessNode    `json:"nodes"`
}

// WitnessAccount is a touched account before the batch; Exists is false for
// an account the batch creates (its leaf was empty).
type WitnessAccount struct {
	Index   uint32  `json:"index"`
	Exists  bool    `json:"exists"`
	Account Account `json:"account"`
}

// WitnessNode is one tree node off the touched paths.
type WitnessNode struct {
	Level uint8  `json:"level"`
	Index uint64 `json:"index"`
	Value Field  `json:"value"`
}

// buildWitness records the pre-state of the covered leaves, before update u
// is applied. Leaves that u does not change (read to prove a no-op) widen
// the multiproof by their own paths.
func buildWitness(s *State, covered []uint32, u update) (*Witness, error) {
	w := &Witness{PreRoot: rootHash(s.Root()), Count: uint64(len(s.accounts))}
	if len(covered) != len(u.levels[0]) {
		all := make(map[uint64]Field, len(covered))
		for _, i := range covered {
			all[uint64(i)] = s.tree.node(0, uint64(i))
		}
		var err error
		if u, err = s.tree.plan(all, s.h); err != nil {
			return nil, err
		}
	}
	for _, i := range covered {
		wa := WitnessAccount{Index: i}
		if int(i) < len(s.accounts) {
			wa.Exists, wa.Account = true, s.accounts[i]
		}
		w.Accounts = append(w.Accounts, wa)
	}
	for l := 0; l < s.tree.depth; l++ {
		for i := range u.levels[l] {
			if _, onPath := u.levels[l][i^1]; !onPath {
				w.Nodes = append(w.Nodes, WitnessNode{Level: uint8(l), Index: i ^ 1, Value: s.tree.node(l, i^1)})
			}
		}
	}
	slices.SortFunc(w.Nodes, func(a, b WitnessNode) int {
		return cmp.Or(cmp.Compare(a.Level, b.Level), cmp.Compare(a.Index, b.Index))
	})
	return w, nil
}

// PartialTree rebuilds, from a witness, every node of the pre-state tree that
// the touched paths need. depth must be the tree's depth.
func (w *Witness) PartialTree(depth int) (*PartialTree, error) {
	h := newHasher()
	pt := &PartialTree{depth: depth, levels: make([]map[uint64]Field, depth+1), h: h, count: w.Count}
	for l := range pt.levels {
		pt.levels[l] = make(map[uint64]Field)
	}
	for _, a := range w.Accounts {
		var leaf Field
		if a.Exists {
			kh, err := accountKeyHash(h, a.Account.PubKey, a.Account.Owner)
			if err != nil {
				return nil, fmt.Errorf("witness account %d: %w", a.Index, err)
			}
			acct := a.Account
			acct.keyHash = kh
			leaf = acct.leaf(h)
		}
		pt.levels[0][uint64(a.Index)] = leaf
	}
	for _, n := range w.Nodes {
		if int(n.Level) >= depth {
			return nil, fmt.Errorf("%w: witness node at level %d", ErrMalformed, n.Level)
		}
		pt.levels[n.Level][n.Index] = n.Value
	}
	if len(w.Accounts) == 0 {
		// Every batch covers at least the fee account (credited at its end).
		return nil, fmt.Errorf("%w: witness covers no account", ErrMalformed)
	}
	for l := 0; l < depth; l++ {
		for i := range pt.levels[l] {
			p := i >> 1
			if _, done := pt.levels[l+1][p]; done {
				continue
			}
			left, okL := pt.levels[l][2*p]
			right, okR := pt.levels[l][2*p+1]
			if !okL || !okR {
				return nil, fmt.Errorf("%w: witness lacks a sibling at level %d index %d", ErrMalformed, l, i^1)
			}
			pt.levels[l+1][p] = h.compress(&left, &right)
		}
	}
	if rootHash(pt.StateRoot()) != w.PreRoot {
		return nil, fmt.Errorf("%w: witness does not hash to its pre-state root", ErrMalformed)
	}
	return pt, nil
}

// PartialTree is the part of a state tree that a batch touches.
type PartialTree struct {
	depth  int
	levels []map[uint64]Field
	h      *hasher
	count  uint64 // accounts: the witness's, then as AddAccount counts
}

// Path returns the siblings of leaf idx, bottom up.
func (pt *PartialTree) Path(idx uint64) ([]Field, error) {
	p := make([]Field, pt.depth)
	for l := 0; l < pt.depth; l++ {
		v, ok := pt.levels[l][idx^1]
		if !ok {
			return nil, fmt.Errorf("%w: leaf %d is not covered by the witness", ErrMalformed, idx)
		}
		p[l] = v
		idx >>= 1
	}
	return p, nil
}

// TreeRoot is the root of the account tree.
func (pt *PartialTree) TreeRoot() Field { return pt.levels[pt.depth][0] }

// Count is the number of accounts.
func (pt *PartialTree) Count() uint64 { return pt.count }

// StateRoot is the state root: tree root and account count.
func (pt *PartialTree) StateRoot() Field { return stateRoot(pt.h, pt.TreeRoot(), pt.count) }

// SetLeaf replaces a covered leaf and rehashes its path, as a prover does
// after each operation.
func (pt *PartialTree) SetLeaf(idx uint64, leaf Field) error {
	if _, ok := pt.levels[0][idx]; !ok {
		return fmt.Errorf("%w: leaf %d is not covered by the witness", ErrMalformed, idx)
	}
	// Accounts are dense: writing the next index creates one.
	if idx == pt.count && !leaf.IsZero() {
		pt.count++
	}
	pt.levels[0][idx] = leaf
	for l := 0; l < pt.depth; l++ {
		left, right := pt.levels[l][idx&^1], pt.levels[l][idx|1]
		idx >>= 1
		pt.levels[l+1][idx] = pt.h.compress(&left, &right)
	}
	return nil
}

// Leaf computes an account's leaf hash as the state tree stores it.
func (a Account) Leaf() (Field, error) {
	h := newHasher()
	kh, err := accountKeyHash(h, a.PubKey, a.Owner)
	if err != nil {
		return Field{}, err
	}
	a.keyHash = kh
	return a.leaf(h), nil
}

// KeyHash is the first input of an account's leaf: Poseidon2 over its key's
// coordinates and its L1 owner.
func (a Account) KeyHash() (Field, error) {
	return accountKeyHash(newHasher(), a.PubKey, a.Owner)
}
