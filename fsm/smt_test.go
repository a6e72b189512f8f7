package fsm

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveTree is the reference for Tree: a map of every node ever written,
// updated one leaf at a time by rehashing that leaf's whole path. It shares
// nothing with Tree but the compression function.
type naiveTree struct {
	depth int
	nodes []map[uint64]Field
	empty []Field
	h     *hasher
}

func newNaiveTree(depth int) *naiveTree {
	n := &naiveTree{depth: depth, nodes: make([]map[uint64]Field, depth+1), empty: make([]Field, depth+1), h: newHasher()}
	for l := range n.nodes {
		n.nodes[l] = make(map[uint64]Field)
	}
	for l := 1; l <= depth; l++ {
		n.empty[l] = n.h.compress(&n.empty[l-1], &n.empty[l-1])
	}
	return n
}

func (n *naiveTree) node(l int, i uint64) Field {
	if v, ok := n.nodes[l][i]; ok {
		return v
	}
	return n.empty[l]
}

func (n *naiveTree) set(i uint64, v Field) {
	n.nodes[0][i] = v
	for l := 0; l < n.depth; l++ {
		p := i >> 1
		left, right := n.node(l, 2*p), n.node(l, 2*p+1)
		n.nodes[l+1][p] = n.h.compress(&left, &right)
		i = p
	}
}

func (n *naiveTree) root() Field { return n.node(n.depth, 0) }

func (n *naiveTree) path(i uint64) []Field {
	p := make([]Field, n.depth)
	for l := range p {
		p[l] = n.node(l, i^1)
		i >>= 1
	}
	return p
}

// recomputeRoot hashes the whole tree again from its leaves: the second,
// even simpler reference.
func recomputeRoot(depth int, leaves map[uint64]Field) Field {
	ref := newNaiveTree(depth)
	level := leaves
	for l := 0; l < depth; l++ {
		next := make(map[uint64]Field)
		for i := range level {
			p := i >> 1
			if _, done := next[p]; done {
				continue
			}
			left, ok := level[2*p]
			if !ok {
				left = ref.empty[l]
			}
			right, ok := level[2*p+1]
			if !ok {
				right = ref.empty[l]
			}
			next[p] = ref.h.compress(&left, &right)
		}
		level = next
	}
	if r, ok := level[0]; ok {
		return r
	}
	return ref.empty[depth]
}

func randField(r *rand.Rand) Field {
	if r.IntN(8) == 0 {
		return Field{} // an emptied leaf
	}
	return fieldFromUint64s(r.Uint64(), r.Uint64(), r.Uint64())
}

// randLeafSet draws leaves mostly near the end of the used prefix (as
// account creation does) and sometimes anywhere in the tree.
func randLeafSet(r *rand.Rand, capacity, used uint64, n int) map[uint64]Field {
	leaves := make(map[uint64]Field, n)
	for range n {
		var i uint64
		if r.IntN(4) == 0 {
			i = r.Uint64N(capacity)
		} else {
			i = r.Uint64N(min(used+4, capacity))
		}
		leaves[i] = randField(r)
	}
	return leaves
}

func TestTreePlanMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 15 {
		depth := 2 + r.IntN(7)
		h := newHasher()
		tree, ref := newTree(depth, h), newNaiveTree(depth)
		all := make(map[uint64]Field)
		var used uint64
		for round := range 6 {
			leaves := randLeafSet(r, tree.Capacity(), used, r.IntN(10))
			before := tree.Root()
			u, err := tree.plan(leaves, h)
			if err != nil {
				t.Fatal(err)
			}
			if got := tree.Root(); got != before {
				t.Fatalf("iter %d round %d: plan wrote to the tree", iter, round)
			}
			planned := tree.rootAfter(u)
			for i, v := range leaves {
				ref.set(i, v)
				all[i] = v
				used = max(used, i+1)
			}
			if want := ref.root(); planned != want {
				t.Fatalf("iter %d round %d: planned root differs from leaf-by-leaf updates", iter, round)
			}
			tree.apply(u)
			if tree.Root() != planned {
				t.Fatalf("iter %d round %d: applied root differs from planned", iter, round)
			}
			checkTreeNodes(t, tree, ref)
			root := tree.Root()
			for i := range leaves {
				p := tree.Path(i)
				if !slices.Equal(p, ref.path(i)) {
					t.Fatalf("iter %d round %d: path of %d differs", iter, round, i)
				}
				leaf := ref.node(0, i)
				if !VerifyPath(root, leaf, i, p) {
					t.Fatalf("iter %d round %d: path of %d does not verify", iter, round, i)
				}
				wrong := leaf
				wrong.SetUint64(1)
				wrong.Add(&wrong, &leaf)
				if VerifyPath(root, wrong, i, p) || (p[0] != leaf && VerifyPath(root, leaf, i^1, p)) {
					t.Fatalf("iter %d round %d: a wrong leaf or index verifies", iter, round)
				}
			}
		}
		if got, want := tree.Root(), recomputeRoot(depth, all); got != want {
			t.Fatalf("iter %d: root differs from a full recomputation", iter)
		}
		// rebuild, as Restore does it, from the dense leaf prefix.
		dense := make([]Field, used)
		for i, v := range all {
			dense[i] = v
		}
		rebuilt := newTree(depth, newHasher())
		rebuilt.rebuild(dense)
		if rebuilt.Root() != tree.Root() {
			t.Fatalf("iter %d: rebuilt root differs", iter)
		}
		checkTreeNodes(t, rebuilt, ref)
	}
}

// checkTreeNodes compares every node Tree stores with the reference.
func checkTreeNodes(t *testing.T, tree *Tree, ref *naiveTree) {
	t.Helper()
	for l, lv := range tree.levels {
		for i, v := range lv {
			if want := ref.node(l, uint64(i)); v != want {
				t.Fatalf("level %d node %d differs from the reference", l, i)
			}
		}
	}
}

func TestTreePlanEdgeCases(t *testing.T) {
	h := newHasher()
	tree := newTree(4, h)
	if tree.Root() != recomputeRoot(4, nil) {
		t.Fatal("empty root")
	}
	u, err := tree.plan(map[uint64]Field{}, h)
	if err != nil || tree.rootAfter(u) != tree.Root() {
		t.Fatalf("empty plan: %v", err)
	}
	var one Field
	one.SetUint64(1)
	if _, err := tree.plan(map[uint64]Field{16: one}, h); !errors.Is(err, ErrTreeFull) {
		t.Fatalf("leaf past capacity: %v", err)
	}
	// Setting the last leaf of a tree is fine.
	u, err = tree.plan(map[uint64]Field{15: one}, h)
	if err != nil {
		t.Fatal(err)
	}
	tree.apply(u)
	if tree.Root() != recomputeRoot(4, map[uint64]Field{15: one}) {
		t.Fatal("last leaf")
	}
}

// witnessRef is the reference multiproof: every sibling of every touched
// path that is not itself on a touched path.
func witnessRef(depth int, touched []uint32) map[[2]uint64]bool {
	onPath := make(map[[2]uint64]bool)
	for _, i := range touched {
		idx := uint64(i)
		for l := 0; l <= depth; l++ {
			onPath[[2]uint64{uint64(l), idx}] = true
			idx >>= 1
		}
	}
	need := make(map[[2]uint64]bool)
	for k := range onPath {
		if k[0] == uint64(depth) {
			continue
		}
		sib := [2]uint64{k[0], k[1] ^ 1}
		if !onPath[sib] {
			need[sib] = true
		}
	}
	return need
}

// checkWitness checks batch rec's witness against pre, the state before
// the batch, and post, the state after it:
//   - it records the touched accounts (and those read to prove a no-op)
//     as they were before;
//   - its nodes are exactly the reference multiproof, with pre's values;
//   - the partial tree hashes to the pre-state root, and each touched
//     account's path from it equals pre's path and verifies;
//   - replaying the new leaves through SetLeaf reaches the post-state root.
func checkWitness(t *testing.T, pre, post *Machine, rec *BatchRecord) {
	t.Helper()
	w, err := post.Witness(rec.Header.Number)
	if err != nil {
		t.Fatalf("batch %d has no witness: %v", rec.Header.Number, err)
	}
	depth := pre.cfg.TreeDepth
	if w.PreRoot != rec.Header.PreRoot || w.PreRoot != pre.Root() {
		t.Fatalf("batch %d: witness pre-root", rec.Header.Number)
	}
	touched := make([]uint32, len(w.Accounts))
	for i, wa := range w.Accounts {
		touched[i] = wa.Index
		a, exists := pre.Account(wa.Index)
		if wa.Exists != exists || (exists && !sameAccount(a, wa.Account)) {
			t.Fatalf("batch %d: witness account %d differs from the pre-state", rec.Header.Number, wa.Index)
		}
	}
	if !slices.IsSorted(touched) {
		t.Fatalf("batch %d: witness accounts not sorted", rec.Header.Number)
	}
	want := witnessRef(depth, touched)
	if len(w.Nodes) != len(want) {
		t.Fatalf("batch %d: witness has %d nodes, reference multiproof %d", rec.Header.Number, len(w.Nodes), len(want))
	}
	for _, n := range w.Nodes {
		if !want[[2]uint64{uint64(n.Level), n.Index}] {
			t.Fatalf("batch %d: witness node (%d, %d) is not needed", rec.Header.Number, n.Level, n.Index)
		}
		if n.Value != pre.st.tree.node(int(n.Level), n.Index) {
			t.Fatalf("batch %d: witness node (%d, %d) has the wrong value", rec.Header.Number, n.Level, n.Index)
		}
	}
	if len(w.Accounts) == 0 {
		t.Fatalf("batch %d: witness covers no account (the fee account always is)", rec.Header.Number)
	}
	pt, err := w.PartialTree(depth)
	if err != nil {
		t.Fatalf("batch %d: %v", rec.Header.Number, err)
	}
	preRoot := pt.TreeRoot()
	if rootHash(pt.StateRoot()) != rec.Header.PreRoot {
		t.Fatalf("batch %d: partial tree root", rec.Header.Number)
	}
	for _, wa := range w.Accounts {
		var leaf Field
		if wa.Exists {
			if leaf, err = wa.Account.Leaf(); err != nil {
				t.Fatal(err)
			}
		}
		p, err := pt.Path(uint64(wa.Index))
		if err != nil {
			t.Fatalf("batch %d: %v", rec.Header.Number, err)
		}
		if !slices.Equal(p, pre.st.tree.Path(uint64(wa.Index))) {
			t.Fatalf("batch %d: path of %d differs from the pre-state tree's", rec.Header.Number, wa.Index)
		}
		if !VerifyPath(preRoot, leaf, uint64(wa.Index), p) {
			t.Fatalf("batch %d: path of %d does not verify against the pre-state root", rec.Header.Number, wa.Index)
		}
	}
	for _, wa := range w.Accounts {
		a, ok := post.Account(wa.Index)
		if !ok {
			if wa.Exists {
				t.Fatalf("batch %d: account %d missing after the batch", rec.Header.Number, wa.Index)
			}
			// Read to show it is empty (a forced exit of an unknown
			// account): it stays empty.
			continue
		}
		leaf, err := a.Leaf()
		if err != nil {
			t.Fatal(err)
		}
		if err := pt.SetLeaf(uint64(wa.Index), leaf); err != nil {
			t.Fatal(err)
		}
	}
	if rootHash(pt.StateRoot()) != rec.Header.PostRoot {
		t.Fatalf("batch %d: replaying the witness does not reach the post-state root", rec.Header.Number)
	}
}

func sameAccount(a, b Account) bool {
	return a.PubKey == b.PubKey && a.Owner == b.Owner && a.Balance == b.Balance && a.Nonce == b.Nonce
}

// TestWitnessRejectsTampering: a witness that does not hash to its
// pre-state root, or lacks a node, or names a level past the root, is
// refused; paths and updates outside the witness are refused too.
func TestWitnessRejectsTampering(t *testing.T) {
	keys := testKeys(t, 3, 4)
	g := testGenesis(keys, 1000)
	m := newTestMachine(t, g)
	res := m.Build([]Tx{
		signedTransfer(t, keys[1], g.ChainID, 1, 2, 5, 1, 0),
		signedTransfer(t, keys[3], g.ChainID, 3, 1, 5, 1, 0),
	}, 1, false)
	if r := m.Apply(1, 1, appendCmd(res.Batch)); r.Err != nil {
		t.Fatal(r.Err)
	}
	w := mustWitness(t, m, 1)
	if _, err := w.PartialTree(g.TreeDepth); err != nil {
		t.Fatal(err)
	}
	clone := func() *Witness {
		return &Witness{PreRoot: w.PreRoot, Accounts: slices.Clone(w.Accounts), Nodes: slices.Clone(w.Nodes)}
	}
	cases := map[string]func(*Witness){
		"node value": func(c *Witness) { c.Nodes[0].Value.SetUint64(7) },
		"node gone":  func(c *Witness) { c.Nodes = c.Nodes[1:] },
		"level":      func(c *Witness) { c.Nodes[0].Level = uint8(g.TreeDepth) },
		"balance":    func(c *Witness) { c.Accounts[0].Account.Balance++ },
		"pre root":   func(c *Witness) { c.PreRoot[0] ^= 1 },
		"bad key":    func(c *Witness) { c.Accounts[0].Account.PubKey = PubKey{0xff} },
	}
	for name, f := range cases {
		c := clone()
		f(c)
		if _, err := c.PartialTree(g.TreeDepth); err == nil {
			t.Errorf("%s: tampered witness accepted", name)
		}
	}
	pt, err := w.PartialTree(g.TreeDepth)
	if err != nil {
		t.Fatal(err)
	}
	// Leaves 200 and 201 are far from the touched accounts 0..3.
	if _, err := pt.Path(200); !errors.Is(err, ErrMalformed) {
		t.Errorf("path outside the witness: %v", err)
	}
	if err := pt.SetLeaf(200, Field{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("update outside the witness: %v", err)
	}
}

// TestWitnessOfNoOpBatch: a batch whose only operation is a failed forced
// exit changes no account but the fee account (credited, with nothing, at
// every batch end), yet its witness must cover the exit's account too, so
// that the prover can show why it failed; its partial tree has the
// pre-state root, which is also the post-state root.
func TestWitnessOfNoOpBatch(t *testing.T) {
	keys := testKeys(t, 4, 3)
	g := testGenesis(keys, 100)
	m := newTestMachine(t, g)
	stranger := Tx{Kind: KindForcedExit, QueueIndex: 0, From: 1, L1Addr: L1Address{0xee}}
	res := m.Build([]Tx{stranger}, 1, false)
	if res.Batch == nil {
		t.Fatalf("build: %+v", res)
	}
	if r := m.Apply(1, 1, appendCmd(res.Batch)); r.Err != nil {
		t.Fatal(r.Err)
	}
	rec, _ := m.Batch(1)
	if !rec.Receipts[0].Failed {
		t.Fatalf("expected a no-op batch, got %+v", rec.Receipts)
	}
	var covered []uint32
	w := mustWitness(t, m, 1)
	for _, a := range w.Accounts {
		covered = append(covered, a.Index)
	}
	if !slices.Equal(covered, []uint32{g.FeeAccount, 1}) {
		t.Fatalf("witness covers %v, want the fee account and account 1", covered)
	}
	pt, err := w.PartialTree(g.TreeDepth)
	if err != nil {
		t.Fatal(err)
	}
	if rootHash(pt.StateRoot()) != rec.Header.PreRoot || rec.Header.PreRoot != rec.Header.PostRoot {
		t.Fatal("partial tree root is not the pre-state root")
	}
}
